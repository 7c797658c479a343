package io.stadb.query;

import io.stadb.engine.PathIndexFormat;

/** A path's analysis type: {@code Path Type: max} (setup) or {@code min} (hold); NONE when not printed. */
public enum MinMax {
    NONE, MAX, MIN;

    public static MinMax ofCode(int code) {
        return code == PathIndexFormat.MAX ? MAX : code == PathIndexFormat.MIN ? MIN : NONE;
    }

    public int code() {
        return this == MAX ? PathIndexFormat.MAX : this == MIN ? PathIndexFormat.MIN : 0;
    }

    public String label() {
        return this == NONE ? "" : name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.stadb.query;

import io.stadb.engine.PinKind;

/** The timing check a path ends in, from its min/max type and what its endpoint is. */
public enum CheckKind {
    SETUP, HOLD, RECOVERY, REMOVAL, GATING_SETUP, GATING_HOLD, DATA_CHECK, UNKNOWN;

    public static CheckKind of(MinMax mm, PinKind end) {
        if (mm == MinMax.NONE) {
            return UNKNOWN;
        }
        boolean max = mm == MinMax.MAX;
        return switch (end) {
            case FLIP_FLOP, LATCH, OUTPUT_PORT -> max ? SETUP : HOLD;
            case ASYNC_CHECK -> max ? RECOVERY : REMOVAL;
            case CLOCK_GATING -> max ? GATING_SETUP : GATING_HOLD;
            case DATA_CHECK -> DATA_CHECK;
            default -> UNKNOWN;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.stadb.ingest;

import io.stadb.engine.Store;
import java.nio.file.Path;

/** Child JVM of {@link CompactCrashTest}: compacts a store (folding) and says when it starts. */
public final class CompactChild {
    private CompactChild() {
    }

    public static void main(String[] args) {
        try (Store s = Store.open(Path.of(args[0]), true)) {
            System.out.println("STARTED");
            System.out.flush();
            System.out.println(s.compact(false, true));
        }
    }
}

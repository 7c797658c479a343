package io.stadb.ingest;

import io.stadb.engine.Store;
import java.nio.file.Path;

/** Child JVM of {@link RollbackCrashTest}: rolls the head back and forth among the given stages until killed. */
public final class RollbackChild {
    private RollbackChild() {
    }

    public static void main(String[] args) {
        try (Store s = Store.open(Path.of(args[0]), true)) {
            System.out.println("STARTED");
            System.out.flush();
            for (int i = 0; i < 1_000_000; i++) { // bounded, should the test die before killing it
                s.rollback(args[1 + i % (args.length - 1)]);
            }
        }
    }
}

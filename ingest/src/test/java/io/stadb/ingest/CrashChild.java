package io.stadb.ingest;

import io.stadb.engine.Store;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child JVM of {@link IngestCrashTest}: ingests a fixture repeated N times as stage NAME from source
 * "child", says when it is under way (STARTED, once the first copy was read) and when it committed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        byte[] report = ParserFuzzTest.fixture(args[2]);
        int repeats = Integer.parseInt(args[3]);
        try (Store s = Store.open(db, true)) {
            InputStream in = input(report, repeats, () -> {
                System.out.println("STARTED");
                System.out.flush();
            });
            new Ingestor(s, ParserOptions.DEFAULTS).ingest(args[1], in, "child", Map.of(), false);
            System.out.println("COMMITTED");
        }
    }

    /** {@code report} {@code repeats} times, streamed; {@code started} runs once the first copy was read. */
    static InputStream input(byte[] report, int repeats, Runnable started) {
        return new InputStream() {
            int copy;
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == report.length) {
                    if (++copy == repeats) {
                        return -1;
                    }
                    if (copy == 1) {
                        started.run();
                    }
                    pos = 0;
                }
                int n = Math.min(len, report.length - pos);
                System.arraycopy(report, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}

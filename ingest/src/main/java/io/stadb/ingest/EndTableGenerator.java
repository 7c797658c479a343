package io.stadb.ingest;

import io.stadb.codec.ByteBuilder;
import io.stadb.codec.Num;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes a synthetic {@code report_checks -format end} report of any size, streaming: one
 * {@code max_delay/setup group clk} table whose rows ({@code pin (cell)  required  actual  slack (MET)})
 * are sorted by slack in batches, as OpenSTA prints them. A row is a path to the query engine, so this is
 * how tests and benchmarks get 1M-10M paths without gigabytes of path text. Deterministic per seed.
 */
public final class EndTableGenerator {
    private static final int DESCRIPTION = 36;
    private final long paths;
    private final long seed;
    private final int digits;
    private final int batch;
    private final long registers;

    /** A design of {@link #defaultEndpoints}({@code paths}) endpoints. */
    public EndTableGenerator(long paths, long seed, int digits, int batch) {
        this(paths, seed, digits, batch, defaultEndpoints(paths));
    }

    /**
     * Rows pick their endpoint at random among {@code endpoints} registers (about one in fifty of them an
     * output port instead): the design's size, hence the number of distinct names the store meets, which a
     * longer report of the same design does not grow.
     */
    public EndTableGenerator(long paths, long seed, int digits, int batch, long endpoints) {
        if (paths < 0 || digits < 0 || digits > 6 || batch < 1 || endpoints < 1) {
            throw new IllegalArgumentException("bad generator options");
        }
        this.paths = paths;
        this.seed = seed;
        this.digits = digits;
        this.batch = batch;
        this.registers = endpoints;
    }

    /** One endpoint per four rows (at least 16): a design that grows with the report. */
    public static long defaultEndpoints(long paths) {
        return Math.max(16, paths / 4);
    }

    private static void right(ByteBuilder b, String s, int width) {
        b.append((byte) ' ').appendSpaces(Math.max(0, width - s.length())).append(s);
    }

    /** Writes the report to {@code out} (not closed); returns the number of rows written. */
    public long write(OutputStream out) throws IOException {
        if (paths == 0) {
            return 0; // OpenSTA prints no table without rows
        }
        // OpenSTA's columns: the description padded to 36, then per number a space and digits + 5 places.
        int w = digits + 5;
        ByteBuilder b = new ByteBuilder(1 << 16);
        b.append("max_delay/setup group clk\n\n").appendSpaces(DESCRIPTION);
        right(b, "Required", w);
        right(b, "Actual", w);
        b.append("\nEndpoint").appendSpaces(DESCRIPTION - 8);
        right(b, "Delay", w);
        right(b, "Delay", w);
        right(b, "Slack", w);
        b.append("\n").appendRepeated((byte) '-', DESCRIPTION + 3 * (w + 1)).append("\n");
        long scale = (long) Num.pow10(digits);
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] slack = new long[batch];
        long[] required = new long[batch];
        long[] endpoint = new long[batch];
        Integer[] order = new Integer[batch];
        long written = 0;
        while (written < paths) {
            int n = (int) Math.min(batch, paths - written);
            for (int i = 0; i < n; i++) {
                required[i] = 2 * scale - rnd.nextLong(scale / 5 + 1);
                slack[i] = (long) (rnd.nextGaussian() * scale / 2) + scale / 4;
                endpoint[i] = rnd.nextLong(registers);
                order[i] = i;
            }
            Arrays.sort(order, 0, n, (x, y) -> Long.compare(slack[x], slack[y]));
            for (int k = 0; k < n; k++) {
                int i = order[k];
                int start = b.length();
                if (endpoint[i] % 50 == 0) {
                    b.append("out").append(Long.toString(endpoint[i] / 50)).append(" (output)");
                } else {
                    b.append("core/reg").append(Long.toString(endpoint[i])).append("/D (DFFPOSX1)");
                }
                b.appendSpaces(Math.max(0, DESCRIPTION - (b.length() - start)));
                Num.formatRight(required[i], digits, w + 1, b);
                Num.formatRight(required[i] - slack[i], digits, w + 1, b);
                Num.formatRight(slack[i], digits, w + 1, b);
                b.append(slack[i] < 0 ? " (VIOLATED)\n" : " (MET)\n");
                if (b.length() > 1 << 15) {
                    out.write(b.array(), 0, b.length());
                    b.clear();
                }
            }
            written += n;
        }
        b.append("\n");
        out.write(b.array(), 0, b.length());
        return written;
    }
}

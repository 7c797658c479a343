package io.stadb.bench;

import io.stadb.ingest.ParseSummary;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportParser;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Streams N GB of real sta report text (the benchmark report, repeated as it is read) through the parser
 * and prints throughput and the peak heap used, to show memory is bounded by one block, not the input:
 * {@code java <flags> -Xmx64m -cp bench/target/benchmarks.jar io.stadb.bench.StreamHeapCheck 3}
 */
public final class StreamHeapCheck {
    private StreamHeapCheck() {
    }

    public static void main(String[] args) {
        double gb = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        byte[] report = ReportCorpus.report();
        long total = (long) (gb * 1e9);
        InputStream in = new InputStream() {
            long sent;
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= total) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, report.length - pos), total - sent);
                System.arraycopy(report, pos, b, off, n);
                pos = (pos + n) % report.length;
                sent += n;
                return n;
            }
        };
        long[] sink = new long[1];
        long t0 = System.nanoTime();
        ParseSummary s = new ReportParser(ParserOptions.DEFAULTS, blk -> sink[0] += blk.facts().slack()).parse(in, "stream");
        double sec = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "%s%n%.1f GB in %.1f s: %.0f MB/s, %.0f paths/s; max heap %d MB, peak heap used %.1f MB%n",
            s, s.bytes() / 1e9, sec, s.bytes() / 1e6 / sec, s.paths() / sec, Runtime.getRuntime().maxMemory() >> 20,
            peak / 1e6);
    }
}

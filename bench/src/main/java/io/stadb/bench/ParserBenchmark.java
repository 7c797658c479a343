package io.stadb.bench;

import io.stadb.codec.ReportBlock;
import io.stadb.ingest.ParseListener;
import io.stadb.ingest.ParseSummary;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parser throughput on a real OpenSTA report with all fields ({@link ReportCorpus}), repeated in memory
 * to about 64 MB. One operation is one pass over the whole input, single-threaded:
 * <ul>
 *   <li>{@code parse}: a new {@link ReportParser} with the default options parses the input; every block
 *       is consumed in the listener (its derived slack and row count go to a Blackhole);</li>
 *   <li>{@code scanOnly}: the "no parsing" yardstick: the same bytes through the same kind of stream, in
 *       the same 64 KiB chunks (the parser's default chunk size), counting {@code '\n'}.</li>
 * </ul>
 * The primary score is ops/s (whole inputs per second). The auxiliary counters give the rates directly:
 * {@code mb} = MB/s (10^6 bytes), {@code paths} = paths/s, {@code points} = path points (POINT rows)
 * per second, {@code lines} = lines/s. With {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes
 * allocated per op; divide by the points per op printed at setup for bytes per point.
 *
 * <p>JVM flags are not set here: {@code bench/run} passes config/jvm.properties with -jvmArgsAppend.
 * The annotation values are the full run; {@code bench/run --quick} overrides forks and iterations.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 10, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 10, timeUnit = TimeUnit.SECONDS)
@Fork(3)
@Threads(1)
@State(Scope.Thread)
public class ParserBenchmark {

    /** The parser's default read size, also used by {@code scanOnly}. */
    static final int CHUNK = ParserOptions.DEFAULTS.chunkSize();

    byte[] input;
    long pathsPerOp;
    long pointsPerOp;
    long linesPerOp;
    private final Sink sink = new Sink();

    @Setup(Level.Trial)
    public void setup() {
        byte[] report = ReportCorpus.report();
        input = ReportCorpus.repeated(report, ReportCorpus.TARGET_BYTES);
        ReportCorpus.Counts c = ReportCorpus.count(input);
        ParseSummary s = c.summary();
        if (s.paths() == 0 || s.badBlocks() != 0 || s.bytes() != input.length) {
            throw new IllegalStateException("the parser does not read the benchmark input cleanly: " + c.describe());
        }
        pathsPerOp = s.paths();
        pointsPerOp = c.points();
        linesPerOp = s.lines();
        long scanned = scan(input);
        if (scanned != linesPerOp) {
            throw new IllegalStateException("scanOnly counts " + scanned + " lines, the parser " + linesPerOp);
        }
        System.out.printf(Locale.ROOT, "%n[stadb] input: %s x %d copies = %d bytes (%.1f MB); per op: %s%n",
            ReportCorpus.reportFile().getFileName(), input.length / report.length, input.length,
            input.length / 1e6, c.describe());
        System.out.printf(Locale.ROOT, "[stadb] for -prof gc: bytes per point = gc.alloc.rate.norm / %d,"
            + " bytes per path = gc.alloc.rate.norm / %d%n", pointsPerOp, pathsPerOp);
    }

    /** Rates of {@code parse}, normalized like the primary score (per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ParseCounters {
        /** Megabytes (10^6 bytes) parsed. */
        public double mb;
        public long paths;
        public long points;

        @Setup(Level.Iteration)
        public void reset() {
            mb = 0;
            paths = 0;
            points = 0;
        }
    }

    /** Rates of {@code scanOnly}, normalized like the primary score (per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ScanCounters {
        /** Megabytes (10^6 bytes) scanned. */
        public double mb;
        public long lines;

        @Setup(Level.Iteration)
        public void reset() {
            mb = 0;
            lines = 0;
        }
    }

    /** Consumes every block inside the callback (the block is reused by the parser). */
    static final class Sink implements ParseListener {
        Blackhole bh;

        @Override
        public void onBlock(ReportBlock block) {
            bh.consume(block.facts().slack());
            bh.consume(block.rowCount());
        }
    }

    @Benchmark
    public ParseSummary parse(ParseCounters counters, Blackhole bh) {
        sink.bh = bh;
        ParseSummary s = new ReportParser(ParserOptions.DEFAULTS, sink).parse(new ByteArraySource(input), "bench");
        counters.mb += s.bytes() / 1e6;
        counters.paths += s.paths();
        counters.points += pointsPerOp;
        return s;
    }

    @Benchmark
    public long scanOnly(ScanCounters counters) {
        long lines = scan(input);
        counters.mb += input.length / 1e6;
        counters.lines += lines;
        return lines;
    }

    /** Reads {@code data} through a {@link ByteArraySource} in {@link #CHUNK}-byte reads and counts '\n'. */
    static long scan(byte[] data) {
        try (InputStream in = new ByteArraySource(data)) {
            byte[] buf = new byte[CHUNK];
            long lines = 0;
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.stadb.bench;

import io.stadb.engine.Store;
import io.stadb.ingest.EndTableGenerator;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.ParserOptions;
import io.stadb.query.Page;
import io.stadb.query.PathRecord;
import io.stadb.query.StageStats;
import io.stadb.query.StatsOptions;
import io.stadb.query.TimingDb;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Query latencies on a stage of {@code paths} generated paths (one end-table row each, from
 * {@code stadb gen --format end}: the query engine reads only the path index, so a row costs a query
 * what a full path does; the store is built once and cached in bench/target/query-stores/). Warm: the
 * store's files are in the page cache after the first iteration.
 * <ul>
 *   <li>{@code worst100}: the 100 worst paths;</li>
 *   <li>{@code page1000AtDepth0/50/99}: a page of 1000 worst-first, starting 0 %, 50 % and 99 % deep
 *       (cursors made at setup);</li>
 *   <li>{@code stats}: WNS/TNS per group and the 20-bin histograms;</li>
 *   <li>{@code fullWalk}: every path worst first through a stream (paths/s = paths / score).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class QueryBenchmark {
    @Param({"1000000"})
    public long paths;

    TimingDb db;
    String at50;
    String at99;

    /**
     * The store of {@code n} generated paths, built when missing. The cache's name carries the chunk and path
     * index format versions, so a store cached by an older stadb is not reused (it would not open).
     */
    static Path store(long n) throws IOException {
        Path dir = Path.of("bench", "target", "query-stores",
            "end-" + n + "-c" + io.stadb.codec.ChunkFormat.VERSION + "i" + io.stadb.engine.PathIndexFormat.VERSION);
        if (Files.exists(dir.resolve(Store.MARKER))) {
            return dir;
        }
        Path tmp = dir.resolveSibling(dir.getFileName() + ".building");
        io.stadb.engine.FileIo.DEFAULT.deleteTree(tmp);
        Path text = Files.createTempFile("stadb-bench-end", ".txt");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(text), 1 << 16)) {
                new EndTableGenerator(n, 1, 3, 4096).write(out);
            }
            try (Store s = Store.open(tmp, true); InputStream in = new BufferedInputStream(Files.newInputStream(text))) {
                new Ingestor(s, ParserOptions.DEFAULTS).ingest("gen", in, text.toString(), Map.of(), false);
            }
        } finally {
            Files.deleteIfExists(text);
        }
        Files.move(tmp, dir);
        return dir;
    }

    /** The cursor after the first {@code depth} paths worst first. */
    static String cursorAt(TimingDb db, long depth) {
        String c = null;
        long left = depth;
        while (left > 0) {
            int n = (int) Math.min(left, 100_000);
            c = db.query().page(n, c).nextCursor();
            left -= n;
        }
        return c;
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        db = TimingDb.open(store(paths));
        at50 = cursorAt(db, paths / 2);
        at99 = cursorAt(db, paths * 99 / 100);
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    @Benchmark
    public List<PathRecord> worst100() {
        return db.query().worst(100);
    }

    @Benchmark
    public Page page1000AtDepth0() {
        return db.query().page(1000, null);
    }

    @Benchmark
    public Page page1000AtDepth50() {
        return db.query().page(1000, at50);
    }

    @Benchmark
    public Page page1000AtDepth99() {
        return db.query().page(1000, at99);
    }

    @Benchmark
    public StageStats stats() {
        return db.stats(null, StatsOptions.DEFAULTS);
    }

    @Benchmark
    public long fullWalk(Blackhole bh) {
        long n = 0;
        try (var s = db.query().stream()) {
            for (Iterator<PathRecord> it = s.iterator(); it.hasNext(); ) {
                bh.consume(it.next());
                n++;
            }
        }
        return n;
    }
}

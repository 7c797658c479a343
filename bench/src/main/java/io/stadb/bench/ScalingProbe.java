package io.stadb.bench;

import io.stadb.engine.Store;
import io.stadb.ingest.EndTableGenerator;
import io.stadb.ingest.IngestResult;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.ParserOptions;
import io.stadb.query.TimingDb;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * One step of bench/scaling.sh, run as its own JVM so that its peak heap and RSS are its own. Prints one
 * line of {@code key=value} pairs for {@link ScalingChart}:
 * <ul>
 *   <li>{@code gen N SEED FILE [ENDPOINTS]}: an end-format report of N paths ({@link EndTableGenerator}) on a
 *       design of ENDPOINTS endpoints (default: one per four paths);</li>
 *   <li>{@code ingest FILE DIR}: {@code Ingestor} (the CLI's ingest) into a new store: time and the store's
 *       bytes by kind;</li>
 *   <li>{@code query DIR RUNS}: worst-100, a page of 1000 at 50 %, stats, and a full walk worst-first,
 *       each the median (min, max) of RUNS warm runs.</li>
 * </ul>
 */
public final class ScalingProbe {
    private ScalingProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "gen" -> {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[3])), 1 << 16)) {
                    long n = Long.parseLong(args[1]);
                    long endpoints = args.length > 4 ? Long.parseLong(args[4]) : EndTableGenerator.defaultEndpoints(n);
                    new EndTableGenerator(n, Long.parseLong(args[2]), 3, 4096, endpoints).write(out);
                }
            }
            case "ingest" -> ingest(Path.of(args[1]), Path.of(args[2]));
            case "query" -> query(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("gen | ingest | query: " + args[0]);
        }
    }

    private static void ingest(Path text, Path dir) throws Exception {
        try (MemoryWatch mem = new MemoryWatch()) {
            long t0 = System.nanoTime();
            IngestResult r;
            double retained;
            try (Store s = Store.open(dir, true); InputStream in = new BufferedInputStream(Files.newInputStream(text), 1 << 16)) {
                r = new Ingestor(s, ParserOptions.DEFAULTS).ingest("s0", in, text.toString(), Map.of(), false);
                // What the open store keeps once the stage is in (the writer's name dictionary): measured
                // after full collections, unlike "live", which G1's partial collections leave inflated.
                retained = MemoryWatch.retainedMb();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            StoreBytes b = StoreBytes.of(dir);
            System.out.printf(Locale.ROOT, "paths=%d,text_bytes=%d,ingest_s=%.3f,segment_bytes=%d,index_bytes=%d,"
                    + "dictionary_bytes=%d,journal_bytes=%d,store_bytes=%d,%s,ingest_heap_retained_mb=%.1f%n", r.stage().paths(),
                Files.size(text), secs, b.segments(), b.index(), b.dictionary(), b.journal(), b.store(), mem.describe("ingest_"),
                retained);
        }
    }

    private static void query(Path dir, int runs) throws Exception {
        try (MemoryWatch mem = new MemoryWatch(); TimingDb db = TimingDb.open(dir)) {
            long n = db.resolve(null).paths();
            String at50 = QueryBenchmark.cursorAt(db, n / 2);
            Samples worst = Samples.measure(2, runs, () -> db.query().worst(100));
            Samples page = Samples.measure(2, runs, () -> db.query().page(1000, at50));
            Samples stats = Samples.measure(1, runs, () -> db.stats(null));
            Samples walk = Samples.measure(0, Math.max(1, runs / 2), () -> {
                long k = 0;
                try (var s = db.query().stream()) {
                    for (Iterator<?> it = s.iterator(); it.hasNext(); it.next()) {
                        k++;
                    }
                }
                if (k != n) {
                    throw new IllegalStateException("walked " + k + " of " + n);
                }
            });
            StringBuilder sb = new StringBuilder();
            for (var e : Map.of("worst100_ms", worst, "page50_ms", page, "stats_ms", stats, "walk_ms", walk).entrySet()) {
                Samples s = e.getValue();
                sb.append(String.format(Locale.ROOT, "%s=%.3f,%s_min=%.3f,%s_max=%.3f,", e.getKey(), s.median() / 1e6,
                    e.getKey(), s.min() / 1e6, e.getKey(), s.max() / 1e6));
            }
            System.out.println(sb + mem.describe("query_"));
        }
    }
}

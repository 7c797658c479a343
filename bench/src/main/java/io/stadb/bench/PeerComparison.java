package io.stadb.bench;

import io.stadb.codec.ReportBlock;
import io.stadb.engine.FileIo;
import io.stadb.engine.StageWriter;
import io.stadb.engine.Store;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.ParseListener;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportParser;
import io.stadb.query.Page;
import io.stadb.query.PathRecord;
import io.stadb.query.StageDiff;
import io.stadb.query.TimingDb;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * stadb against its peers on the same input files (one stage each, in order), in one process and one run:
 * <ul>
 *   <li>size: the store (segments + path indexes + name dictionary) against the text, {@code gzip -6},
 *       {@code zstd -3}, {@code zstd -19 -T1} and the DuckDB database file after CHECKPOINT;</li>
 *   <li>load: the files are parsed once per consumer and each consumer's own time is summed around its
 *       per-block calls (plus its commit/flush), so the parser is timed once, alone, and charged to
 *       neither; stadb's consumer is the engine's writer ({@code StageWriter.append} per block, then
 *       {@code commit}), DuckDB's the Appender (a row per path and one per point). The real pipelined
 *       {@code Ingestor} (parser and writer on two threads) is timed too, parse included;</li>
 *   <li>queries ({@code --queries}, on the last stage, diff of the first two): worst-100, a page of 1000
 *       at 50 % depth, stats (histograms, WNS/TNS), diff; both sides warm, every figure min/median/max of
 *       {@code --runs} runs, and both sides' answers checked equal before timing.</li>
 * </ul>
 * Prints a markdown table (ratios are stadb / peer: below 1 means stadb is smaller or faster).
 *
 * <p>{@code PeerComparison --label L --work DIR [--runs 5] [--load-runs 3] [--queries] [--zstd19-limit BYTES] FILE...}
 */
public final class PeerComparison {
    private final String label;
    private final Path work;
    private final List<Path> files;
    private final int runs;
    private final int loadRuns;
    private final long zstd19Limit;
    private final PrintStream out = System.out;
    private long textBytes;
    private Path stadbDir;
    private Path duckFile;

    private PeerComparison(String label, Path work, List<Path> files, int runs, int loadRuns, long zstd19Limit) {
        this.label = label;
        this.work = work;
        this.files = files;
        this.runs = runs;
        this.loadRuns = loadRuns;
        this.zstd19Limit = zstd19Limit;
    }

    public static void main(String[] args) throws Exception {
        String label = "input";
        Path work = Path.of("bench", "target", "peers");
        int runs = 5;
        int loadRuns = 3;
        long zstd19Limit = 0;
        boolean queries = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--label" -> label = args[++i];
                case "--work" -> work = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--load-runs" -> loadRuns = Integer.parseInt(args[++i]);
                case "--zstd19-limit" -> zstd19Limit = Long.parseLong(args[++i]);
                case "--queries" -> queries = true;
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty() || queries && files.size() < 2) {
            System.err.println("usage: PeerComparison --label L --work DIR [--runs 5] [--load-runs 3] [--queries] "
                + "[--zstd19-limit BYTES] FILE... (--queries needs two files: the diff's stages)");
            System.exit(2);
        }
        PeerComparison c = new PeerComparison(label, work, files, runs, loadRuns, zstd19Limit);
        c.header();
        c.sizeAndLoad();
        if (queries) {
            c.queries();
        }
    }

    static String stage(int i) {
        return "s" + i;
    }

    private void header() throws Exception {
        for (Path f : files) {
            textBytes += Files.size(f);
        }
        out.printf(Locale.ROOT, "%n### %s: %s (%,d bytes of text, %d stage%s)%n%n", label,
            String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList()), textBytes, files.size(),
            files.size() == 1 ? "" : "s");
        out.println("| figure | stadb | peer | stadb / peer |");
        out.println("|---|---|---|---|");
    }

    private void row(String figure, String stadb, String peer, String ratio) {
        out.printf("| %s | %s | %s | %s |%n", figure, stadb, peer, ratio);
        out.flush();
    }

    private interface BlockSink {
        void accept(ReportBlock b) throws Exception;
    }

    /** Parses file {@code i}; {@code sink} gets every block; returns the nanoseconds spent inside {@code sink}. */
    private long parse(int i, BlockSink sink) throws Exception {
        long[] inSink = new long[1];
        ParseListener l = b -> {
            long t0 = System.nanoTime();
            try {
                sink.accept(b);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            inSink[0] += System.nanoTime() - t0;
        };
        try (InputStream in = new BufferedInputStream(Files.newInputStream(files.get(i)), 1 << 16)) {
            var s = new ReportParser(ParserOptions.DEFAULTS, l).parse(in, files.get(i).toString());
            if (s.badBlocks() != 0) {
                throw new IllegalStateException(files.get(i) + ": " + s.badBlocks() + " bad blocks");
            }
        }
        return inSink[0];
    }

    private void sizeAndLoad() throws Exception {
        // Parser alone: the cost both consumers share, measured once here and charged to neither below.
        long[] parse = new long[loadRuns];
        long[] blocks = new long[1];
        for (int r = 0; r < loadRuns; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < files.size(); i++) {
                parse(i, b -> blocks[0] += b.facts().pathCount());
            }
            parse[r] = System.nanoTime() - t0;
        }
        long paths = blocks[0] / loadRuns;
        Samples parseS = Samples.of(parse);

        long[] write = new long[loadRuns];
        StoreBytes stored = null;
        for (int r = 0; r < loadRuns; r++) {
            stadbDir = fresh("stadb");
            try (Store store = Store.open(stadbDir, true)) {
                for (int i = 0; i < files.size(); i++) {
                    StageWriter w = store.beginStage(stage(i), files.get(i).toString(), Map.of(), false);
                    write[r] += parse(i, w::append);
                    long t0 = System.nanoTime();
                    w.commit(Files.size(files.get(i)), 0);
                    write[r] += System.nanoTime() - t0;
                }
            }
            stored = StoreBytes.of(stadbDir);
        }
        Samples writeS = Samples.of(write);

        long[] pipeline = new long[loadRuns];
        for (int r = 0; r < loadRuns; r++) {
            Path dir = fresh("stadb-pipeline");
            try (Store store = Store.open(dir, true)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < files.size(); i++) {
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(files.get(i)), 1 << 16)) {
                        new Ingestor(store, ParserOptions.DEFAULTS).ingest(stage(i), in, files.get(i).toString(), Map.of(), false);
                    }
                }
                pipeline[r] = System.nanoTime() - t0;
            }
            FileIo.DEFAULT.deleteTree(dir);
        }
        Samples pipelineS = Samples.of(pipeline);

        long[] load = new long[loadRuns];
        long duckBytes = 0;
        for (int r = 0; r < loadRuns; r++) {
            Path d = fresh("duckdb");
            duckFile = d.resolve("peer.duckdb");
            try (DuckDbPeer db = new DuckDbPeer(duckFile)) {
                for (int i = 0; i < files.size(); i++) {
                    DuckDbPeer.Loader loader = db.loader(stage(i));
                    load[r] += parse(i, loader::add);
                    long t0 = System.nanoTime();
                    loader.finish();
                    load[r] += System.nanoTime() - t0;
                }
                long t0 = System.nanoTime();
                duckBytes = db.bytes(); // the CHECKPOINT that makes the load durable is part of it
                load[r] += System.nanoTime() - t0;
            }
        }
        Samples loadS = Samples.of(load);

        List<Compressors.Result> peers = new ArrayList<>();
        peers.add(compress("gzip -6", List.of("gzip", "-6", "-c"), 0));
        peers.add(compress("zstd -3", List.of("zstd", "-q", "-3", "-T1", "-c"), 0));
        peers.add(compress("zstd -19 -T1", List.of("zstd", "-q", "-19", "-T1", "-c"), zstd19Limit));

        row("paths", String.format(Locale.ROOT, "%,d", paths), "", "");
        row("store bytes (segments + index + dictionary)", String.format(Locale.ROOT, "%,d (%,d + %,d + %,d); journal %,d more until `compact`",
            stored.store(), stored.segments(), stored.index(), stored.dictionary(), stored.journal()), "text " + String.format(Locale.ROOT, "%,d", textBytes),
            String.format(Locale.ROOT, "%.4f×", stored.store() / (double) textBytes));
        row("segments + dictionary only (what `stadb report` needs; the index serves queries)",
            String.format(Locale.ROOT, "%,d", stored.segments() + stored.dictionary()), "", "");
        for (Compressors.Result c : peers) {
            row("segments + dictionary vs " + c.name(), String.format(Locale.ROOT, "%,d", stored.segments() + stored.dictionary()),
                String.format(Locale.ROOT, "%,d", c.bytes()),
                String.format(Locale.ROOT, "%.2f×", (stored.segments() + stored.dictionary()) / (double) c.bytes()));
        }
        for (Compressors.Result c : peers) {
            row("store bytes vs " + c.name(), String.format(Locale.ROOT, "%,d", stored.store()), String.format(Locale.ROOT, "%,d%s", c.bytes(),
                c.sampled() > 0 ? String.format(Locale.ROOT, " (scaled from a %,d-byte prefix per file)", c.sampled()) : ""),
                String.format(Locale.ROOT, "**%.2f×**", stored.store() / (double) c.bytes()));
        }
        row("store bytes vs DuckDB file (after CHECKPOINT)", String.format(Locale.ROOT, "%,d", stored.store()),
            String.format(Locale.ROOT, "%,d", duckBytes), String.format(Locale.ROOT, "**%.2f×**", stored.store() / (double) duckBytes));
        row("parse alone (both sides' shared cost, not in the rows below)", parseS.describe() + " = " + mbps(parseS.median()) + " MB/s", "", "");
        row("load: stadb writer vs DuckDB Appender + CHECKPOINT (parse excluded)", writeS.describe(), loadS.describe(),
            "**" + Samples.ratio(writeS, loadS) + "**");
        Samples stadbIngest = Samples.of(sum(parse, write));
        Samples duckIngest = Samples.of(sum(parse, load));
        row("load incl. parse (one thread), MB/s of text", mbps(stadbIngest.median()) + " (" + stadbIngest.describe() + ")",
            mbps(duckIngest.median()) + " (" + duckIngest.describe() + ")", Samples.ratio(stadbIngest, duckIngest) + " time");
        row("stadb Ingestor (parser + writer threads), MB/s of text", mbps(pipelineS.median()) + " (" + pipelineS.describe() + ")", "", "");
        for (Compressors.Result c : peers) {
            row("ingest speed ÷ " + c.name() + " speed", mbps(pipelineS.median()) + " MB/s (Ingestor)",
                mbps(c.nanos().median()) + " MB/s (" + c.nanos().describe() + ")",
                String.format(Locale.ROOT, "**%.2f×** (%.2f–%.2f)", c.nanos().median() / (double) pipelineS.median(),
                    c.nanos().min() / (double) pipelineS.max(), c.nanos().max() / (double) pipelineS.min()));
        }
    }

    private static long[] sum(long[] a, long[] b) {
        long[] s = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private String mbps(long nanos) {
        return String.format(Locale.ROOT, "%.1f", textBytes / 1e6 / (nanos / 1e9));
    }

    /** The compressor over every file, one after the other (as stadb stores them), sizes and times summed. */
    private Compressors.Result compress(String name, List<String> command, long limit) throws Exception {
        int n = limit > 0 ? 1 : loadRuns; // the slow level runs once
        long bytes = 0;
        long sampled = 0;
        long[] t = new long[n];
        for (Path f : files) {
            Compressors.Result r = Compressors.run(name, command, f, n, limit);
            bytes += r.bytes();
            sampled = Math.max(sampled, r.sampled());
            for (int i = 0; i < n; i++) {
                t[i] += r.nanos().nanos()[i];
            }
        }
        return new Compressors.Result(name, bytes, Samples.of(t), sampled);
    }

    private Path fresh(String name) throws Exception {
        Path d = work.resolve(label).resolve(name);
        FileIo.DEFAULT.deleteTree(d);
        return Files.createDirectories(d);
    }

    private void queries() throws Exception {
        String last = stage(files.size() - 1);
        try (TimingDb db = TimingDb.open(stadbDir); DuckDbPeer duck = new DuckDbPeer(duckFile)) {
            long n = db.resolve(last).paths();
            long depth = n / 2;
            String cursor = QueryBenchmark.cursorAt(db, depth);
            double[] keyset = duck.keysetAt(last, depth - 1);

            // Same answers first: the ordinals of worst-100 and of the deep page, the diff's counts.
            List<Long> w = db.query().worst(100).stream().map(PathRecord::ordinal).toList();
            check("worst-100", w, duck.worst(last, 100));
            List<Long> p = db.query().page(1000, cursor).paths().stream().map(PathRecord::ordinal).toList();
            check("page at 50 %", p, duck.pageAfter(last, keyset[0], (long) keyset[1], 1000));
            check("page at 50 % by OFFSET", p, duck.pageAtOffset(last, depth, 1000));
            StageDiff d = db.diff(stage(0), stage(1), 20);
            check("diff counts", List.of(d.matched(), d.added(), d.removed()),
                java.util.Arrays.stream(duck.diff(stage(0), stage(1), 20)).boxed().toList());

            row("queries on stage " + last + " (" + String.format(Locale.ROOT, "%,d", n) + " paths), warm, "
                + runs + " runs", "ms", "ms", "");
            Samples sw = Samples.measure(2, runs, () -> db.query().worst(100));
            Samples dw = Samples.measure(2, runs, () -> duck.worst(last, 100));
            Samples sp = Samples.measure(2, runs, () -> db.query().page(1000, cursor));
            Samples dpk = Samples.measure(2, runs, () -> duck.pageAfter(last, keyset[0], (long) keyset[1], 1000));
            Samples dpo = Samples.measure(2, runs, () -> duck.pageAtOffset(last, depth, 1000));
            Samples ss = Samples.measure(1, runs, () -> db.stats(last));
            Samples ds = Samples.measure(1, runs, () -> duck.stats(last));
            Samples sd = Samples.measure(1, runs, () -> db.diff(stage(0), stage(1), 20));
            Samples dd = Samples.measure(1, runs, () -> duck.diff(stage(0), stage(1), 20));
            // DuckDB's best fair shot at the ordered queries: an ART index on the sort key, if it helps.
            long t0 = System.nanoTime();
            duck.execute("CREATE INDEX paths_slack ON paths(stage, slack, ordinal)");
            long indexNanos = System.nanoTime() - t0;
            Samples dwi = Samples.measure(2, runs, () -> duck.worst(last, 100));
            Samples dpi = Samples.measure(2, runs, () -> duck.pageAfter(last, keyset[0], (long) keyset[1], 1000));
            duck.execute("DROP INDEX paths_slack");

            Samples bestW = best(dw, dwi);
            Samples bestP = best(best(dpk, dpo), dpi);
            row("worst-100 (`ORDER BY slack, ordinal LIMIT 100`)", sw.describe(), bestW.describe()
                + String.format(Locale.ROOT, " [no index %s; with index %s]", dw.describe(), dwi.describe()), "**" + Samples.ratio(sw, bestW) + "**");
            row("page of 1000 at 50 % (keyset / OFFSET / keyset + index)", sp.describe(), bestP.describe()
                + String.format(Locale.ROOT, " [keyset %s; OFFSET %s; keyset + index %s]", dpk.describe(), dpo.describe(), dpi.describe()),
                "**" + Samples.ratio(sp, bestP) + "**");
            row("stats: WNS/TNS per group + 2 histograms (4 SQL statements)", ss.describe(), ds.describe(), "**" + Samples.ratio(ss, ds) + "**");
            row("diff " + stage(0) + " → " + stage(1) + " (row_number() join; stadb also computes both stages' stats)",
                sd.describe(), dd.describe(), "**" + Samples.ratio(sd, dd) + "**");
            row(String.format(Locale.ROOT, "(DuckDB index build on (stage, slack, ordinal): %.0f ms, not in any figure)", indexNanos / 1e6), "", "", "");
        }
    }

    private static Samples best(Samples a, Samples b) {
        return a.median() <= b.median() ? a : b;
    }

    private static void check(String what, List<Long> stadb, List<Long> duck) {
        if (!stadb.equals(duck)) {
            throw new IllegalStateException(what + " differs: stadb " + head(stadb) + ", DuckDB " + head(duck));
        }
    }

    private static String head(List<Long> l) {
        return l.size() + " rows " + l.subList(0, Math.min(5, l.size()));
    }
}

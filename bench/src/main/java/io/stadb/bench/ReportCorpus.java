package io.stadb.bench;

import io.stadb.codec.RowKind;
import io.stadb.ingest.ParseListener;
import io.stadb.ingest.ParseSummary;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportParser;
import io.stadb.ingest.StaInstallation;
import io.stadb.ingest.StaRunner;
import io.stadb.ingest.SyntheticDesign;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark input: one real OpenSTA {@code report_checks} report "with all fields" (slew, cap,
 * input pins, nets with fanout; 3 digits), produced once by running sta on a {@link SyntheticDesign}
 * and cached under {@code bench/target/corpus/}, then repeated in memory to about {@link #TARGET_BYTES}.
 *
 * <p>The cache file name carries a hash of the design and command, so changing either regenerates it.
 * The repo root comes from {@code STADB_REPO_ROOT} (set by {@code bench/run}), else the first parent of
 * the working directory holding {@code config/jvm.properties}; {@code -Dstadb.bench.corpusDir} overrides
 * the cache directory.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.stadb.bench.ReportCorpus} makes sure the cache exists
 * and prints its path and parse counts (used by {@code bench/run} and {@code bench/peers.sh}).
 */
public final class ReportCorpus {

    /** About 64 MB; the in-memory input is the whole number of copies of the report nearest to this. */
    public static final long TARGET_BYTES = 64L << 20;

    public static final int FLIP_FLOPS = 400;
    public static final int LOGIC_DEPTH = 12;
    public static final long SEED = 1;
    public static final double CLOCK_PERIOD = 2.0;
    public static final String COMMAND =
        "report_checks -path_delay max -group_count 5000 -endpoint_count 10 -fields {slew cap input_pin net} -digits 3";

    private static final Duration STA_TIMEOUT = Duration.ofMinutes(10);

    private ReportCorpus() {
    }

    public static SyntheticDesign design() {
        return SyntheticDesign.builder().seed(SEED).flipFlops(FLIP_FLOPS).logicDepth(LOGIC_DEPTH)
            .clockPeriod(CLOCK_PERIOD).build();
    }

    /** The cached report file, generated with sta first if it is missing. */
    public static Path reportFile() {
        Path dir = corpusDir();
        String key = String.format(Locale.ROOT, "report-ff%d-d%d-s%d-%08x.txt", FLIP_FLOPS, LOGIC_DEPTH, SEED,
            (design().describe() + '\n' + COMMAND).hashCode());
        Path file = dir.resolve(key);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            generate(dir, file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not generate the benchmark report " + file, e);
        }
        return file;
    }

    /** The real report text, as sta printed it. */
    public static byte[] report() {
        try {
            return Files.readAllBytes(reportFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code report} repeated: the whole number of copies (at least one) whose length is nearest {@code targetBytes}. */
    public static byte[] repeated(byte[] report, long targetBytes) {
        if (report.length == 0 || report[report.length - 1] != '\n') {
            throw new IllegalStateException("the report must be non-empty and end with a newline");
        }
        long copies = Math.max(1, Math.round((double) targetBytes / report.length));
        long total = copies * report.length;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("input too large: " + total);
        }
        byte[] out = new byte[(int) total];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(report, 0, out, i * report.length, report.length);
        }
        return out;
    }

    /** Counts of one parse of {@code input} with the default options; POINT rows counted too. */
    public static Counts count(byte[] input) {
        long[] points = new long[1];
        ParseListener l = block -> {
            for (int r = 0, n = block.rowCount(); r < n; r++) {
                if (block.rowKind(r) == RowKind.POINT) {
                    points[0]++;
                }
            }
        };
        ParseSummary s = new ReportParser(ParserOptions.DEFAULTS, l).parse(new ByteArraySource(input), "corpus");
        return new Counts(s, points[0]);
    }

    public record Counts(ParseSummary summary, long points) {
        public String describe() {
            ParseSummary s = summary;
            return String.format(Locale.ROOT,
                "bytes=%d lines=%d blocks=%d paths=%d rows=%d points=%d verbatimRows=%d skippedLines=%d badBlocks=%d",
                s.bytes(), s.lines(), s.blocks(), s.paths(), s.rows(), points, s.verbatimRows(), s.skippedLines(),
                s.badBlocks());
        }
    }

    static Path corpusDir() {
        String override = System.getProperty("stadb.bench.corpusDir");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        return repoRoot().resolve("bench").resolve("target").resolve("corpus");
    }

    static Path repoRoot() {
        String env = System.getenv("STADB_REPO_ROOT");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config").resolve("jvm.properties"))
                && Files.isDirectory(p.resolve("bench"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the stadb repo root from " + Path.of("").toAbsolutePath()
            + ": run from inside the repo (bench/run does) or set STADB_REPO_ROOT");
    }

    private static void generate(Path dir, Path file) throws IOException {
        Optional<StaInstallation> found = StaInstallation.find();
        if (found.isEmpty() || !found.get().isComplete()) {
            throw new IllegalStateException("The parser benchmark needs OpenSTA and the OSU 0.18 um liberty "
                + "to produce its input report"
                + (found.map(s -> " (found " + s + ", missing " + s.missing() + ")").orElse(" (no runnable sta: checked " + StaInstallation.STA_ENV + ", else PATH)"))
                + ". Install them with: apt-get install opensta qflow-tech-osu018"
                + " (or set " + StaInstallation.STA_ENV + " / " + StaInstallation.LIBERTY_DIR_ENV + ").");
        }
        StaInstallation sta = found.get();
        Path work = dir.resolve("sta-work");
        System.err.printf(Locale.ROOT, "ReportCorpus: running %s on %d flops, logic depth %d: %s%n",
            sta, FLIP_FLOPS, LOGIC_DEPTH, COMMAND);
        long t0 = System.nanoTime();
        byte[] out = new StaRunner(sta, STA_TIMEOUT).run(work, design(), COMMAND);
        if (out.length == 0 || out[out.length - 1] != '\n') {
            throw new IllegalStateException("sta printed no report (or no final newline); see " + work);
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "report", ".tmp");
        Files.write(tmp, out);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(dir.resolve(file.getFileName() + ".cmd"),
            "sta " + sta.version() + "\n" + design().describe() + "\n" + COMMAND + "\n", StandardCharsets.UTF_8);
        System.err.printf(Locale.ROOT, "ReportCorpus: %d bytes in %.1f s -> %s%n", out.length,
            (System.nanoTime() - t0) / 1e9, file);
    }

    /** Makes sure the cached report exists; prints its path on stdout and its parse counts on stderr. */
    public static void main(String[] args) {
        Path file = reportFile();
        byte[] report = report();
        Counts c = count(report);
        System.err.println("ReportCorpus: " + file + ": " + c.describe());
        System.out.println(file);
    }
}

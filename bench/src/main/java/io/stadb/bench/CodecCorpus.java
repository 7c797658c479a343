package io.stadb.bench;

import io.stadb.ingest.StaInstallation;
import io.stadb.ingest.StaRunner;
import io.stadb.ingest.SyntheticDesign;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The codec benchmark's inputs: real OpenSTA reports of at least 25 K paths in three shapes (one corner
 * with all fields; two corners with min and max paths; default fields), plus a second stage of the first
 * (a tighter clock) for delta encoding. Generated once with sta and cached under bench/target/corpus/.
 */
public final class CodecCorpus {
    private CodecCorpus() {
    }

    /** One report: a name, the design, and the report_checks commands. */
    public record Report(String name, SyntheticDesign design, String commands) {
        public Path file() {
            String key = String.format(Locale.ROOT, "codec-%s-%08x.txt", name, (design.describe() + commands).hashCode());
            return ReportCorpus.corpusDir().resolve(key);
        }
    }

    static final int FLOPS = 900;

    static SyntheticDesign design(double period, boolean twoCorners) {
        return SyntheticDesign.builder().seed(7).flipFlops(FLOPS).logicDepth(12).clockPeriod(period)
            .twoCorners(twoCorners).build();
    }

    public static final Report ALL_FIELDS = new Report("allfields", design(2.0, false),
        "report_checks -path_delay max -group_count 40000 -endpoint_count 36 -fields {slew cap input_pin net} -digits 3\n");
    public static final Report MCMM = new Report("mcmm-minmax", design(2.0, true),
        "report_checks -path_delay min_max -corner fast -group_count 8000 -endpoint_count 8 -fields {slew cap input_pin net}\n"
            + "report_checks -path_delay min_max -corner slow -group_count 8000 -endpoint_count 8 -fields {slew cap input_pin net}\n");
    public static final Report DEFAULT_FIELDS = new Report("default", design(2.0, false),
        "report_checks -path_delay max -group_count 40000 -endpoint_count 36\n");
    /** The all-fields report of a re-run with a tighter clock: the delta-encoding case. */
    public static final Report ALL_FIELDS_RERUN = new Report("allfields-rerun", design(1.9, false),
        ALL_FIELDS.commands());

    /** Prints the files of the two-stage real pair (allfields, then its re-run), running sta when missing. */
    public static void main(String[] args) {
        System.out.println(file(ALL_FIELDS));
        System.out.println(file(ALL_FIELDS_RERUN));
    }

    public static List<Report> all() {
        return List.of(ALL_FIELDS, MCMM, DEFAULT_FIELDS);
    }

    /** The report's file, running sta first when it is not cached. */
    public static Path file(Report r) {
        Path f = r.file();
        if (Files.isRegularFile(f)) {
            return f;
        }
        StaInstallation sta = StaInstallation.find().filter(StaInstallation::isComplete).orElseThrow(() ->
            new IllegalStateException("the codec benchmark needs OpenSTA: apt-get install opensta qflow-tech-osu018 qflow-tech-osu035"));
        try {
            Path work = Files.createDirectories(f.getParent().resolve("work-" + r.name()));
            byte[] out = new StaRunner(sta, Duration.ofMinutes(20)).run(work, r.design(), r.commands());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, out);
            Files.move(tmp, f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

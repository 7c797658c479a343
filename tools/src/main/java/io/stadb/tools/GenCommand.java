package io.stadb.tools;

import io.stadb.ingest.ReportGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gen", mixinStandardHelpOptions = true,
    description = {"Write a synthetic report_checks report (OpenSTA full format) of any size to stdout, streaming:",
        "a fixed generated netlist, several paths per endpoint, sorted by slack in batches. Deterministic per seed."})
final class GenCommand implements Callable<Integer> {
    @Option(names = "--paths", required = true, description = "Number of paths.")
    long paths;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--corners", defaultValue = "1", description = "Corners (Corner: lines when more than one).")
    int corners;

    @Option(names = "--fields", defaultValue = "all", paramLabel = "all|default",
        description = "all: fanout, cap, slew and net lines; default: Delay and Time only (default: ${DEFAULT-VALUE}).")
    String fields;

    @Option(names = "--digits", defaultValue = "3", description = "Digits after the point (default: ${DEFAULT-VALUE}).")
    int digits;

    @Option(names = "--format", defaultValue = "full", paramLabel = "full|end",
        description = "full: paths with every point; end: one end-table row per path (1M paths in ~70 MB). "
            + "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--endpoints", paramLabel = "N",
        description = "With --format end: the design's endpoints, rows pick theirs among them "
            + "(default: one per four rows, a design that grows with the report).")
    Long endpoints;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where the text goes; tests replace it. */
    static OutputStream out = System.out;

    @Override
    public Integer call() throws IOException {
        if (endpoints != null && (endpoints < 1 || !format.equals("end"))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--endpoints takes a positive count, with --format end");
        }
        BufferedOutputStream o = new BufferedOutputStream(out, 1 << 16);
        switch (format) {
            case "full" -> new ReportGenerator(new ReportGenerator.Options(paths, seed, corners,
                !fields.equals("default"), digits, 4096)).write(o);
            case "end" -> new io.stadb.ingest.EndTableGenerator(paths, seed, digits, 4096,
                endpoints != null ? endpoints : io.stadb.ingest.EndTableGenerator.defaultEndpoints(paths)).write(o);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--format must be full or end: " + format);
        }
        o.flush();
        return StadbCli.OK;
    }
}

package io.stadb.tools;

import io.stadb.query.GroupStats;
import io.stadb.query.Histogram;
import io.stadb.query.StageStats;
import io.stadb.query.StatsOptions;
import io.stadb.query.TimingDb;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true,
    description = {"Paths, endpoints, WNS, TNS and violating endpoints of a stage, per min/max and per",
        "(group, corner, mode, min/max), with a slack histogram stacked by group."})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--stage", paramLabel = "NAME", description = "Stage (default: the head).")
    String stage;

    @Option(names = "--bins", defaultValue = "20", description = "Histogram bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--bin-width", defaultValue = "0", paramLabel = "W",
        description = "Histogram bin width in the report's unit (overrides --bins).")
    double binWidth;

    @Mixin
    TableOrJson output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (TimingDb db = TimingDb.open(store.db)) {
            StageStats s = db.stats(stage, new StatsOptions(bins, binWidth));
            if (output.json()) {
                out.println(Json.stats(s));
            } else {
                table(s, out);
            }
        }
        out.flush();
        return StadbCli.OK;
    }

    private static void table(StageStats s, PrintWriter out) {
        out.printf("stage %s: %d paths%n", s.stage(), s.paths());
        String h = "%-5s %-14s %-10s %-8s %10s %10s %12s %12s %10s%n";
        out.printf(h, "type", "group", "corner", "mode", "paths", "endpoints", "WNS", "TNS", "violating");
        for (GroupStats g : s.totals()) {
            row(out, h, g, "(all)");
        }
        for (GroupStats g : s.groups()) {
            row(out, h, g, g.group());
        }
        out.println();
        histogram(out, "slack histogram (paths)", s.slack());
        histogram(out, "endpoint worst-slack histogram (endpoints)", s.endpointSlack());
    }

    private static void row(PrintWriter out, String h, GroupStats g, String group) {
        out.printf(h, g.type().label(), nz(group), nz(g.corner()), nz(g.mode()), g.paths(), g.endpoints(),
            PathOutput.num(g.wns()), PathOutput.num(g.tns()), g.violatingEndpoints());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void histogram(PrintWriter out, String title, Histogram hg) {
        out.println(title + (hg.unbinned() > 0 ? " (" + hg.unbinned() + " without a slack)" : "") + ":");
        long max = 1;
        for (long c : hg.counts()) {
            max = Math.max(max, c);
        }
        for (int i = 0; i < hg.counts().length; i++) {
            double lo = hg.lower() + i * hg.width();
            int bar = (int) Math.round(40.0 * hg.counts()[i] / max);
            out.printf("  [%12s, %12s) %10d %s%n", PathOutput.num(round(lo)), PathOutput.num(round(lo + hg.width())),
                hg.counts()[i], "#".repeat(bar));
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}

package io.stadb.tools;

import io.stadb.query.GroupStats;
import io.stadb.query.MinMax;
import io.stadb.query.PathDelta;
import io.stadb.query.StageDiff;
import io.stadb.query.TimingDb;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Compare two stages path by path (matched on startpoint, endpoint, group, corner, mode, min/max",
        "and rank): counts, WNS/TNS of both, the worst regressions and the worst added and removed paths."})
final class DiffCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--from", required = true, paramLabel = "STAGE", description = "The earlier stage.")
    String from;

    @Option(names = "--to", paramLabel = "STAGE", description = "The later stage (default: the head).")
    String to;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N", description = "Paths listed (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    TableOrJson output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (TimingDb db = TimingDb.open(store.db)) {
            StageDiff d = db.diff(from, to, top);
            if (output.json()) {
                out.println(Json.diff(d));
            } else {
                table(d, out);
            }
        }
        out.flush();
        return StadbCli.OK;
    }

    private static void table(StageDiff d, PrintWriter out) {
        out.printf("%s -> %s: %d matched (%d regressed, %d improved, %d unchanged), %d added, %d removed%n", d.from(),
            d.to(), d.matched(), d.regressed(), d.improved(), d.unchanged(), d.added(), d.removed());
        for (MinMax mm : MinMax.values()) {
            GroupStats a = d.fromStats().total(mm);
            GroupStats b = d.toStats().total(mm);
            if (a != null || b != null) {
                out.printf("  %-4s WNS %s -> %s   TNS %s -> %s   violating endpoints %s -> %s%n", mm.label(),
                    a == null ? "-" : PathOutput.num(a.wns()), b == null ? "-" : PathOutput.num(b.wns()),
                    a == null ? "-" : PathOutput.num(a.tns()), b == null ? "-" : PathOutput.num(b.tns()),
                    a == null ? "-" : a.violatingEndpoints(), b == null ? "-" : b.violatingEndpoints());
            }
        }
        list(out, "worst regressions", d.worstRegressions());
        list(out, "worst added paths", d.worstAdded());
        list(out, "worst removed paths", d.worstRemoved());
    }

    private static void list(PrintWriter out, String title, List<PathDelta> l) {
        if (l.isEmpty()) {
            return;
        }
        out.println(title + ":");
        out.printf("  %10s %10s %10s %-4s %-12s %-32s %s%n", "from", "to", "delta", "type", "group", "startpoint", "endpoint");
        for (PathDelta p : l) {
            out.printf("  %10s %10s %10s %-4s %-12s %-32s %s%s%n", PathOutput.num(p.fromSlack()),
                PathOutput.num(p.toSlack()), PathOutput.num(Json.roundDelta(p.delta())), p.type().label(),
                p.group(), p.startpoint(), p.endpoint(), p.rank() > 0 ? " #" + (p.rank() + 1) : "");
        }
    }

}

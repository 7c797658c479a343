package io.stadb.tools;

import io.stadb.query.TimingDb;
import io.stadb.query.Trend;
import io.stadb.query.TrendPoint;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "trend", mixinStandardHelpOptions = true,
    description = "WNS, TNS and violating endpoints per stage (the ones named, or all in creation order).")
final class TrendCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(paramLabel = "STAGE", arity = "0..*", description = "Stages, in the order to show (default: all).")
    List<String> stages = new ArrayList<>();

    @Mixin
    TableOrJson output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (TimingDb db = TimingDb.open(store.db)) {
            Trend t = db.trend(stages);
            if (output.json()) {
                out.println(Json.trend(t));
            } else {
                out.printf("%-20s %-4s %10s %10s %12s %12s %10s%n", "stage", "type", "paths", "endpoints", "WNS", "TNS",
                    "violating");
                for (TrendPoint p : t.points()) {
                    out.printf("%-20s %-4s %10d %10d %12s %12s %10d%n", p.stage(), p.type().label(), p.paths(),
                        p.endpoints(), PathOutput.num(p.wns()), PathOutput.num(p.tns()), p.violatingEndpoints());
                }
            }
        }
        out.flush();
        return StadbCli.OK;
    }
}

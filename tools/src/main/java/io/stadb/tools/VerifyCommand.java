package io.stadb.tools;

import io.stadb.engine.Store;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check every CRC and the catalog, segments, journals and name dictionary against one another.",
        "Exit 0 when healthy, 1 with the list of problems (file and offset) otherwise.",
        "Segments and journals are never repaired: they are the data; path indexes are derived and can be."})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @picocli.CommandLine.Option(names = "--repair",
        description = "Open as the writer and rebuild derived files (path indexes) that are missing or damaged first.")
    boolean repair;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = Store.open(store.db, repair)) {
            if (repair) {
                for (String f : s.repairPathIndexes()) {
                    out.println("rebuilt " + f);
                }
            }
            List<String> problems = s.verify();
            if (problems.isEmpty()) {
                out.printf("store %s is healthy: %d stages%n", store.db, s.stages().size());
                return StadbCli.OK;
            }
            for (String p : problems) {
                out.println(p);
            }
            out.printf("%d problems%n", problems.size());
            return StadbCli.ERROR;
        }
    }
}

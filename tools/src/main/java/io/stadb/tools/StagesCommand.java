package io.stadb.tools;

import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stages", mixinStandardHelpOptions = true, description = "List the stages of a store.")
final class StagesCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Mixin
    TableOrJson output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = Store.open(store.db, false)) {
            List<StageInfo> stages = s.stages();
            String head = s.head().map(StageInfo::name).orElse(null);
            if (output.json()) {
                out.println(Json.stages(stages, head));
            } else {
                out.printf("%-4s %-20s %-10s %10s %8s %12s %12s  %s%n", "id", "name", "state", "paths", "blocks",
                    "text bytes", "stored", "created");
                for (StageInfo st : stages) {
                    out.printf("%-4d %-20s %-10s %10d %8d %12d %12d  %s%s%n", st.id(), st.name(),
                        st.state().name().toLowerCase(), st.paths(), st.blocks(), st.sourceBytes(), st.storedBytes(),
                        Instant.ofEpochMilli(st.createdMillis()), st.name().equals(head) ? "  (head)" : "");
                }
            }
        }
        out.flush();
        return StadbCli.OK;
    }
}

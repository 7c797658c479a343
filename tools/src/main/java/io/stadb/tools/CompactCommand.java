package io.stadb.tools;

import io.stadb.engine.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Remove rolled-back stages (unless --keep) and interrupted ingests (which can then no longer be",
        "resumed), rewrite delta stages as full ones when --fold (or when their base is removed), and delete the",
        "journals of committed stages. Crash-safe: new files first, then one atomic catalog switch."})
final class CompactCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--keep", description = "Keep rolled-back stages.")
    boolean keep;

    @Option(names = "--fold", description = "Rewrite every delta stage as a full one (stages become independent).")
    boolean fold;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Store s = Store.open(store.db, true)) {
            spec.commandLine().getOut().println(s.compact(keep, fold));
        }
        return StadbCli.OK;
    }
}

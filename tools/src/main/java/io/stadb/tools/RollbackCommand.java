package io.stadb.tools;

import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = {"Move the head back to a stage. Later stages are marked rolled back but stay readable;",
        "rolling back to one of them again makes it and the stages before it current."})
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--to", required = true, paramLabel = "NAME", description = "The stage to make the head.")
    String to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Store s = Store.open(store.db, true)) {
            StageInfo head = s.rollback(to);
            spec.commandLine().getOut().printf("head is now %s (stage %d)%n", head.name(), head.id());
        }
        return StadbCli.OK;
    }
}

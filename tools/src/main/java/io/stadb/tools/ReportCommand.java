package io.stadb.tools;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.StadbException;
import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Re-render a stage as OpenSTA text: every stored block in input order, byte for byte",
        "as it was ingested (text that was not part of a report is not stored)."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--stage", paramLabel = "NAME", description = "Stage (default: the head).")
    String stage;

    /** Where the text goes; tests replace it. */
    static OutputStream out = System.out;

    @Override
    public Integer call() throws IOException {
        try (Store s = Store.open(store.db, false)) {
            StageInfo info = stage == null
                ? s.head().orElseThrow(() -> new StadbException("store has no stages"))
                : s.stage(stage).orElseThrow(() -> new StadbException("no stage named '" + stage + "'"));
            BufferedOutputStream o = new BufferedOutputStream(out, 1 << 16);
            BlockRenderer renderer = new BlockRenderer();
            s.forEachBlock(info, b -> {
                try {
                    renderer.render(b, o);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            o.flush();
        }
        return StadbCli.OK;
    }
}

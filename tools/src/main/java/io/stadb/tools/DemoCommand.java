package io.stadb.tools;

import io.stadb.engine.FileIo;
import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import io.stadb.ingest.IngestResult;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.StaInstallation;
import io.stadb.ingest.StaRunner;
import io.stadb.ingest.SyntheticDesign;
import io.stadb.query.MinMax;
import io.stadb.query.PathRecord;
import io.stadb.query.TimingDb;
import io.stadb.query.TrendPoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generate a netlist, run the real OpenSTA 'sta' for two stages (two clock periods),",
        "ingest both into the store and print the worst paths. Without sta (and the osu018 liberty",
        "from Debian's qflow-tech-osu018) it ingests two sample reports shipped with stadb."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--flops", defaultValue = "300", description = "Flip-flops in the generated design (default: ${DEFAULT-VALUE}).")
    int flops;

    @Option(names = "--paths", defaultValue = "2000", description = "Paths to report per stage (default: ${DEFAULT-VALUE}).")
    int paths;

    @Option(names = "--endpoint-count", defaultValue = "10", description = "Paths per endpoint (default: ${DEFAULT-VALUE}).")
    int perEndpoint;

    @Option(names = "--top", defaultValue = "10", description = "Worst paths to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--samples", description = "Use the shipped sample reports even when sta is installed.")
    boolean samples;

    @Option(names = "--keep-text", paramLabel = "DIR", description = "Also write each stage's report text to DIR/<stage>.txt.")
    Path keepText;

    @Spec
    CommandSpec spec;

    private record Stage(String name, byte[] text, String source) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        List<Stage> stages = new ArrayList<>();
        Optional<StaInstallation> sta = samples ? Optional.empty() : StaInstallation.find().filter(StaInstallation::isComplete);
        if (sta.isPresent()) {
            out.printf("Running OpenSTA %s (%s) on a generated design of %d flip-flops...%n",
                sta.get().version(), sta.get().executable(), flops);
            out.flush();
            Path work = Files.createTempDirectory("stadb-demo");
            try {
                StaRunner runner = new StaRunner(sta.get());
                String cmds = "report_checks -path_delay max -group_count " + paths + " -endpoint_count " + perEndpoint
                    + " -fields {slew cap input_pin net} -digits 3\nreport_tns\nreport_wns\nreport_worst_slack\n";
                double[] periods = {2.0, 1.6};
                String[] names = {"demo-place", "demo-route"};
                for (int i = 0; i < periods.length; i++) {
                    SyntheticDesign d = SyntheticDesign.builder().seed(20261122).flipFlops(flops).logicDepth(12)
                        .clockPeriod(periods[i]).build();
                    Path dir = Files.createDirectories(work.resolve(names[i]));
                    stages.add(new Stage(names[i], runner.run(dir, d, cmds), "sta " + sta.get().version()
                        + " (clock period " + periods[i] + " ns)"));
                }
            } finally {
                FileIo.DEFAULT.deleteTree(work);
            }
        } else {
            out.println("sta or the osu018 liberty is not installed: ingesting the sample reports shipped with stadb.");
            for (String n : new String[] {"demo-place", "demo-route"}) {
                try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + n + ".txt")) {
                    stages.add(new Stage(n, in.readAllBytes(), "sample " + n + ".txt"));
                }
            }
        }
        if (keepText != null) {
            Files.createDirectories(keepText);
            for (Stage st : stages) {
                Files.write(keepText.resolve(st.name() + ".txt"), st.text());
            }
        }
        long textBytes = 0;
        try (Store s = openDemoStore(out)) {
            Ingestor ingestor = new Ingestor(s, ParserOptions.DEFAULTS);
            for (Stage st : stages) {
                textBytes += st.text().length;
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(st.text());
                Optional<StageInfo> same = s.stages().stream().filter(x -> x.name().startsWith(st.name())
                    && x.sourceBytes() == st.text().length && x.sourceCrc() == (int) crc.getValue()).findFirst();
                if (same.isPresent()) {
                    out.printf("%-11s already stored as stage %s (same report text)%n", st.name(), same.get().name());
                    continue;
                }
                // A stage stays as long as later stages are stored against it: a new run gets a new name.
                String name = st.name();
                for (int n = 2; s.stage(name).isPresent(); n++) {
                    name = st.name() + "-" + n;
                }
                IngestResult r = ingestor.ingest(name, new ByteArrayInputStream(st.text()), st.source(),
                    Map.of("demo", "true"), false);
                out.printf("ingested %-11s %6d paths, %9d bytes of text -> %8d bytes stored%s%n",
                    name, r.stage().paths(), st.text().length, r.stage().storedBytes(),
                    r.stage().parentId() >= 0 ? " (as a delta of the stage before)" : "");
            }
            StageInfo head = s.head().orElseThrow();
            printWorst(s, head, out);
            long stored = s.stages().stream().filter(x -> x.name().startsWith("demo-")).mapToLong(StageInfo::storedBytes).sum();
            textBytes = s.stages().stream().filter(x -> x.name().startsWith("demo-")).mapToLong(StageInfo::sourceBytes).sum();
            out.printf("%nstore %s: %d bytes of segments for %d bytes of report text (%.2f%%), plus the shared name dictionary%n",
                store.db, stored, textBytes, 100.0 * stored / Math.max(1, textBytes));
            out.printf("try: ./stadb report --db %s --stage %s | head -40%n", store.db, head.name());
            out.printf("     ./stadb query --db %s --slack-below 0 --unique-endpoints --page-size 20%n", store.db);
            out.printf("     ./stadb diff --db %s --from %s --top 10%n", store.db, s.stages().get(0).name());
        }
        out.flush();
        return StadbCli.OK;
    }

    /** The head's worst paths and the WNS/TNS of every stage, through the query engine. */
    private void printWorst(Store s, StageInfo stage, PrintWriter out) {
        TimingDb db = TimingDb.over(s);
        List<PathRecord> rows = db.query().stage(stage.name()).worst(top);
        out.printf("%nworst %d paths of stage %s:%n", rows.size(), stage.name());
        out.printf("%10s  %-9s %-6s %-4s  %-28s %-28s%n", "slack", "status", "group", "type", "startpoint", "endpoint");
        for (PathRecord r : rows) {
            out.printf("%10s  %-9s %-6s %-4s  %-28s %-28s%n", PathOutput.num(r.slack()), r.statusLabel(), r.group(),
                r.type().label(), r.startpoint(), r.endpoint());
        }
        out.printf("%n%-16s %12s %12s %10s%n", "stage", "WNS", "TNS", "violating");
        for (TrendPoint p : db.trend(List.of()).points()) {
            if (p.type() == MinMax.MAX) {
                out.printf("%-16s %12s %12s %10d%n", p.stage(), PathOutput.num(p.wns()), PathOutput.num(p.tns()),
                    p.violatingEndpoints());
            }
        }
    }

    /** The demo's store; one an incompatible stadb left there is named as such, with what to do. */
    private Store openDemoStore(PrintWriter out) {
        try {
            return Store.open(store.db, true);
        } catch (io.stadb.codec.StadbException e) {
            out.flush();
            throw new io.stadb.codec.StadbException("the demo store " + store.db + " cannot be opened: " + e.getMessage()
                + "; it holds only demo stages: remove it (rm -rf " + store.db + ") or give the demo another --db", e);
        }
    }
}
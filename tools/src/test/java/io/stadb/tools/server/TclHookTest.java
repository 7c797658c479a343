package io.stadb.tools.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.stadb.ingest.StaInstallation;
import io.stadb.ingest.StaRunner;
import io.stadb.ingest.SyntheticDesign;
import io.stadb.tools.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/tcl/stadb.tcl sourced by the real OpenSTA: checkpoints reach a running server, or a file for ingest. */
class TclHookTest {
    @TempDir
    Path tmp;

    static StaInstallation sta() {
        Optional<StaInstallation> s = StaInstallation.find();
        if (s.isEmpty() || s.get().osu018().isEmpty()) {
            String m = "the Tcl hook test needs OpenSTA `sta` and the osu018 liberty (apt-get install opensta qflow-tech-osu018)";
            if (System.getenv("CI") != null && !System.getenv("CI").isEmpty()) {
                fail(m);
            }
            Assumptions.assumeTrue(false, m);
        }
        return s.get();
    }

    @Test
    void checkpointSendsReportChecksToTheServerAndToAFile() throws Exception {
        StaInstallation sta = sta();
        Path root = Path.of(System.getenv().getOrDefault("STADB_REPO_ROOT", "../")).toAbsolutePath().normalize();
        Path hook = root.resolve("tools/tcl/stadb.tcl");
        assertTrue(Files.exists(hook), hook.toString());
        Path db = tmp.resolve("db");
        try (io.stadb.engine.Store s = io.stadb.engine.Store.open(db, true)) {
            assertTrue(s.stages().isEmpty());
        }
        try (StadbServer server = StadbServer.start(db, ServerConfig.defaults().withPort(0))) {
            SyntheticDesign design = SyntheticDesign.builder().seed(7).flipFlops(40).build();
            Path work = tmp.resolve("sta");
            Path files = tmp.resolve("reports");
            String script = "source {" + hook + "}\n"
                + "stadb::configure -url " + server.url() + "\n"
                + "puts \"summary: [stadb::checkpoint route -group_count 20]\"\n"
                + "stadb::configure -url {} -dir {" + files + "}\n"
                + "puts \"file: [stadb::checkpoint route_file -group_count 20]\"\n"
                + "if {![catch {stadb::checkpoint {bad name}} msg]} { error \"bad name accepted\" }\n"
                + "puts \"bad: $msg\"\n";
            byte[] out = new StaRunner(sta).run(work, design, script);
            String text = new String(out, StandardCharsets.UTF_8);
            assertTrue(text.contains("summary: {\"stage\":\"route\""), text);
            assertTrue(text.contains("bad: stadb::checkpoint: bad stage name"), text);
            var stage = server.db.stage("route").orElseThrow();
            assertTrue(stage.paths() >= 20, "paths: " + stage.paths());
            // the file written for `stadb ingest` holds the same report: the same paths
            Path f = files.resolve("route_file.rpt");
            assertTrue(Files.size(f) > 1000);
            CliRun ing = ServerFixture.cli("ingest", "--db", db.toString(), "--stage", "route_file",
                "--no-progress", f.toString());
            assertEquals(0, ing.code(), ing.err());
            server.db.reload();
            assertEquals(stage.paths(), server.db.stage("route_file").orElseThrow().paths());
            assertEquals(ServerFixture.cli("report", "--db", db.toString(), "--stage", "route").out(),
                ServerFixture.cli("report", "--db", db.toString(), "--stage", "route_file").out());
            String report = ServerFixture.cli("report", "--db", db.toString(), "--stage", "route").out();
            assertTrue(report.contains("Fanout") && report.contains("Cap") && report.contains("Slew"), report.substring(0, Math.min(1500, report.length())));
            assertTrue(ServerFixture.get(server, "/stages/route").body().contains("\"source\":\"stadb.tcl:route\""));
        }
    }
}

package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaRunnerTest {

    @Test
    void runsARealReport(@TempDir Path dir) throws IOException {
        StaInstallation sta = StaAvailable.require();
        SyntheticDesign design = SyntheticDesign.builder().flipFlops(8).build();
        String out = new String(new StaRunner(sta).run(dir, design, "report_checks -group_count 3"),
                StandardCharsets.UTF_8);
        assertTrue(out.startsWith("Startpoint: "), out);
        assertTrue(Files.exists(dir.resolve(StaRunner.DONE_FILE)));
        assertTrue(Files.readString(dir.resolve(SyntheticDesign.VERILOG_FILE)).contains("module stadb_synth"));
        assertTrue(sta.version().matches("\\d+\\.\\d+\\.\\d+.*"), sta.version());
    }

    @Test
    void commandIsTheDocumentedCommandLine(@TempDir Path dir) {
        StaInstallation sta = StaAvailable.require();
        ProcessBuilder pb = new StaRunner(sta).command(dir);
        assertEquals(List.of(sta.executable().toString(), "-no_splash", "-exit", "run.tcl"), pb.command());
        assertEquals(dir.toFile(), pb.directory());
    }

    @Test
    void streamingCallerCanUseCommandDirectly(@TempDir Path dir) throws Exception {
        StaInstallation sta = StaAvailable.require();
        StaRunner runner = new StaRunner(sta);
        runner.writeScript(dir, SyntheticDesign.builder().flipFlops(8).build(), "report_checks -format end");
        Process p = runner.command(dir).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        StaRunner.checkCompleted(dir, exit, "", out);
        assertTrue(out.contains("max_delay/setup group clk"), out);
    }

    @Test
    void infiniteLoopIsKilledAtTheTimeout(@TempDir Path dir) {
        StaInstallation sta = StaAvailable.require();
        StaRunner runner = new StaRunner(sta, Duration.ofSeconds(2));
        long start = System.nanoTime();
        StaException e = assertThrows(StaException.class, () -> runner.run(dir, "puts spinning", "while {1} {}"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(e.timedOut());
        assertTrue(e.getMessage().contains("did not finish within 2 s"), e.getMessage());
        assertTrue(e.getMessage().contains("spinning"), "stdout so far is in the message: " + e.getMessage());
        assertTrue(seconds < 12, "took " + seconds + " s");
        assertFalse(Files.exists(dir.resolve(StaRunner.DONE_FILE)));
    }

    @Test
    void tclErrorStopsTheRunAndIsReported(@TempDir Path dir) {
        StaInstallation sta = StaAvailable.require();
        StaException e = assertThrows(StaException.class,
                () -> new StaRunner(sta).run(dir, "puts before", "no_such_command 1 2\nputs after"));
        assertFalse(e.timedOut());
        // 2.0.17 exits 0 and prints the error on stdout; the missing done-file gives it away.
        assertTrue(e.getMessage().contains("stopped before the end of run.tcl"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid command name \"no_such_command\""), e.getMessage());
        assertFalse(e.getMessage().contains("\nafter"), "the script must stop at the error: " + e.getMessage());
    }

    @Test
    void badOptionIsReported(@TempDir Path dir) {
        StaInstallation sta = StaAvailable.require();
        StaException e = assertThrows(StaException.class, () -> new StaRunner(sta).run(dir,
                SyntheticDesign.builder().flipFlops(4).build(), "report_checks -format json"));
        assertTrue(e.getMessage().contains("-format json not recognized"), e.getMessage());
    }

    @Test
    void nonZeroExitIsAFailureEvenWithTheDoneFile(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve(StaRunner.DONE_FILE));
        StaException e = assertThrows(StaException.class,
                () -> StaRunner.checkCompleted(dir, 3, "boom on stderr", "Error: x.tcl, 1 bad\nmore"));
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertTrue(e.getMessage().contains("boom on stderr"), e.getMessage());
        assertTrue(e.getMessage().contains("Error: x.tcl, 1 bad"), e.getMessage());
    }

    @Test
    void staleDoneFileIsRemovedWhenAScriptIsWritten(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve(StaRunner.DONE_FILE));
        StaInstallation sta = StaAvailable.require();
        new StaRunner(sta).writeScript(dir, "puts x", "");
        assertFalse(Files.exists(dir.resolve(StaRunner.DONE_FILE)));
        assertTrue(Files.readString(dir.resolve(StaRunner.SCRIPT_NAME)).startsWith("# Written by stadb"));
    }

    @Test
    void installationHonoursOverrides(@TempDir Path dir) throws IOException {
        StaInstallation real = StaAvailable.require();
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Files.writeString(libs.resolve("osu018_stdcells.lib"), "library(x) {}\n");
        StaInstallation custom = StaInstallation.find(Map.of(StaInstallation.STA_ENV, real.executable().toString(),
                StaInstallation.LIBERTY_DIR_ENV, libs.toString())).orElseThrow();
        assertEquals(libs.resolve("osu018_stdcells.lib"), custom.osu018().orElseThrow());
        assertTrue(custom.osu035().isEmpty());
        assertTrue(custom.isComplete());
        assertEquals(1, custom.missing().size());

        assertTrue(StaInstallation.find(Map.of(StaInstallation.STA_ENV, dir.resolve("nope").toString())).isEmpty());
        assertTrue(StaInstallation.find(Map.of("PATH", dir.toString())).isEmpty());
        StaInstallation noLibs = StaInstallation.find(Map.of("PATH", real.executable().getParent().toString(),
                StaInstallation.LIBERTY_DIR_ENV, dir.resolve("empty").toString())).orElseThrow();
        assertFalse(noLibs.isComplete());
    }
}

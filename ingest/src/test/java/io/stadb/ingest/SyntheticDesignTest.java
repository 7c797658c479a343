package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticDesignTest {

    /** When set, every scenario's stdout is also saved there as NAME.txt (parser fixtures). */
    private static final String SAMPLES_PROPERTY = "stadb.samplesDir";

    // A path-table row: starts at column 0 and ends in a slack, optionally tagged (MET)/(VIOLATED).
    static final Pattern ROW = Pattern.compile("^\\S.*\\s-?\\d+(\\.\\d+)?( \\((MET|VIOLATED)\\))?$",
            Pattern.MULTILINE);
    private static final Pattern STARTPOINT = Pattern.compile("^Startpoint: ", Pattern.MULTILINE);

    @Test
    void sameSeedGivesSameBytes(@TempDir Path dir) throws IOException {
        SyntheticDesign a = SyntheticDesign.builder().seed(42).latches(true).asyncSetReset(true).build();
        SyntheticDesign b = SyntheticDesign.builder().seed(42).latches(true).asyncSetReset(true).build();
        a.writeTo(dir.resolve("a"));
        b.writeTo(dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/design.v")), Files.readAllBytes(dir.resolve("b/design.v")));
        Path lib = Path.of("/lib/x.lib");
        assertEquals(a.tclPreamble(lib, null), b.tclPreamble(lib, null));
        assertEquals(a.endpointsByPathGroup(), b.endpointsByPathGroup());
    }

    @Test
    void differentSeedsGiveDifferentNetlists() {
        String first = SyntheticDesign.builder().seed(1).build().verilog();
        String second = SyntheticDesign.builder().seed(2).build().verilog();
        assertNotEquals(first, second);
        // Same shape though: the seed only rewires, the options fix the counts.
        assertEquals(count(first, "DFFPOSX1 "), count(second, "DFFPOSX1 "));
    }

    @Test
    void optionsShapeTheNetlist() {
        SyntheticDesign d = SyntheticDesign.builder().flipFlops(12).latches(true).asyncSetReset(true)
                .negativeEdge(true).gatedClock(true).twoClocks(true).escapedNames(true).build();
        String v = d.verilog();
        assertEquals(3, count(v, "  LATCH "));
        assertEquals(3, count(v, "  DFFSR "));
        assertEquals(3, count(v, "  DFFNEGX1 "));
        assertTrue(v.contains("  AND2X1 clk_gate "));
        assertTrue(v.contains("input clk2;"));
        assertTrue(v.contains("\\u_core/reg[1]$x  ("), "escaped instance name with trailing space");
        assertTrue(v.contains("input \\data.in[0] ;"), "escaped port name");
        assertEquals(Map.of("clk", 8 + 3 + 8, "clk2", 4, SyntheticDesign.ASYNC_GROUP, 6,
                SyntheticDesign.GATING_GROUP, 1), d.endpointsByPathGroup());
    }

    @Test
    void preambleEscapesPortPatternsAndNamesCorners() {
        SyntheticDesign d = SyntheticDesign.builder().escapedNames(true).twoCorners(true).propagatedClock(true)
                .clockPeriod(2.5).build();
        String t = d.tclPreamble(Path.of("/a/osu018.lib"), Path.of("/b/osu035.lib"));
        assertTrue(t.contains("define_corners fast slow\n"));
        assertTrue(t.contains("read_liberty -corner fast /a/osu018.lib\n"));
        assertTrue(t.contains("read_liberty -corner slow /b/osu035.lib\n"));
        assertTrue(t.contains("create_clock -name clk -period 2.500 [get_ports clk]\n"));
        assertTrue(t.contains("set_input_delay 0.500 -clock clk [get_ports {data.in\\[0\\] cfg$mode+1 "));
        assertTrue(t.contains("set_propagated_clock [all_clocks]\n"));
        assertThrows(IllegalArgumentException.class, () -> d.tclPreamble(Path.of("/a/osu018.lib"), null));
    }

    @Test
    void rejectsNonsenseOptions() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticDesign.builder().flipFlops(0).build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticDesign.builder().fanoutSpread(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticDesign.builder().clockPeriod(0).build());
    }

    static List<StaMatrix.Scenario> scenarios() {
        return StaMatrix.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void realStaReport(StaMatrix.Scenario scenario, @TempDir Path dir) throws IOException {
        StaInstallation sta = StaAvailable.require(scenario.design().options().twoCorners());
        byte[] stdout = new StaRunner(sta).run(dir, scenario.design(), scenario.commands());
        String out = new String(stdout, StandardCharsets.UTF_8);
        saveSample(scenario.name(), stdout);

        assertFalse(out.isBlank(), "sta printed nothing");
        // The generator's constraints must be clean: any warning means a port or pin was missed.
        assertFalse(out.contains("Warning"), () -> "sta warned:\n" + head(out));
        for (Pattern p : scenario.expect()) {
            assertTrue(p.matcher(out).find(), () -> "expected /" + p + "/ in\n" + head(out));
        }
        for (Pattern p : scenario.forbid()) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                fail("unexpected /" + p + "/ matched '" + m.group() + "' in\n" + head(out));
            }
        }
        int paths = switch (scenario.counting()) {
            case STARTPOINTS -> count(STARTPOINT, out);
            case ROWS -> count(ROW, out);
            case NONE -> 0;
        };
        if (scenario.minPaths() == scenario.maxPaths()) {
            assertEquals(scenario.minPaths(), paths, "reported paths (" + scenario.counting() + ")");
        } else {
            assertTrue(paths >= scenario.minPaths() && paths <= scenario.maxPaths(),
                    "reported paths " + paths + " not in [" + scenario.minPaths() + ", " + scenario.maxPaths() + "]");
        }
    }

    private static void saveSample(String name, byte[] stdout) throws IOException {
        String dir = System.getProperty(SAMPLES_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            Path target = Path.of(dir);
            Files.createDirectories(target);
            Files.write(target.resolve(name + ".txt"), stdout);
        }
    }

    private static String head(String out) {
        return out.length() <= 4000 ? out : out.substring(0, 4000) + "\n...";
    }

    static int count(Pattern p, String text) {
        int n = 0;
        Matcher m = p.matcher(text);
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int count(String text, String needle) {
        return count(Pattern.compile(Pattern.quote(needle)), text);
    }
}

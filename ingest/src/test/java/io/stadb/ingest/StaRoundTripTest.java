package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockKind;
import io.stadb.codec.PathStatus;
import io.stadb.codec.ReportBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real OpenSTA output for every scenario of {@link StaMatrix} (formats, fields, digits 0-6, min/max,
 * corners, unconstrained, latches, async set/reset, negative edges, escaped names…): parsed, passed
 * through the journal record format, rendered, and compared byte for byte with what sta printed.
 */
class StaRoundTripTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyScenarioRoundTrips() {
        StaInstallation sta = StaAvailable.require(true);
        StaRunner runner = new StaRunner(sta);
        return StaMatrix.all().stream().map(sc -> DynamicTest.dynamicTest(sc.name(), () -> {
            Path dir = Files.createDirectories(tmp.resolve(sc.name()));
            byte[] out = runner.run(dir, sc.design(), sc.commands());
            RoundTrip rt = RoundTrip.of(out).assertLossless();
            assertEquals(0, rt.summary.verbatimRows(), "rows kept verbatim");
            if (sc.counting() == StaMatrix.Counting.ROWS) { // every table row is a path, none skipped
                assertEquals(SyntheticDesignTest.count(SyntheticDesignTest.ROW,
                    new String(out, java.nio.charset.StandardCharsets.ISO_8859_1)), rt.summary.paths(), "table rows");
            }
            long startpoints = CorpusConformanceTest.countLines(out, "Startpoint: ");
            assertEquals(startpoints, rt.summary.blocks(BlockKind.PATH) + rt.summary.blocks(BlockKind.PATH_SHORT));
            for (ReportBlock b : rt.blocks) {
                if (b.kind() == BlockKind.PATH) {
                    assertTrue(b.facts().status() != PathStatus.NONE, "path without slack at line " + b.sourceLine());
                    assertTrue(b.facts().startRow() >= 0 && b.facts().endRow() >= 0 && b.facts().groupRow() >= 0);
                }
            }
            // Only sta's own chatter may be skipped, never a line of a report.
            String text = new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\n", -1);
            for (long ln : rt.skippedLines) {
                String l = lines[(int) ln - 1];
                assertTrue(!l.startsWith("Startpoint") && !l.contains("slack (") && !l.contains("data arrival"),
                    "skipped a report line " + ln + ": " + l);
            }
        }));
    }
}

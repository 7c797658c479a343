package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every report log of the shared OpenSTA/OpenROAD corpus (versions 2.0.17 … 3.1.0) parses with the
 * right number of path blocks, no bad blocks, and renders back byte for byte. Reads ../shared when it
 * is there (the product never does).
 */
class CorpusConformanceTest {

    static Path corpus() {
        String root = System.getenv("STADB_REPO_ROOT");
        Path base = root != null ? Paths.get(root) : Paths.get("..").toAbsolutePath().normalize();
        return base.resolve("../shared/opensta/corpus").normalize();
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFileRoundTrips() throws IOException {
        Path dir = corpus();
        Assumptions.assumeTrue(Files.isDirectory(dir), "no shared corpus at " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".ok")).sorted().toList();
        }
        assertTrue(files.size() >= 30, "corpus has " + files.size() + " files");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path f) throws IOException {
        byte[] input = Files.readAllBytes(f);
        RoundTrip rt = RoundTrip.of(input).assertLossless();
        long startpoints = countLines(input, "Startpoint: ");
        long pathBlocks = rt.summary.blocks(BlockKind.PATH) + rt.summary.blocks(BlockKind.PATH_SHORT);
        assertEquals(startpoints, pathBlocks, "path blocks vs Startpoint lines");
        long jsonChecks = countLines(input, "  \"type\": ");
        assertEquals(jsonChecks, rt.summary.blocks(BlockKind.JSON_PATH), "JSON checks");
        assertEquals(0, rt.summary.verbatimRows(), "verbatim rows");
    }

    static long countLines(byte[] input, String prefix) {
        String text = new String(input, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.lines().filter(l -> l.startsWith(prefix)).count();
    }
}

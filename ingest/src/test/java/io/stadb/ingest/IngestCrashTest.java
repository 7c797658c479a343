package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a child JVM in the middle of an ingest (at a seeded random moment): the store opens, the
 * dead stage is invisible and its files are gone, and running the ingest again stores every path once.
 */
@ExtendWith(NoLeaks.class)
class IngestCrashTest {
    @TempDir
    Path tmp;

    @Test
    void killDashNineMidIngestLeavesNothingHalfWritten() throws Exception {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("IngestCrashTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        String fixture = "latches.txt";
        byte[] report = ParserFuzzTest.fixture(fixture);
        long pathsPerCopy = RoundTrip.of(report).summary.paths();
        Path db = tmp.resolve("db");
        for (int round = 0; round < 3; round++) {
            Process child = ChildJvm.start(CrashChild.class, db.toString(), "route", fixture, "100000");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                String line = out.readLine();
                assertEquals("STARTED", line, "child did not start (seed " + seed + ")");
                Thread.sleep(r.nextInt(0, 300));
                child.destroyForcibly(); // SIGKILL on Linux
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            try (Store s = Store.open(db, true)) {
                assertTrue(s.stage("route").isEmpty(), "seed " + seed);
                assertEquals(0, countStageDirs(db), "incomplete stage files remain (seed " + seed + ")");
            }
        }
        try (Store s = Store.open(db, true)) {
            byte[] three = (new String(report, "ISO-8859-1").repeat(3)).getBytes("ISO-8859-1");
            StageInfo st = new Ingestor(s, ParserOptions.DEFAULTS).ingest("route", new ByteArrayInputStream(three),
                "again", Map.of(), false).stage();
            assertEquals(3 * pathsPerCopy, st.paths());
            ByteBuilder rendered = new ByteBuilder();
            BlockRenderer br = new BlockRenderer();
            s.forEachBlock(st, b -> br.render(b, rendered));
            assertEquals(new String(RoundTrip.of(three).expected, "ISO-8859-1"), rendered.toString());
        }
    }

    private static long countStageDirs(Path db) throws Exception {
        try (Stream<Path> s = Files.list(db.resolve("stages"))) {
            return s.count();
        }
    }
}

package io.stadb.ingest;

import io.stadb.engine.StoreFiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import io.stadb.engine.internal.JournalParts;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a child JVM in the middle of an ingest (at a seeded random moment), then the same ingest run
 * again: the store opens, the dead stage is invisible, the re-run resumes it (it verifies exactly the
 * blocks the dead one journaled) and the stage ends with every path once, byte for byte, verify clean.
 */
@ExtendWith(NoLeaks.class)
class IngestCrashTest {
    /**
     * About 37 MB: a few seconds of ingest in a child JVM, whose writer starts slowly (cold JIT), so a kill
     * within 1.5 s of STARTED lands before the commit, after tens to thousands of journaled blocks.
     */
    private static final int REPEATS = 500;
    private static final String FIXTURE = "latches.txt";

    @TempDir
    Path tmp;

    @Test
    void killDashNineMidIngestThenTheSameIngestResumesIt() throws Exception {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("IngestCrashTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        byte[] report = ParserFuzzTest.fixture(FIXTURE);
        RoundTrip one = RoundTrip.of(report);
        RoundTrip three = RoundTrip.of(CrashChild.input(report, 3, () -> { }).readAllBytes());
        assertArrayEquals(repeat(one.expected, 3), three.expected, "copies render independently");
        byte[] expected = repeat(one.expected, REPEATS);
        for (int round = 0; round < 3; round++) {
            Path db = tmp.resolve("db" + round);
            Process child = ChildJvm.start(CrashChild.class, db.toString(), "route", FIXTURE, Integer.toString(REPEATS));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                assertEquals("STARTED", out.readLine(), "child did not start (seed " + seed + ")");
                Thread.sleep(r.nextInt(0, 1500));
                child.destroyForcibly(); // SIGKILL on Linux
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            boolean committed;
            long journaled = 0;
            try (Store s = Store.open(db, true)) {
                committed = s.stage("route").isPresent(); // the kill came too late: nothing to resume
                List<String> dirs = StoreFiles.stageDirs(db);
                assertTrue(dirs.size() <= 1, "seed " + seed + ": " + dirs);
                if (!committed && !dirs.isEmpty()) {
                    journaled = count(db.resolve("stages").resolve(dirs.get(0)));
                }
            }
            System.out.println("IngestCrashTest round " + round + ": " + (committed ? "committed before the kill"
                : "killed after journaling " + journaled + " blocks"));
            try (Store s = Store.open(db, true)) {
                StageInfo st;
                if (committed) {
                    st = s.stage("route").orElseThrow();
                } else {
                    IngestResult res = new Ingestor(s, ParserOptions.DEFAULTS).ingest("route",
                        CrashChild.input(report, REPEATS, () -> { }), "child", Map.of(), false);
                    assertEquals(journaled, res.resumedBlocks(), "seed " + seed + " round " + round);
                    st = res.stage();
                }
                assertEquals(REPEATS * one.summary.paths(), st.paths(), "seed " + seed);
                ByteBuilder rendered = new ByteBuilder(expected.length);
                BlockRenderer br = new BlockRenderer();
                s.forEachBlock(st, b -> br.render(b, rendered));
                assertArrayEquals(expected, rendered.toByteArray(), "seed " + seed + " round " + round);
                assertEquals(List.of(), s.verify(), "seed " + seed);
                assertEquals(List.of(Long.toString(st.id())), StoreFiles.stageDirs(db));
            }
        }
    }

    /** Records readable from the journal an interrupted ingest left (an unfinished last one is not). */
    private static long count(Path stageDir) {
        long n = 0;
        try (JournalParts j = JournalParts.read(stageDir)) {
            while (j.readNext() >= 0) {
                n++;
            }
        }
        return n;
    }

    private static byte[] repeat(byte[] b, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length * times);
        for (int i = 0; i < times; i++) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}

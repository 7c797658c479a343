package io.stadb.ingest;

import io.stadb.engine.StoreFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.engine.StageInfo;
import io.stadb.engine.StageState;
import io.stadb.engine.Store;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a child JVM that rolls the head back and forth (each rollback one atomic catalog switch), at
 * seeded random moments: the store opens, verify is clean, the head is one of the stages with exactly the
 * stages after it rolled back, every stage renders what was ingested, and rolling back works again.
 */
@ExtendWith(NoLeaks.class)
class RollbackCrashTest {
    private static final List<String> NAMES = List.of("place", "cts", "route");

    @TempDir
    Path tmp;

    @Test
    void killDashNineDuringRollbacksLeavesAValidHead() throws Exception {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("RollbackCrashTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        Path template = tmp.resolve("template");
        Map<String, String> expected = new HashMap<>();
        try (Store s = Store.open(template, true)) {
            for (int i = 0; i < NAMES.size(); i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new ReportGenerator(new ReportGenerator.Options(800, 20 + i, 1, false, 2, 4096)).write(out);
                new Ingestor(s, ParserOptions.DEFAULTS).ingest(NAMES.get(i), new ByteArrayInputStream(out.toByteArray()),
                    NAMES.get(i), Map.of(), false);
                expected.put(NAMES.get(i), new String(RoundTrip.of(out.toByteArray()).expected, StandardCharsets.ISO_8859_1));
            }
        }
        for (int round = 0; round < 3; round++) {
            Path db = tmp.resolve("db" + round);
            StoreFiles.crashCopy(template, db);
            Process child = ChildJvm.start(RollbackChild.class, db.toString(), "place", "route", "cts");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                assertEquals("STARTED", out.readLine(), "seed " + seed);
                Thread.sleep(r.nextInt(0, 400));
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            try (Store s = Store.open(db, true)) {
                assertEquals(List.of(), s.verify(), "seed " + seed);
                assertEquals(NAMES, s.stages().stream().map(StageInfo::name).toList(), "seed " + seed);
                StageInfo head = s.head().orElseThrow(() -> new AssertionError("no head, seed " + seed));
                System.out.println("RollbackCrashTest round " + round + ": head " + head.name());
                for (StageInfo st : s.stages()) {
                    assertEquals(st.id() <= head.id() ? StageState.COMMITTED : StageState.ROLLED_BACK, st.state(),
                        "seed " + seed + " stage " + st.name() + " head " + head.name());
                    assertEquals(expected.get(st.name()), render(s, st), "seed " + seed + " stage " + st.name());
                }
                assertEquals("cts", s.rollback("cts").name());
                assertEquals(StageState.ROLLED_BACK, s.stage("route").orElseThrow().state());
                assertEquals("route", s.rollback("route").name());
                assertTrue(s.stages().stream().allMatch(st -> st.state() == StageState.COMMITTED));
                assertEquals(List.of(), s.verify());
            }
        }
    }

    private static String render(Store s, StageInfo st) {
        ByteBuilder out = new ByteBuilder();
        BlockRenderer r = new BlockRenderer();
        s.forEachBlock(st, b -> r.render(b, out));
        return out.toString();
    }
}

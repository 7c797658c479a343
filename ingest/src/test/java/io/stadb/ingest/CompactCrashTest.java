package io.stadb.ingest;

import io.stadb.engine.StoreFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
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
 * SIGKILL of a child JVM while it compacts (folding delta stages, removing a rolled-back one, deleting
 * journals), at seeded random moments: the store opens, verify is clean, and every stage that is still
 * there renders exactly what was ingested.
 */
@ExtendWith(NoLeaks.class)
class CompactCrashTest {
    @TempDir
    Path tmp;

    @Test
    void killDashNineDuringCompactionLeavesAConsistentStore() throws Exception {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("CompactCrashTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        byte[][] texts = new byte[3][];
        for (int i = 0; i < 3; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ReportGenerator(new ReportGenerator.Options(6000, 5 + i / 2, 1, true, 3, 4096)).write(out);
            texts[i] = out.toByteArray();
        }
        Path template = tmp.resolve("template");
        try (Store s = Store.open(template, true)) {
            Ingestor in = new Ingestor(s, ParserOptions.DEFAULTS);
            String[] names = {"place", "cts", "route"};
            for (int i = 0; i < 3; i++) {
                in.ingest(names[i], new ByteArrayInputStream(texts[i]), names[i], Map.of(), false);
            }
            s.rollback("cts");
        }
        String[] expected = {new String(RoundTrip.of(texts[0]).expected, "ISO-8859-1"),
            new String(RoundTrip.of(texts[1]).expected, "ISO-8859-1"),
            new String(RoundTrip.of(texts[2]).expected, "ISO-8859-1")};
        for (int round = 0; round < 3; round++) {
            Path db = tmp.resolve("db" + round);
            StoreFiles.crashCopy(template, db);
            Process child = ChildJvm.start(CompactChild.class, db.toString());
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                assertEquals("STARTED", out.readLine(), "seed " + seed);
                Thread.sleep(r.nextInt(0, 600));
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            try (Store s = Store.open(db, true)) {
                List<String> problems = s.verify();
                assertTrue(problems.isEmpty(), "seed " + seed + ": " + problems);
                List<String> names = s.stages().stream().map(StageInfo::name).toList();
                assertTrue(names.equals(List.of("place", "cts", "route")) || names.equals(List.of("place", "cts")),
                    "seed " + seed + ": " + names);
                for (StageInfo st : s.stages()) {
                    int i = st.name().equals("place") ? 0 : st.name().equals("cts") ? 1 : 2;
                    ByteBuilder b = new ByteBuilder();
                    BlockRenderer br = new BlockRenderer();
                    s.forEachBlock(st, blk -> br.render(blk, b));
                    assertEquals(expected[i], b.toString(), "seed " + seed + " stage " + st.name());
                }
                s.compact(false, true); // and compaction can be finished after the crash
                assertTrue(s.verify().isEmpty());
                assertEquals(List.of("place", "cts"), s.stages().stream().map(StageInfo::name).toList());
            }
        }
    }
}

package io.stadb.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.engine.Store;
import io.stadb.ingest.ChildJvm;
import io.stadb.ingest.EndTableGenerator;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.NoLeaks;
import io.stadb.ingest.ParserOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million paths walked worst-first by a JVM with a 64 MB heap (memory does not grow with the stage),
 * and a cursor that another process continues.
 */
@ExtendWith(NoLeaks.class)
class LargeWalkTest {
    static final int PATHS = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    void aSixtyFourMegabyteHeapWalksAMillionPathsAndACursorCrossesProcesses() throws Exception {
        Path db = tmp.resolve("db");
        ByteArrayOutputStream text = new ByteArrayOutputStream(80 << 20);
        new EndTableGenerator(PATHS, 42, 3, 4096).write(text);
        try (Store s = Store.open(db, true)) {
            new Ingestor(s, ParserOptions.DEFAULTS).ingest("big", new ByteArrayInputStream(text.toByteArray()), "gen",
                Map.of(), false);
        }
        text = null;
        // A cursor made here continues in another process.
        String cursor;
        String expected;
        try (TimingDb t = TimingDb.open(db)) {
            cursor = t.query().page(1000, null).nextCursor();
            expected = "page=" + t.query().page(5, cursor).paths().stream().map(r -> Long.toString(r.ordinal()))
                .collect(java.util.stream.Collectors.joining(","));
        }
        Process c = ChildJvm.start(List.of(), WalkChild.class, db.toString(), cursor);
        String page = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(c.waitFor(2, TimeUnit.MINUTES));
        assertEquals(expected, page);

        Process p = ChildJvm.start(List.of("-Xmx64m"), WalkChild.class, db.toString());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "walk did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("paths=" + PATHS + " "), out);
        // -Xmx64m is the bound: an OutOfMemoryError would have failed the child. (The printed figure sums
        // each heap pool's own peak, which may come from different moments, so it is a rough upper bound.)
        System.out.println("LargeWalkTest: " + out);
    }
}

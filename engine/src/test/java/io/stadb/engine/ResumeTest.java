package io.stadb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.JournalParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming an interrupted ingest from its journal. A crash is the store's files as they are while a stage
 * is half written ({@link #crashCopy}: the writer's queue and segment are copied as a killed process would
 * leave them), so no test seam is needed in the writer.
 */
class ResumeTest {
    @TempDir
    Path tmp;

    @AfterEach
    void nothingLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(tmp));
    }

    private static ReportBlock block(int i) {
        return SegmentStoreTest.path(i, 700);
    }

    /** Writes blocks [0, n) of stage {@code name} and leaves the copy of a crash at that point in {@code to}. */
    private static void crashAfter(Path db, String name, String source, int n, Path to) throws IOException {
        try (Store s = Store.open(db, true); StageWriter w = s.beginStage(name, source, Map.of(), false)) {
            for (int i = 0; i < n; i++) {
                w.append(block(i));
            }
            StoreFiles.crashCopy(db, to);
        } // closing aborts the stage in the original
    }

    private static StageInfo place(Path db) {
        try (Store s = Store.open(db, true); StageWriter w = s.beginStage("place", "p.rpt", Map.of(), false)) {
            for (int i = 0; i < 100; i++) {
                w.append(SegmentStoreTest.path(i, 800));
            }
            return w.commit(1, 1);
        }
    }

    private static void assertBlocks(Store s, StageInfo st, int n) {
        List<ReportBlock> back = new ArrayList<>();
        assertEquals(n, s.forEachBlock(st, b -> back.add(copy(b))));
        List<ReportBlock> journaled = new ArrayList<>();
        assertEquals(n, s.forEachJournaledBlock(st, b -> journaled.add(copy(b))));
        for (int i = 0; i < n; i++) {
            ReportBlock e = block(i);
            assertTrue(back.get(i).sameContent(e) && back.get(i).sourceOffset() == e.sourceOffset(), "block " + i);
            assertTrue(journaled.get(i).sameContent(e) && journaled.get(i).sourceLine() == e.sourceLine(), "journal " + i);
        }
    }

    private static ReportBlock copy(ReportBlock b) {
        ReportBlock c = new ReportBlock();
        c.copyFrom(b);
        return c;
    }

    private static List<String> stageDirs(Path db) throws IOException {
        try (Stream<Path> s = Files.list(db.resolve("stages"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCrashedIngestIsResumedFromItsJournalAndEveryBlockIsStoredOnce() throws IOException {
        Path db = tmp.resolve("db");
        place(db);
        Path crashed = tmp.resolve("crashed");
        crashAfter(db, "route", "r.rpt", 5000, crashed); // past the first chunk of 4 096 blocks
        try (Store s = Store.open(crashed, true)) {
            assertEquals(List.of("place"), s.stages().stream().map(StageInfo::name).toList());
            assertTrue(s.stage("route").isEmpty(), "an interrupted stage is never visible");
            Path left = crashed.resolve("stages").resolve("2");
            assertTrue(Files.notExists(left.resolve(SegmentFormat.FILE_NAME)), "its partial segment is deleted");
            assertEquals(1, JournalParts.list(left).size(), "its journal is kept");
            assertEquals(List.of(), s.verify(), "an interrupted ingest is not a problem");
            StageInfo route;
            try (StageWriter w = s.beginStage("route", "r.rpt", Map.of("run", "2"), false)) {
                for (int i = 0; i < 7000; i++) {
                    w.append(block(i));
                }
                assertEquals(5000, w.resumedBlocks());
                route = w.commit(70, 7);
            }
            assertEquals(7000, route.blocks());
            assertEquals("2", route.meta().get("run"));
            assertEquals(List.of("1", Long.toString(route.id())), stageDirs(crashed), "the interrupted stage was taken over");
            Path dir = crashed.resolve("stages").resolve(Long.toString(route.id()));
            assertEquals(List.of(dir.resolve("journal"), dir.resolve("journal.1")), JournalParts.list(dir));
            assertBlocks(s, route, 7000);
            assertEquals(List.of(), s.verify());
        }
    }

    @Test
    void aResumedIngestThatCrashesTooIsResumedAgainOverAllItsParts() throws IOException {
        Path db = tmp.resolve("db");
        Path once = tmp.resolve("once");
        crashAfter(db, "cts", "live", 300, once);
        Path twice = tmp.resolve("twice");
        try (Store s = Store.open(once, true); StageWriter w = s.beginStage("cts", "live", Map.of(), false)) {
            for (int i = 0; i < 900; i++) {
                w.append(block(i));
            }
            assertEquals(300, w.resumedBlocks());
            StoreFiles.crashCopy(once, twice);
        }
        try (Store s = Store.open(twice, true)) {
            StageInfo cts;
            try (StageWriter w = s.beginStage("cts", "live", Map.of(), false)) {
                for (int i = 0; i < 1000; i++) {
                    w.append(block(i));
                }
                assertEquals(900, w.resumedBlocks());
                cts = w.commit(1, 1);
            }
            assertEquals(3, JournalParts.list(twice.resolve("stages").resolve(Long.toString(cts.id()))).size());
            assertBlocks(s, cts, 1000);
            assertEquals(List.of(), s.verify());
        }
    }

    @Test
    void anotherSourceOrReplaceStartsFromScratch() throws IOException {
        Path db = tmp.resolve("db");
        Path crashed = tmp.resolve("crashed");
        crashAfter(db, "route", "a.rpt", 50, crashed);
        try (Store s = Store.open(crashed, true)) {
            try (StageWriter w = s.beginStage("route", "b.rpt", Map.of(), false)) {
                for (int i = 0; i < 20; i++) {
                    w.append(block(i));
                }
                assertEquals(0, w.resumedBlocks());
                assertEquals(List.of("2"), stageDirs(crashed), "the interrupted stage is deleted");
                w.commit(1, 1);
            }
            assertBlocks(s, s.stage("route").orElseThrow(), 20);
        }
        Path again = tmp.resolve("again");
        crashAfter(db, "route", "a.rpt", 50, again);
        try (Store s = Store.open(again, true)) {
            try (StageWriter w = s.beginStage("route", "a.rpt", Map.of(), true)) {
                w.append(block(0));
                assertEquals(0, w.resumedBlocks(), "--replace never resumes");
                w.commit(1, 1);
            }
            assertBlocks(s, s.stage("route").orElseThrow(), 1);
            assertEquals(1, s.forEachJournaledBlock(s.stage("route").orElseThrow(), b -> { }));
        }
    }

    @Test
    void anInputThatDiffersFromTheJournalFailsAndTheNextRunStartsAfresh() throws IOException {
        Path db = tmp.resolve("db");
        Path crashed = tmp.resolve("crashed");
        crashAfter(db, "route", "r.rpt", 40, crashed);
        try (Store s = Store.open(crashed, true)) {
            StageWriter w = s.beginStage("route", "r.rpt", Map.of(), false);
            for (int i = 0; i < 10; i++) {
                w.append(block(i));
            }
            ReportBlock changed = SegmentStoreTest.path(10, 650); // another slack at the same place
            StadbException e = assertThrows(StadbException.class, () -> w.append(changed));
            assertEquals("r.rpt", e.source());
            assertEquals(changed.sourceLine(), e.line());
            assertEquals(changed.sourceOffset(), e.offset());
            assertTrue(e.getMessage().contains("differs from the interrupted ingest of stage 'route'")
                && e.getMessage().contains("block 11") && e.getMessage().contains("nothing was stored"), e.getMessage());
            w.close();
            assertEquals(List.of(), s.interrupted(), "the interrupted ingest is discarded");
            assertEquals(List.of(), stageDirs(crashed));
        }
        Path shorter = tmp.resolve("shorter");
        crashAfter(db, "route", "r.rpt", 40, shorter);
        try (Store s = Store.open(shorter, true)) {
            StageWriter w = s.beginStage("route", "r.rpt", Map.of(), false);
            for (int i = 0; i < 39; i++) {
                w.append(block(i));
            }
            StadbException e = assertThrows(StadbException.class, () -> w.commit(123, 0));
            assertEquals(123, e.offset());
            assertTrue(e.getMessage().contains("the input ended after 39 blocks"), e.getMessage());
            assertTrue(s.stages().isEmpty());
            assertEquals(List.of(), s.interrupted());
            try (StageWriter fresh = s.beginStage("route", "r.rpt", Map.of(), false)) {
                fresh.append(block(0));
                assertEquals(0, fresh.resumedBlocks());
                fresh.commit(1, 1);
            }
        }
    }

    @Test
    void compactionDropsInterruptedIngestsAndAnEmptyJournalResumesNothing() throws IOException {
        Path db = tmp.resolve("db");
        place(db);
        Path crashed = tmp.resolve("crashed");
        crashAfter(db, "route", "r.rpt", 0, crashed);
        try (Store s = Store.open(crashed, true)) {
            try (StageWriter w = s.beginStage("route", "r.rpt", Map.of(), false)) {
                w.append(block(0));
                assertEquals(0, w.resumedBlocks(), "a part without records");
                StoreFiles.crashCopy(crashed, tmp.resolve("again"));
            }
        }
        try (Store s = Store.open(tmp.resolve("again"), true)) {
            assertEquals(1, s.interrupted().size());
            String summary = s.compact(false, false);
            assertTrue(summary.contains("dropped 1 interrupted ingests") && summary.contains("deleted 1 journals"), summary);
            assertEquals(List.of(), s.interrupted());
            assertEquals(List.of("1"), stageDirs(tmp.resolve("again")));
            assertEquals(List.of(), s.verify());
            StageWriter w = s.beginStage("route", "r.rpt", Map.of(), false);
            StadbException e = assertThrows(StadbException.class, () -> s.compact(false, false));
            assertTrue(e.getMessage().contains("being written"), e.getMessage());
            w.abort();
        }
    }
}

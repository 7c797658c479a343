package io.stadb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockKind;
import io.stadb.codec.Col;
import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.SegmentReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages as columnar segments: several chunks, deltas against the parent, the dictionary, corruption. */
class SegmentStoreTest {
    @TempDir
    Path tmp;

    @AfterEach
    void nothingLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(tmp));
    }

    /** A path-like block: the engine tests cannot use the parser, so blocks are built by hand. */
    static ReportBlock path(int i, int period) {
        ReportBlock b = new ReportBlock().clear(BlockKind.PATH);
        b.setSource(3000L * i, 30L * i + 1);
        b.layout().enable(Col.DELAY, 7).enable(Col.TIME, 7).setDigits(2);
        text(b, b.addRow(RowKind.STARTPOINT), "r" + (i % 97), "rising edge-triggered flip-flop clocked by clk");
        text(b, b.addRow(RowKind.ENDPOINT), "r" + (i % 89), "rising edge-triggered flip-flop clocked by clk");
        text(b, b.addRow(RowKind.PATH_GROUP), "clk", null);
        text(b, b.addRow(RowKind.PATH_TYPE), "max", null);
        b.addRow(RowKind.BLANK);
        long t = 0;
        for (int k = 0; k < 3 + i % 4; k++) {
            int r = b.addRow(RowKind.POINT);
            text(b, r, "u" + ((i + k) % 50) + "/Y", "NAND2X1");
            t += 10 + (i + k) % 50;
            b.setNum(r, Col.DELAY, 10 + (i + k) % 50);
            b.setNum(r, Col.TIME, t);
            b.setEdge(r, (byte) ((i + k) % 2 == 0 ? '^' : 'v'));
        }
        int sl = b.addRow(RowKind.POINT);
        text(b, sl, "slack", period - t < 0 ? "VIOLATED" : "MET");
        b.setNum(sl, Col.TIME, period - t);
        b.deriveFacts();
        return b;
    }

    private static void text(ReportBlock b, int row, String name, String aux) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        b.setName(row, n, 0, n.length);
        if (aux != null) {
            byte[] x = aux.getBytes(StandardCharsets.ISO_8859_1);
            b.setAux(row, x, 0, x.length);
        }
    }

    private static StageInfo write(Store s, String name, int blocks, int period) {
        try (StageWriter w = s.beginStage(name, "gen", Map.of(), false)) {
            for (int i = 0; i < blocks; i++) {
                w.append(path(i, period));
            }
            return w.commit(1, 2);
        }
    }

    private static void assertStage(Store s, StageInfo st, int blocks, int period) {
        List<ReportBlock> back = new ArrayList<>();
        assertEquals(blocks, s.forEachBlock(st, b -> {
            ReportBlock c = new ReportBlock();
            c.copyFrom(b);
            back.add(c);
        }));
        for (int i = 0; i < blocks; i++) {
            ReportBlock e = path(i, period);
            assertTrue(back.get(i).sameContent(e), "block " + i);
            assertEquals(e.sourceLine(), back.get(i).sourceLine());
        }
    }

    @Test
    void stagesSpanSeveralChunksAndLaterStagesAreDeltas() throws IOException {
        Path db = tmp.resolve("db");
        int n = 9000; // three chunks
        StageInfo first;
        StageInfo second;
        try (Store s = Store.open(db, true)) {
            first = write(s, "place", n, 1000);
            second = write(s, "route", n, 990);
            assertStage(s, first, n, 1000);
            assertStage(s, second, n, 990);
            SegmentReader seg = s.segment(second.id());
            assertEquals(3, seg.chunkCount());
            for (int i = 0; i < 3; i++) {
                assertEquals(first.id(), seg.baseStage(i), "chunk " + i + " is a delta of the parent");
            }
            assertTrue(second.storedBytes() * 3 < first.storedBytes(),
                "delta stage " + second.storedBytes() + " vs full " + first.storedBytes());
            StadbException e = assertThrows(StadbException.class, () -> s.beginStage("place", "x", Map.of(), true));
            assertTrue(e.getMessage().contains("deltas of it"), e.getMessage());
        }
        try (Store r = Store.open(db, false)) {
            assertStage(r, r.stage("route").orElseThrow(), n, 990);
            assertEquals(n, r.forEachJournaledBlock(r.stage("route").orElseThrow(), b -> { }));
        }
    }

    @Test
    void uncommittedNamesAreCutAndReadersSeeOnlyTheCommittedDictionary() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            write(s, "a", 10, 500);
        }
        long committed = Files.size(db.resolve("names.dict"));
        Files.write(db.resolve("names.dict"), new byte[] {5, 'x', 'y'}, java.nio.file.StandardOpenOption.APPEND);
        try (Store r = Store.open(db, false)) {
            assertStage(r, r.stage("a").orElseThrow(), 10, 500);
        }
        try (Store w = Store.open(db, true)) {
            assertEquals(committed, Files.size(db.resolve("names.dict")), "a torn tail is cut by the next writer");
            write(w, "b", 10, 400);
        }
        try (Store r = Store.open(db, false)) {
            assertStage(r, r.stage("b").orElseThrow(), 10, 400);
        }
    }

    @Test
    void aFlippedByteInASegmentIsFoundAndNamesTheFile() throws IOException {
        Path db = tmp.resolve("db");
        StageInfo a;
        try (Store s = Store.open(db, true)) {
            a = write(s, "a", 100, 500);
            write(s, "b", 100, 400);
        }
        Path seg = db.resolve("stages").resolve(Long.toString(a.id())).resolve(SegmentFormat.FILE_NAME);
        byte[] bytes = Files.readAllBytes(seg);
        bytes[200] ^= 0x10;
        Files.write(seg, bytes);
        try (Store r = Store.open(db, false)) {
            CorruptBlockException e = assertThrows(CorruptBlockException.class,
                () -> r.forEachBlock(r.stage("a").orElseThrow(), b -> { }));
            assertTrue(e.getMessage().contains(seg.toString()), e.getMessage());
        }
        Files.write(seg, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        try (Store r = Store.open(db, false)) {
            CorruptBlockException e = assertThrows(CorruptBlockException.class,
                () -> r.forEachBlock(r.stage("a").orElseThrow(), b -> { }));
            assertTrue(e.getMessage().contains("trailer"), e.getMessage());
        }
    }

    @Test
    void segmentLayoutIsPinned() {
        assertEquals(0x31475353, SegmentFormat.MAGIC);
        assertEquals(8, SegmentFormat.HEADER_LENGTH);
        assertEquals(48, SegmentFormat.ENTRY_LENGTH);
        assertEquals(36, SegmentFormat.ENTRY_BASE_STAGE);
        assertEquals(24, SegmentFormat.TRAILER_LENGTH);
        assertEquals(16, SegmentFormat.TRAILER_MAGIC_OFFSET);
    }

    @Test
    void rollbackMovesTheHeadReversiblyAndVerifyFindsDamage() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            write(s, "place", 50, 500);
            write(s, "cts", 50, 490);
            write(s, "route", 50, 480);
            assertTrue(s.verify().isEmpty(), s.verify().toString());
            assertEquals("place", s.rollback("place").name());
            assertEquals(StageState.ROLLED_BACK, s.stage("route").orElseThrow().state());
            assertStage(s, s.stage("route").orElseThrow(), 50, 480);
            StageInfo next = write(s, "route2", 50, 470);
            assertEquals(s.stage("place").orElseThrow().id(), next.parentId());
            assertEquals("route", s.rollback("route").name());
            assertEquals(StageState.COMMITTED, s.stage("cts").orElseThrow().state());
            assertEquals(StageState.ROLLED_BACK, s.stage("route2").orElseThrow().state());
            assertThrows(StadbException.class, () -> s.rollback("nope"));
        }
        Path seg = db.resolve("stages").resolve("2").resolve(SegmentFormat.FILE_NAME);
        byte[] bytes = Files.readAllBytes(seg);
        bytes[100] ^= 1;
        Files.write(seg, bytes);
        try (Store r = Store.open(db, false)) {
            List<String> problems = r.verify();
            assertTrue(problems.stream().anyMatch(p -> p.contains(seg.toString())), problems.toString());
            assertStage(r, r.stage("place").orElseThrow(), 50, 500);
        }
    }

    /** Regressions found in review: a commit that half-fails must leave a consistent, openable store. */
    @Test
    void failuresAroundCommitKeepTheStoreConsistent() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            write(s, "route", 5, 500);
        }
        // the replaced stage cannot be deleted: the new one stays committed, the orphan goes later
        FileIo deleteFails = new FileIo() {
            private boolean failed;

            @Override
            public void deleteTree(Path dir) throws IOException {
                if (!failed && dir.getFileName().toString().equals("1")) {
                    failed = true;
                    throw new IOException("device busy");
                }
                super.deleteTree(dir);
            }
        };
        try (Store s = Store.open(db, true, deleteFails)) {
            try (StageWriter w = s.beginStage("route", "again", Map.of(), true)) {
                w.append(path(0, 400));
                w.commit(1, 1);
            }
            assertEquals(List.of("route"), s.stages().stream().map(StageInfo::name).toList());
        }
        try (Store s = Store.open(db, true)) {
            assertEquals(1, s.stages().size());
            assertStage(s, s.stage("route").orElseThrow(), 1, 400);
            try (var dirs = Files.list(db.resolve("stages"))) {
                assertEquals(1, dirs.count(), "the orphan of the replaced stage is removed");
            }
        }
        // the catalog switch fails after new names were appended: the next stage still commits cleanly
        FileIo catalogFails = new FileIo() {
            private int writes;

            @Override
            public void writeAtomically(Path target, byte[] bytes) throws IOException {
                if (target.getFileName().toString().equals("catalog") && ++writes == 2) {
                    throw new IOException("No space left on device");
                }
                super.writeAtomically(target, bytes);
            }
        };
        try (Store s = Store.open(db, true, catalogFails)) {
            StageWriter w = s.beginStage("cts", "x", Map.of(), false);
            w.append(path(1, 300));
            ReportBlock fresh = path(2, 300);
            int r = fresh.addRow(RowKind.VERBATIM);
            byte[] n = "a brand new name".getBytes(StandardCharsets.ISO_8859_1);
            fresh.setName(r, n, 0, n.length);
            w.append(fresh);
            assertThrows(StadbException.class, () -> w.commit(1, 1));
            write(s, "floorplan", 3, 200);
        }
        try (Store s = Store.open(db, false)) {
            assertStage(s, s.stage("floorplan").orElseThrow(), 3, 200);
            assertTrue(s.stage("cts").isEmpty());
        }
    }

    @Test
    void aStoreWhoseCreationDiedCanBeCreatedAgain() throws IOException {
        Path db = tmp.resolve("db");
        Files.createDirectories(db.resolve("stages"));
        Files.writeString(db.resolve("catalog"), "stadb-catalog 1\nhead -1\nnext-id 1\n");
        Files.writeString(db.resolve("writer.lock"), "");
        try (Store s = Store.open(db, true)) {
            assertEquals("a", write(s, "a", 2, 100).name());
        }
    }

    @Test
    void damagedDictionaryAndSegmentsAreNamedPrecisely() throws IOException {
        Path db = tmp.resolve("db");
        StageInfo a;
        try (Store s = Store.open(db, true)) {
            a = write(s, "a", 20, 300);
        }
        Path seg = db.resolve("stages").resolve(Long.toString(a.id())).resolve(SegmentFormat.FILE_NAME);
        byte[] good = Files.readAllBytes(seg);
        Files.write(seg, new byte[64]);
        try (Store r = Store.open(db, false)) {
            List<String> problems = r.verify();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("not a stadb segment"), problems.toString());
        }
        byte[] version = good.clone();
        version[4] = 9;
        Files.write(seg, version);
        try (Store r = Store.open(db, false)) {
            assertTrue(r.verify().get(0).contains("unsupported segment version"), r.verify().toString());
        }
        Files.write(seg, good);
        Path names = db.resolve("names.dict");
        byte[] dict = Files.readAllBytes(names);
        Files.write(names, java.util.Arrays.copyOf(dict, dict.length / 2));
        CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> Store.open(db, false));
        assertTrue(e.getMessage().contains("names.dict") && e.getMessage().contains("shorter"), e.getMessage());
        Files.write(names, dict);
        try (Store r = Store.open(db, false)) {
            assertTrue(r.verify().isEmpty());
            assertTrue(r.names().size() > 0);
        }
    }

    @Test
    void compactionRemovesRolledBackStagesFoldsDeltasAndDropsJournals() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            write(s, "place", 5000, 500);
            write(s, "cts", 5000, 490);     // delta of place
            write(s, "route", 5000, 480);   // delta of place (chains stay one link)
            s.rollback("cts");
            long before = s.stage("cts").orElseThrow().storedBytes();
            String summary = s.compact(false, true);
            assertTrue(summary.contains("removed [route]") && summary.contains("folded [cts]"), summary);
            assertEquals(List.of("place", "cts"), s.stages().stream().map(StageInfo::name).toList());
            StageInfo cts = s.stage("cts").orElseThrow();
            assertTrue(cts.storedBytes() > before, "a folded stage stands alone, so it is bigger");
            SegmentReader seg = s.segment(cts.id());
            for (int i = 0; i < seg.chunkCount(); i++) {
                assertEquals(-1, seg.baseStage(i));
            }
            assertStage(s, cts, 5000, 490);
            assertTrue(s.verify().isEmpty(), s.verify().toString());
            assertTrue(Files.notExists(db.resolve("stages").resolve(Long.toString(cts.id())).resolve("journal")));
            // place is no longer anyone's base: it can be replaced now
            try (StageWriter w = s.beginStage("place", "again", Map.of(), true)) {
                w.append(path(0, 100));
                w.commit(1, 1);
            }
        }
        try (Store r = Store.open(db, false)) {
            assertStage(r, r.stage("cts").orElseThrow(), 5000, 490);
            assertEquals(2, r.stages().size());
        }
    }
}

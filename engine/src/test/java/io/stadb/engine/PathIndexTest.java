package io.stadb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.PathStatus;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-stage path index: layout, values, zone map, rebuild and corruption. */
class PathIndexTest {
    @TempDir
    Path tmp;

    @Test
    void layoutIsPinned() {
        assertEquals(56, PathIndexFormat.RECORD_LENGTH);
        int[] offsets = {PathIndexFormat.SLACK, PathIndexFormat.ARRIVAL, PathIndexFormat.REQUIRED,
            PathIndexFormat.STARTPOINT, PathIndexFormat.ENDPOINT, PathIndexFormat.GROUP, PathIndexFormat.CORNER,
            PathIndexFormat.MODE, PathIndexFormat.MIN_MAX, PathIndexFormat.STATUS, PathIndexFormat.START_KIND,
            PathIndexFormat.END_KIND, PathIndexFormat.BLOCK, PathIndexFormat.ROW};
        int[] widths = {8, 8, 8, 4, 4, 4, 4, 4, 1, 1, 1, 1, 4, 4};
        int at = 0;
        for (int i = 0; i < offsets.length; i++) {
            assertEquals(at, offsets[i], "field " + i);
            at += widths[i];
        }
        assertEquals(PathIndexFormat.RECORD_LENGTH, at);
        assertEquals(16, PathIndexFormat.HEADER_LENGTH);
        assertEquals(32, PathIndexFormat.TRAILER_LENGTH);
        assertEquals(24, PathIndexFormat.TRAILER_MAGIC_OFFSET);
        assertEquals(4, PathIndexFormat.ORDER_ENTRY);
        assertEquals(0, PathIndexFormat.TRAILER_ORDER_OFFSET);
        assertEquals(8, PathIndexFormat.TRAILER_RECORD_COUNT);
        assertEquals(20, PathIndexFormat.TRAILER_CRC);
        assertEquals(0x31585053, PathIndexFormat.MAGIC);
    }

    private static StageInfo write(Store s, String name, int n, int period) {
        try (StageWriter w = s.beginStage(name, "gen", Map.of(), false)) {
            for (int i = 0; i < n; i++) {
                w.append(SegmentStoreTest.path(i, period));
            }
            return w.commit(1, 2);
        }
    }

    @Test
    void recordsHoldEachPathsHeaderInInputOrderAndTheOrderSectionSortsThem() throws IOException {
        int n = 2 * PathIndexFormat.RUN_LENGTH + 100; // three sort runs to merge
        try (Store s = Store.open(tmp.resolve("db"), true)) {
            StageInfo st = write(s, "a", n, 300);
            try (StageReader r = s.openStageReader(st)) {
                PathIndex idx = r.paths();
                assertEquals(n, idx.size());
                Long[] bySlack = new Long[n];
                for (int i = 0; i < n; i++) {
                    ReportBlock b = SegmentStoreTest.path(i, 300);
                    long slack = b.facts().slack() * 10_000; // 2 digits -> 6
                    assertEquals(slack, idx.slack(i), "path " + i);
                    assertEquals(PathIndexFormat.NO_TIME, idx.arrival(i)); // the hand-made blocks print none
                    assertEquals("r" + (i % 97), r.names().name(idx.startpoint(i)));
                    assertEquals("r" + (i % 89), r.names().name(idx.endpoint(i)));
                    assertEquals("clk", r.names().name(idx.group(i)));
                    assertEquals(-1, idx.corner(i));
                    assertEquals(PathIndexFormat.MAX, idx.minMax(i));
                    assertEquals(PinKind.FLIP_FLOP, idx.startKind(i));
                    assertEquals(PinKind.FLIP_FLOP, idx.endKind(i));
                    assertEquals(slack < 0 ? PathStatus.VIOLATED : PathStatus.MET, idx.status(i));
                    assertEquals(i, idx.block(i));
                    assertEquals(-1, idx.row(i));
                    bySlack[i] = (long) i;
                }
                java.util.Arrays.sort(bySlack, java.util.Comparator.comparingLong((Long o) -> idx.slack(o))
                    .thenComparingLong(o -> o));
                for (int k = 0; k < n; k++) {
                    assertEquals(bySlack[k], idx.ordinalAt(k), "rank " + k);
                    long o = bySlack[k];
                    assertEquals(k + 1, idx.rankAfter(idx.slack(o), o));
                }
                assertEquals(0, idx.rankAfter(Long.MIN_VALUE, -1));
                assertEquals(n, idx.rankAfter(Long.MAX_VALUE, Long.MAX_VALUE));
                assertFalse(Files.exists(tmp.resolve("db").resolve("stages").resolve(Long.toString(st.id()))
                    .resolve(PathIndexFormat.FILE_NAME + ".sort")), "sort scratch file left behind");
                idx.checkCrc();
                // Blocks through the reader: forward within a chunk, then back.
                assertTrue(r.block(4100).sameContent(SegmentStoreTest.path(4100, 300)));
                assertTrue(r.block(4101).sameContent(SegmentStoreTest.path(4101, 300)));
                assertTrue(r.block(3).sameContent(SegmentStoreTest.path(3, 300)));
                assertThrows(IndexOutOfBoundsException.class, () -> r.block(n));
            }
        }
    }

    @Test
    void aMissingIndexIsRebuiltByTheWriterAndADamagedOneIsFoundAndRepaired() throws IOException {
        Path db = tmp.resolve("db");
        StageInfo st;
        byte[] original;
        try (Store s = Store.open(db, true)) {
            st = write(s, "a", 300, 500);
        }
        Path idx = db.resolve("stages").resolve(Long.toString(st.id())).resolve(PathIndexFormat.FILE_NAME);
        original = Files.readAllBytes(idx);
        Files.delete(idx);
        try (Store r = Store.open(db, false)) {
            StadbException e = assertThrows(StadbException.class, () -> r.openStageReader(r.stage("a").orElseThrow()));
            assertTrue(e.getMessage().contains("verify --repair"), e.getMessage());
            assertFalse(r.verify().isEmpty());
        }
        try (Store w = Store.open(db, true)) { // recovery rebuilds it
            assertEquals(List.of(), w.verify());
        }
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(idx)), "the rebuilt index is the same bytes");

        try (FileChannel ch = FileChannel.open(idx, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x55}), PathIndexFormat.HEADER_LENGTH + 3L * PathIndexFormat.RECORD_LENGTH);
        }
        try (Store r = Store.open(db, false)) {
            List<String> problems = r.verify();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains(idx.toString()) && problems.get(0).contains("CRC32C"), problems.get(0));
        }
        try (Store w = Store.open(db, true)) {
            assertEquals(List.of(idx.toString()), w.repairPathIndexes());
            assertEquals(List.of(), w.verify());
            assertEquals(List.of(), w.repairPathIndexes());
        }
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(idx)));
    }
}

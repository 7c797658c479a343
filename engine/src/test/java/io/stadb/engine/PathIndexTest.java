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
        assertEquals(16, PathIndexFormat.HEADER_LENGTH);
        assertEquals(4, PathIndexFormat.HEADER_VERSION);
        assertEquals(8, PathIndexFormat.HEADER_PAGE_LENGTH);
        assertEquals(12, PathIndexFormat.HEADER_COLUMNS);
        assertEquals(3, PathIndexFormat.VERSION);
        assertEquals(4096, PathIndexFormat.PAGE_LENGTH);
        int[] columns = {PathIndexFormat.COL_SLACK, PathIndexFormat.COL_ARRIVAL, PathIndexFormat.COL_REQUIRED,
            PathIndexFormat.COL_STARTPOINT, PathIndexFormat.COL_ENDPOINT, PathIndexFormat.COL_GROUP,
            PathIndexFormat.COL_CORNER, PathIndexFormat.COL_MODE, PathIndexFormat.COL_MIN_MAX,
            PathIndexFormat.COL_STATUS, PathIndexFormat.COL_START_KIND, PathIndexFormat.COL_END_KIND,
            PathIndexFormat.COL_BLOCK, PathIndexFormat.COL_ROW};
        for (int i = 0; i < columns.length; i++) {
            assertEquals(i, columns[i], "column " + i);
        }
        assertEquals(columns.length, PathIndexFormat.COLUMNS);
        // Directory entry: i64 base, u64 locator (address 36 bits, R 9, width 7, exponent 5, flags 4).
        assertEquals(0, PathIndexFormat.DIR_BASE);
        assertEquals(8, PathIndexFormat.DIR_LOCATOR);
        assertEquals(16, PathIndexFormat.DIRECTORY_ENTRY);
        assertEquals(14 * 16, PathIndexFormat.PAGE_DIRECTORY);
        int[] shifts = {0, PathIndexFormat.LOC_RECORD_BITS, PathIndexFormat.LOC_WIDTH, PathIndexFormat.LOC_EXPONENT,
            PathIndexFormat.LOC_FLAGS};
        int[] bits = {36, 9, 7, 5, 4};
        int at = 0;
        for (int i = 0; i < shifts.length; i++) {
            assertEquals(at, shifts[i], "locator field " + i);
            at += bits[i];
        }
        assertEquals(61, at);
        assertEquals(PathIndexFormat.LOC_ADDRESS_BITS, bits[0]);
        assertEquals((1L << 36) - 1, PathIndexFormat.LOC_ADDRESS_MASK);
        assertEquals((1 << 9) - 1, PathIndexFormat.LOC_RECORD_BITS_MASK);
        assertEquals((1 << 7) - 1, PathIndexFormat.LOC_WIDTH_MASK);
        assertEquals((1 << 5) - 1, PathIndexFormat.LOC_EXPONENT_MASK);
        assertEquals((1 << 4) - 1, PathIndexFormat.LOC_FLAGS_MASK);
        assertEquals(0x1234L | 447L << 36 | 64L << 45 | 18L << 52 | 15L << 57,
            PathIndexFormat.locator(0x1234, 447, 64, 18, 15));
        assertTrue(PathIndexFormat.MAX_RECORD_BITS <= PathIndexFormat.LOC_RECORD_BITS_MASK);
        assertTrue(8L * Integer.MAX_VALUE <= PathIndexFormat.LOC_ADDRESS_MASK);
        assertEquals(447, PathIndexFormat.MAX_RECORD_BITS);
        assertEquals(1, PathIndexFormat.F_ABSENT);
        assertEquals(2, PathIndexFormat.F_PLUS_INDEX);
        assertEquals(4, PathIndexFormat.F_ARRIVAL_PLUS_SLACK);
        assertEquals(8, PathIndexFormat.F_ARRIVAL_MINUS_SLACK);
        assertEquals(32, PathIndexFormat.TRAILER_LENGTH);
        assertEquals(0, PathIndexFormat.TRAILER_ORDER_OFFSET);
        assertEquals(8, PathIndexFormat.TRAILER_RECORD_COUNT);
        assertEquals(16, PathIndexFormat.TRAILER_DIRECTORY_OFFSET);
        assertEquals(20, PathIndexFormat.TRAILER_CRC);
        assertEquals(24, PathIndexFormat.TRAILER_MAGIC_OFFSET);
        assertEquals(0x31585053, PathIndexFormat.MAGIC);
        assertEquals(0x45585053, PathIndexFormat.TRAILER_MAGIC);
        // The worst case stays one mappable buffer.
        long worst = PathIndexFormat.HEADER_LENGTH + PathIndexFormat.TRAILER_LENGTH
            + (PathIndexFormat.MAX_RECORDS / 4096 + 1) * (PathIndexFormat.PAGE_DIRECTORY
            + 4096L * PathIndexFormat.MAX_RECORD_BITS / 8 + PathIndexFormat.COLUMNS) + PathIndexFormat.MAX_RECORDS * 4;
        assertTrue(worst <= Integer.MAX_VALUE, "worst case " + worst);
        assertEquals(0, PathIndexFormat.ordinalBits(1));
        assertEquals(1, PathIndexFormat.ordinalBits(2));
        assertEquals(20, PathIndexFormat.ordinalBits(1_000_000));
        assertEquals(31, PathIndexFormat.ordinalBits(1L << 31));
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
            ch.write(ByteBuffer.wrap(new byte[] {0x55}), PathIndexFormat.HEADER_LENGTH + 3L);
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

    @Test
    void anOlderVersionIndexIsRefusedByReadersAndRebuiltByTheWriter() throws IOException {
        Path db = tmp.resolve("db");
        StageInfo st;
        try (Store s = Store.open(db, true)) {
            st = write(s, "a", 5000, 700);
        }
        Path idx = db.resolve("stages").resolve(Long.toString(st.id())).resolve(PathIndexFormat.FILE_NAME);
        byte[] original = Files.readAllBytes(idx);
        try (FileChannel ch = FileChannel.open(idx, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {2}), PathIndexFormat.HEADER_VERSION); // what stadb 2 wrote
        }
        try (Store r = Store.open(db, false)) {
            StadbException e = assertThrows(StadbException.class, () -> r.openStageReader(r.stage("a").orElseThrow()));
            assertTrue(e.getMessage().contains("version 2") && e.getMessage().contains("verify --repair"),
                e.getMessage());
        }
        try (Store w = Store.open(db, true)) {
            assertEquals(List.of(), w.verify());
        }
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(idx)), "rebuilt as the writer wrote it");
    }
}

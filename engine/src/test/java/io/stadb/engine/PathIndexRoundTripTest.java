package io.stadb.engine;

import static io.stadb.engine.PathIndexFormat.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.CorruptBlockException;
import io.stadb.engine.internal.IndexRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format v3 packing: random pages of every shape read back value for value, order against a sort. */
class PathIndexRoundTripTest {
    @TempDir
    Path tmp;

    private static final long[] TIME_EXTREMES = {NEG_INF, POS_INF, NO_TIME, 0, -1, 1};

    /** One page's values, in one of several shapes so every encoding path is taken. */
    private static void fillPage(SplittableRandom rnd, long[][] c, int from, int to, int shape) {
        long block0 = rnd.nextInt(1000);
        long k = (long) Math.pow(10, rnd.nextInt(7));
        int idRange = 1 + rnd.nextInt(shape == 3 ? Integer.MAX_VALUE : 5000);
        int idBase = rnd.nextInt(Integer.MAX_VALUE - idRange);
        int rowsPerBlock = 1 + rnd.nextInt(700);
        boolean maxPaths = rnd.nextBoolean();
        for (int i = from; i < to; i++) {
            switch (shape) {
                case 0 -> { // a full-format page: times at k, required = arrival + slack or arrival - slack
                    long a = rnd.nextLong(-50_000, 5_000_000) * k;
                    long s = rnd.nextLong(-2_000_000, 2_000_000) * k;
                    c[COL_ARRIVAL][i] = a;
                    c[COL_SLACK][i] = s;
                    c[COL_REQUIRED][i] = maxPaths ? a + s : a - s;
                    c[COL_MIN_MAX][i] = maxPaths ? MAX : MIN;
                    c[COL_BLOCK][i] = i + block0 + (i - from) / 1000;
                    c[COL_ROW][i] = -1;
                }
                case 1 -> { // table rows: absent times and names here and there, block runs, rows counting up
                    c[COL_SLACK][i] = rnd.nextInt(10) == 0 ? NO_TIME : rnd.nextLong(-999, 999) * k;
                    c[COL_ARRIVAL][i] = rnd.nextInt(3) == 0 ? NO_TIME : rnd.nextLong(0, 99_999) * k;
                    c[COL_REQUIRED][i] = rnd.nextInt(3) == 0 ? NO_TIME : rnd.nextLong(-99, 99_999) * k;
                    c[COL_MIN_MAX][i] = MAX;
                    c[COL_BLOCK][i] = block0 + (i - from) / rowsPerBlock;
                    c[COL_ROW][i] = (i - from) % rowsPerBlock + 2;
                }
                case 2 -> { // everything constant or absent: width 0 everywhere
                    c[COL_SLACK][i] = NO_TIME;
                    c[COL_ARRIVAL][i] = 7_000;
                    c[COL_REQUIRED][i] = NO_TIME;
                    c[COL_MIN_MAX][i] = 0;
                    c[COL_BLOCK][i] = block0;
                    c[COL_ROW][i] = -1;
                }
                default -> { // extremes: infinities next to NO_TIME, odd values, ids across the int range
                    c[COL_SLACK][i] = rnd.nextInt(4) == 0 ? TIME_EXTREMES[rnd.nextInt(TIME_EXTREMES.length)]
                        : rnd.nextLong(NEG_INF, POS_INF);
                    c[COL_ARRIVAL][i] = TIME_EXTREMES[rnd.nextInt(TIME_EXTREMES.length)];
                    c[COL_REQUIRED][i] = rnd.nextBoolean() ? NO_TIME : rnd.nextLong(NEG_INF, POS_INF);
                    c[COL_MIN_MAX][i] = rnd.nextInt(3);
                    c[COL_BLOCK][i] = rnd.nextInt(Integer.MAX_VALUE);
                    c[COL_ROW][i] = rnd.nextInt(4) == 0 ? -1 : rnd.nextInt(Integer.MAX_VALUE);
                }
            }
            for (int col = COL_STARTPOINT; col <= COL_MODE; col++) {
                boolean absent = shape == 2 ? col != COL_GROUP : rnd.nextInt(col == COL_CORNER ? 2 : 20) == 0;
                c[col][i] = absent ? -1 : shape == 2 ? 5 : idBase + rnd.nextInt(idRange);
            }
            c[COL_STATUS][i] = shape == 2 ? 1 : rnd.nextInt(4);
            c[COL_START_KIND][i] = shape == 3 ? rnd.nextInt(8) : 2;
            c[COL_END_KIND][i] = shape == 3 ? rnd.nextInt(8) : rnd.nextInt(2);
        }
    }

    @Test
    void randomPagesOfEveryShapeReadBackExactly() throws IOException {
        long seed = System.nanoTime();
        System.out.println("PathIndexRoundTripTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        int pages = 9;
        int n = (pages - 1) * PAGE_LENGTH + 1 + rnd.nextInt(PAGE_LENGTH - 1); // a partial last page
        long[][] c = new long[COLUMNS][n];
        for (int p = 0; p < pages; p++) {
            fillPage(rnd, c, p * PAGE_LENGTH, Math.min(n, (p + 1) * PAGE_LENGTH), p < 4 ? p : rnd.nextInt(4));
        }
        Path f = tmp.resolve("r.idx");
        IndexRecords.write(f, c, n);
        int[] widths = locatorFields(f, LOC_WIDTH, LOC_WIDTH_MASK);
        assertTrue(Arrays.stream(widths).anyMatch(w -> w == 0), "no width 0 (seed " + seed + ")");
        assertTrue(Arrays.stream(widths).anyMatch(w -> w == 64), "no width 64 (seed " + seed + ")");
        int[] flags = locatorFields(f, LOC_FLAGS, LOC_FLAGS_MASK);
        for (int flag : new int[] {F_ABSENT, F_PLUS_INDEX, F_ARRIVAL_PLUS_SLACK | F_ARRIVAL_MINUS_SLACK}) {
            assertTrue(Arrays.stream(flags).anyMatch(x -> (x & flag) != 0), "no flag " + flag + " (seed " + seed + ")");
        }
        assertTrue(Arrays.stream(locatorFields(f, LOC_EXPONENT, LOC_EXPONENT_MASK)).anyMatch(x -> x >= 2), "no decimal scale");
        try (PathIndex idx = new PathIndex(FileIo.DEFAULT, f)) {
            idx.checkCrc();
            assertEquals(n, idx.size());
            for (int i = 0; i < n; i++) {
                String at = "path " + i + " seed " + seed;
                assertEquals(c[COL_SLACK][i], idx.slack(i), at);
                assertEquals(c[COL_ARRIVAL][i], idx.arrival(i), at);
                assertEquals(c[COL_REQUIRED][i], idx.required(i), at);
                assertEquals(c[COL_STARTPOINT][i], idx.startpoint(i), at);
                assertEquals(c[COL_ENDPOINT][i], idx.endpoint(i), at);
                assertEquals(c[COL_GROUP][i], idx.group(i), at);
                assertEquals(c[COL_CORNER][i], idx.corner(i), at);
                assertEquals(c[COL_MODE][i], idx.mode(i), at);
                assertEquals(c[COL_MIN_MAX][i], idx.minMax(i), at);
                assertEquals(c[COL_STATUS][i], idx.status(i).ordinal(), at);
                assertEquals(c[COL_START_KIND][i], idx.startKind(i).ordinal(), at);
                assertEquals(c[COL_END_KIND][i], idx.endKind(i).ordinal(), at);
                assertEquals(c[COL_BLOCK][i], idx.block(i), at);
                assertEquals(c[COL_ROW][i], idx.row(i), at);
            }
            long[] page = new long[PAGE_LENGTH];
            assertEquals((n + PAGE_LENGTH - 1) / PAGE_LENGTH, idx.pages());
            for (long p = 0; p < idx.pages(); p++) {
                for (int col = 0; col < COLUMNS; col++) {
                    if (col == COL_REQUIRED) {
                        continue;
                    }
                    int count = idx.columnOfPage(col, p, page);
                    assertEquals(Math.min(PAGE_LENGTH, n - p * PAGE_LENGTH), count);
                    for (int j = 0; j < count; j++) {
                        assertEquals(c[col][(int) (p * PAGE_LENGTH + j)], page[j],
                            "page " + p + " column " + col + " path " + j + " seed " + seed);
                    }
                }
            }
            assertThrows(IllegalArgumentException.class, () -> idx.columnOfPage(COL_REQUIRED, 0, page));
            Integer[] sorted = new Integer[n];
            Arrays.setAll(sorted, i -> i);
            Arrays.sort(sorted, Comparator.comparingLong((Integer o) -> c[COL_SLACK][o]).thenComparingInt(o -> o));
            for (int k = 0; k < n; k++) {
                assertEquals((long) sorted[k], idx.ordinalAt(k), "rank " + k + " seed " + seed);
            }
            for (int t = 0; t < 2000; t++) {
                int k = rnd.nextInt(n);
                long s = c[COL_SLACK][sorted[k]];
                long o = t % 2 == 0 ? sorted[k] : rnd.nextLong(-1, n + 1);
                long expect = 0;
                while (expect < n && (c[COL_SLACK][sorted[(int) expect]] < s
                    || c[COL_SLACK][sorted[(int) expect]] == s && sorted[(int) expect] <= o)) {
                    expect++;
                }
                assertEquals(expect, idx.rankAfter(s, o), "rankAfter(" + s + ", " + o + ") seed " + seed);
            }
            assertEquals(0, idx.rankAfter(Long.MIN_VALUE, -1));
            assertEquals(n, idx.rankAfter(Long.MAX_VALUE, Long.MAX_VALUE));
        }
    }

    /** One locator field of every directory entry, read from the file as the layout says. */
    private static int[] locatorFields(Path f, int shift, int mask) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        int t = b.capacity() - TRAILER_LENGTH;
        int dir = b.getInt(t + TRAILER_DIRECTORY_OFFSET);
        int entries = (int) ((b.getLong(t + TRAILER_ORDER_OFFSET) - dir) / DIRECTORY_ENTRY);
        int[] w = new int[entries];
        for (int e = 0; e < entries; e++) {
            w[e] = (int) (b.getLong(dir + e * DIRECTORY_ENTRY + DIR_LOCATOR) >>> shift) & mask;
        }
        return w;
    }

    @Test
    void emptyAndSinglePathIndexes() throws IOException {
        Path empty = tmp.resolve("e.idx");
        IndexRecords.write(empty, new long[COLUMNS][0], 0);
        assertEquals(HEADER_LENGTH + TRAILER_LENGTH, Files.size(empty));
        try (PathIndex idx = new PathIndex(FileIo.DEFAULT, empty)) {
            idx.checkCrc();
            assertEquals(0, idx.size());
            assertEquals(0, idx.rankAfter(0, 0));
        }
        Path one = tmp.resolve("o.idx");
        long[][] c = new long[COLUMNS][1];
        c[COL_SLACK][0] = -1_230_000;
        c[COL_ARRIVAL][0] = NO_TIME;
        c[COL_REQUIRED][0] = NO_TIME;
        c[COL_ENDPOINT][0] = -1;
        c[COL_ROW][0] = -1;
        c[COL_BLOCK][0] = 41;
        IndexRecords.write(one, c, 1);
        // All widths 0: the file is its header, directory and trailer, and no order bytes.
        assertEquals(HEADER_LENGTH + PAGE_DIRECTORY + TRAILER_LENGTH, Files.size(one));
        try (PathIndex idx = new PathIndex(FileIo.DEFAULT, one)) {
            assertEquals(-1_230_000, idx.slack(0));
            assertEquals(NO_TIME, idx.arrival(0));
            assertEquals(-1, idx.endpoint(0));
            assertEquals(41, idx.block(0));
            assertEquals(-1, idx.row(0));
            assertEquals(0, idx.ordinalAt(0));
            assertEquals(1, idx.rankAfter(-1_230_000, 0));
        }
    }

    @Test
    void anOlderVersionIsRefusedWithTheRepairHint() throws IOException {
        Path f = tmp.resolve("v.idx");
        long[][] c = new long[COLUMNS][3];
        IndexRecords.write(f, c, 3);
        byte[] bytes = Files.readAllBytes(f);
        bytes[HEADER_VERSION] = 2;
        Path old = tmp.resolve("old.idx");
        Files.write(old, bytes);
        assertTrue(PathIndex.isOlderVersion(old));
        assertTrue(!PathIndex.isOlderVersion(f));
        CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> new PathIndex(FileIo.DEFAULT, old));
        assertTrue(e.getMessage().contains("verify --repair"), e.getMessage());

    }

    @Test
    void valuesOutsideTheFormatsRangesAreRefusedNotWrittenCorrupt() {
        long[][] c = new long[COLUMNS][3];
        for (int col = COL_STARTPOINT; col <= COL_MODE; col++) {
            c[col] = new long[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE};
        }
        for (int col = COL_MIN_MAX; col <= COL_END_KIND; col++) {
            c[col] = new long[] {Byte.MIN_VALUE, 0, Byte.MAX_VALUE};
        }
        c[COL_BLOCK] = new long[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE};
        c[COL_ROW] = new long[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE};
        for (int col = COL_SLACK; col <= COL_REQUIRED; col++) {
            c[col] = new long[] {NEG_INF, NO_TIME, POS_INF};
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> IndexRecords.write(tmp.resolve("x.idx"), c, 3));
        assertTrue(e.getMessage().contains("bits per path"), e.getMessage());
    }
}

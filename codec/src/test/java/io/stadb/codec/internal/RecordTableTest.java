package io.stadb.codec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RecordTableTest {
    @Test
    void recordsKeepTheirValuesThroughGrowthAndStartAsInitial() {
        RecordTable t = new RecordTable(3, -7);
        for (long k = 0; k < 5000; k++) {
            int at = t.find(k * 31);
            long[] a = t.array();
            assertEquals(-7, a[at]);
            assertEquals(-7, a[at + 2]);
            a[at] = k;
            a[at + 2] = -k;
        }
        assertEquals(5000, t.size());
        for (long k = 0; k < 5000; k++) {
            int at = t.find(k * 31);
            assertEquals(k, t.array()[at]);
            assertEquals(-k, t.array()[at + 2]);
        }
        assertEquals(5000, t.size(), "finding a key again adds nothing");
    }

    @Test
    void keysAlikeInTheirLow32BitsAreDifferentRecords() {
        RecordTable t = new RecordTable(1, -1);
        for (long hi = 0; hi < 300; hi++) {
            int at = t.find(hi << 32 | 0xABCDL);
            t.array()[at] = hi;
        }
        assertEquals(300, t.size());
        for (long hi = 0; hi < 300; hi++) {
            int at = t.find(hi << 32 | 0xABCDL);
            assertEquals(hi, t.array()[at]);
        }
        assertEquals(300, t.size(), "finding them again adds nothing");
    }

    @Test
    void keyZeroIsARecordLikeAnyOther() {
        RecordTable t = new RecordTable(1, 0);
        int zero = t.find(0);
        t.array()[zero] = 5;
        assertEquals(5, t.array()[t.find(0)]);
        assertEquals(1, t.size());
    }

    @Test
    void reserveKeepsIndicesStableAndClearKeepsCapacity() {
        RecordTable t = new RecordTable(2, 0);
        t.reserve(1000);
        long[] before = t.array();
        int first = t.find(1);
        for (long k = 2; k <= 1000; k++) {
            t.find(k);
        }
        assertSame(before, t.array(), "no growth within the reservation");
        assertEquals(first, t.find(1));
        t.array()[first] = 9;
        t.clear();
        assertEquals(0, t.size());
        assertSame(before, t.array());
        int again = t.find(1);
        assertEquals(0, t.array()[again], "a cleared record starts over");
        t.find(12345);
        assertNotEquals(again, t.find(12345));
    }
}

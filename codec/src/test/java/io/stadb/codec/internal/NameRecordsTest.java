package io.stadb.codec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class NameRecordsTest {
    @Test
    void eachNameHasOneRecordThatKeepsItsValuesAsTheArrayGrows() {
        NameRecords n = new NameRecords(3, -1);
        int anon = n.add();
        for (int id = 0; id < 5000; id += 7) {
            int at = n.of(id);
            assertEquals(-1, n.array()[at + 2], "a new record starts as initial");
            n.array()[at] = id;
        }
        for (int id = 0; id < 5000; id += 7) {
            assertEquals(id, n.array()[n.of(id)]);
        }
        assertEquals(1 + (5000 + 6) / 7, n.size());
        assertNotEquals(anon, n.of(0));
        assertEquals(-1, n.array()[anon]);
    }

    @Test
    void clearForgetsTheNamesSeen() {
        NameRecords n = new NameRecords(2, 0);
        n.array()[n.of(3)] = 9;
        n.of(100_000);
        n.clear();
        assertEquals(0, n.size());
        int at = n.of(3);
        assertEquals(0, n.array()[at], "the chunk after a clear learns anew");
        assertEquals(1, n.size());
    }
}

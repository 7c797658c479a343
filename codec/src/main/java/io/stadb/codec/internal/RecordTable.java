package io.stadb.codec.internal;

import java.util.Arrays;

/**
 * Records of a fixed number of longs found by a 64-bit key. The model groups every prediction a row needs
 * from one context (a pin, an arc, a name) into one record, so a row costs one probe per context instead
 * of one hash lookup per column: JFR put ~40 % of encoding in {@code Long2LongHashMap} probes, one per
 * column per row.
 *
 * <p>The hash table holds one long per slot, the record's number and 32 bits of its key, and the records
 * (key, then values) sit apart in one dense array in the order they were added. A probe that misses
 * touches only the slot array (8 bytes a slot, not 8 bytes per value at half load), and a new record is
 * appended where the previous one ended instead of somewhere in a sparse array: on generated reports,
 * where most contexts are new, each table grew to several MB per chunk and nearly every probe was a
 * cache miss on the slot and another on filling the new record. Keys are compared whole (the record keeps
 * its key), so which record a key finds is exactly what a table of whole keys would find.
 *
 * <p>Keys are the model's hashes; two contexts whose keys collide share a record, which costs a wrong
 * prediction, never correctness, as encoder and decoder collide alike.
 *
 * <p>A record's index ({@link #find}) stays valid until the records array grows; {@link #reserve} before a
 * block so that no insertion inside the block moves the records.
 */
final class RecordTable {
    private final int stride;
    private final long initial;
    /** (record number + 1) << 32 | low 32 bits of the key; 0 = free. */
    private long[] slots;
    private int shift;
    /** Records of {@link #stride} longs: the key, then the values. */
    private long[] records;
    private int size;

    /** Records of {@code width} values, each {@code initial} when the record is added. */
    RecordTable(int width, long initial) {
        this.stride = width + 1;
        this.initial = initial;
        slots = new long[64];
        shift = 64 - 6;
        records = new long[32 * stride];
    }

    /** The array {@link #find}'s indices point into; a new array after the records grow. */
    long[] array() {
        return records;
    }

    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /**
     * The index in {@link #array()} of the first value of the record of {@code key}, added (every value
     * {@code initial}) when absent.
     */
    int find(long key) {
        long[] s = slots;
        int mask = s.length - 1;
        long low = key & 0xFFFF_FFFFL;
        for (int i = home(key); ; i = (i + 1) & mask) {
            long x = s[i];
            if (x == 0) {
                break;
            }
            if ((x & 0xFFFF_FFFFL) == low) {
                int at = ((int) (x >>> 32) - 1) * stride;
                if (records[at] == key) {
                    return at + 1;
                }
            }
        }
        if (2 * (size + 1) > s.length) {
            growSlots(2 * s.length);
            return find(key);
        }
        int at = size * stride;
        if (at + stride > records.length) {
            records = Arrays.copyOf(records, Math.max(at + stride, 2 * records.length));
        }
        long[] r = records;
        r[at] = key;
        for (int j = at + 1; j < at + stride; j++) {
            r[j] = initial;
        }
        size++;
        int i = home(key);
        while (s[i] != 0) {
            i = (i + 1) & mask;
        }
        s[i] = (long) size << 32 | low;
        return at + 1;
    }

    /**
     * Loads the slot the probe of {@code key} starts at, a hint that changes nothing: issued for many
     * keys in a row, the cache misses overlap, and {@link #find} then finds the slot in cache.
     */
    long touch(long key) {
        return slots[home(key)];
    }

    /** Like {@link #touch}, for the record the first slot points to when that slot holds a key like it. */
    long touchRecord(long key) {
        long x = slots[home(key)];
        if (x == 0 || (x & 0xFFFF_FFFFL) != (key & 0xFFFF_FFFFL)) {
            return 0;
        }
        int at = ((int) (x >>> 32) - 1) * stride;
        return records[at] + records[at + stride - 1];
    }

    /** Makes room for {@code more} records, so the next {@code more} insertions move nothing. */
    void reserve(int more) {
        long need = (long) size + more;
        if (2 * need > slots.length) {
            int c = slots.length;
            while (2 * need > c) {
                c *= 2;
            }
            growSlots(c);
        }
        if (need * stride > records.length) {
            long n = records.length;
            while (need * stride > n) {
                n *= 2;
            }
            records = Arrays.copyOf(records, (int) n);
        }
    }

    int size() {
        return size;
    }

    /** Forgets every record and keeps the capacity: the next chunk needs about as many. */
    void clear() {
        if (size > 0) {
            Arrays.fill(slots, 0);
            size = 0;
        }
    }

    private void growSlots(int capacity) {
        long[] s = new long[capacity];
        slots = s;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        int mask = capacity - 1;
        for (int r = 0; r < size; r++) {
            long key = records[r * stride];
            int i = home(key);
            while (s[i] != 0) {
                i = (i + 1) & mask;
            }
            s[i] = (long) (r + 1) << 32 | (key & 0xFFFF_FFFFL);
        }
    }
}

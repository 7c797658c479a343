package io.stadb.codec.internal;

import java.util.Arrays;

/**
 * Records of a fixed number of longs found by a 64-bit key, kept in one open-addressing array with each
 * key next to its values. The model groups every prediction a row needs from one context (a pin, an arc,
 * a name) into one record, so a row costs one probe per context instead of one hash lookup per column:
 * JFR put ~40 % of encoding in {@code Long2LongHashMap} probes, one per column per row.
 *
 * <p>Keys are the model's hashes and are compared whole; two contexts whose keys collide share a record,
 * which costs a wrong prediction, never correctness, as encoder and decoder collide alike.
 *
 * <p>A record's index ({@link #find}) stays valid until the table grows; {@link #reserve} before a block
 * so that no insertion inside the block moves the records.
 */
final class RecordTable {
    private static final long FREE = 0;
    private final int stride;
    private final long initial;
    private long[] slots;
    private int shift;
    private int size;

    /** Records of {@code width} values, each {@code initial} when the record is added. */
    RecordTable(int width, long initial) {
        this.stride = width + 1;
        this.initial = initial;
        allocate(64);
    }

    private void allocate(int capacity) {
        slots = new long[capacity * stride];
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        size = 0;
    }

    /** The array {@link #find}'s indices point into; a new array after the table grows. */
    long[] array() {
        return slots;
    }

    /**
     * The index in {@link #array()} of the first value of the record of {@code key}, added (every value
     * {@code initial}) when absent.
     */
    int find(long key) {
        long k = key == FREE ? 1 : key;
        long[] s = slots;
        int mask = (1 << (64 - shift)) - 1;
        for (int i = (int) ((k * 0x9E3779B97F4A7C15L) >>> shift); ; i = (i + 1) & mask) {
            int at = i * stride;
            long x = s[at];
            if (x == k) {
                return at + 1;
            }
            if (x == FREE) {
                if (2 * (size + 1) > mask + 1) {
                    grow(2 * (mask + 1));
                    return find(key);
                }
                size++;
                s[at] = k;
                Arrays.fill(s, at + 1, at + stride, initial);
                return at + 1;
            }
        }
    }

    /** Makes room for {@code more} records, so the next {@code more} insertions move nothing. */
    void reserve(int more) {
        int capacity = 1 << (64 - shift);
        if (2L * (size + more) > capacity) {
            int c = capacity;
            while (2L * (size + more) > c) {
                c *= 2;
            }
            grow(c);
        }
    }

    int size() {
        return size;
    }

    /** Forgets every record and keeps the capacity: the next chunk needs about as many. */
    void clear() {
        if (size > 0) {
            for (int at = 0; at < slots.length; at += stride) {
                slots[at] = FREE;
            }
            size = 0;
        }
    }

    private void grow(int capacity) {
        long[] old = slots;
        allocate(capacity);
        long[] s = slots;
        int mask = capacity - 1;
        for (int from = 0; from < old.length; from += stride) {
            long k = old[from];
            if (k != FREE) {
                int i = (int) ((k * 0x9E3779B97F4A7C15L) >>> shift);
                while (s[i * stride] != FREE) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, from, s, i * stride, stride);
                size++;
            }
        }
    }
}

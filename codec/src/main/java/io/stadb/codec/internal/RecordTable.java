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
    /**
     * A lossy table stops adding records past this many while fewer than one lookup in
     * {@link #MIN_HIT_SHARE} finds its record: on generated reports (random names and values) the
     * toward-endpoint, arc, time and pin tables grew to 40-180 K records a chunk (slot arrays of 1-4 MB,
     * out of L2) with few hits, while on the real reports of CodecReport they stay under 33 K and hit
     * often. A lookup then finds nothing to learn from, as for a new record, and what the row codes is
     * not kept; encoder and decoder make the same lookups, so they stop and resume alike.
     */
    static final int LEARN_FREELY = 1 << 14;
    static final int MIN_HIT_SHARE = 8;
    private final int stride;
    private final long initial;
    private boolean lossy;
    private long lookups;
    private long hits;
    /** Record number (1..size) << 32 | low 32 bits of the key; 0 = free. */
    private long[] slots;
    private int shift;
    /** Records of {@link #stride} longs: the key, then the values; record 0 is the scratch record. */
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

    /**
     * Whether the table may stop adding records (see {@link #LEARN_FREELY}). A user of such a table holds
     * one of its indices at a time: a lookup that adds nothing gets the scratch record, which the next such
     * lookup resets.
     */
    void limitLearning(boolean on) {
        lossy = on;
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
        if (key == 0) {
            key = 1; // as when 0 marked a free slot: keys 0 and 1 share a record, as the format always had
        }
        long[] s = slots;
        int mask = s.length - 1;
        long low = key & 0xFFFF_FFFFL;
        lookups++;
        for (int i = home(key); ; i = (i + 1) & mask) {
            long x = s[i];
            if (x == 0) {
                break;
            }
            if ((x & 0xFFFF_FFFFL) == low) {
                int at = (int) (x >>> 32) * stride;
                if (records[at] == key) {
                    hits++;
                    return at + 1;
                }
            }
        }
        if (lossy && size >= LEARN_FREELY && hits * MIN_HIT_SHARE < lookups) {
            long[] r = records;
            for (int j = 1; j < stride; j++) {
                r[j] = initial;
            }
            return 1;
        }
        if (2 * (size + 1) > s.length) {
            growSlots(2 * s.length);
            lookups--;
            return find(key);
        }
        int at = (size + 1) * stride;
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

    /** Makes room for {@code more} records, so the next {@code more} insertions move nothing. */
    void reserve(int more) {
        long need = (long) size + 1 + more;
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
        lookups = 0;
        hits = 0;
    }

    private void growSlots(int capacity) {
        long[] s = new long[capacity];
        slots = s;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        int mask = capacity - 1;
        for (int r = 1; r <= size; r++) {
            long key = records[r * stride];
            int i = home(key);
            while (s[i] != 0) {
                i = (i + 1) & mask;
            }
            s[i] = (long) r << 32 | (key & 0xFFFF_FFFFL);
        }
    }
}

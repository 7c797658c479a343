package io.stadb.codec.internal;

import java.util.Arrays;

/**
 * One record of a fixed number of longs per dictionary name, for the names of the current chunk. Names
 * are dense ids, so a name's record is found through an array indexed by id instead of a hash probe, and
 * records sit in first-seen order, which is the order paths visit them again. Besides the names' records
 * there are records without a name ({@link #add}), for contexts such as "no name yet".
 */
final class NameRecords {
    private final int width;
    private final long initial;
    /** Per name id: 1 + the index of its record's first value, or 0 when the chunk has not seen it. */
    private int[] recordOf = new int[1024];
    /** The names that have a record, to forget them at the next chunk without clearing recordOf. */
    private int[] named = new int[1024];
    private int namedCount;
    private long[] values;
    private int length;

    NameRecords(int width, long initial) {
        this.width = width;
        this.initial = initial;
        values = new long[64 * width];
    }

    /** The array {@link #of} and {@link #add} point into; a new array after a record is added. */
    long[] array() {
        return values;
    }

    /** The index of the first value of name {@code id}'s record (id >= 0), added when new. */
    int of(int id) {
        if (id >= recordOf.length) {
            recordOf = Arrays.copyOf(recordOf, Math.max(id + 1, 2 * recordOf.length));
        }
        int at = recordOf[id] - 1;
        if (at < 0) {
            at = add();
            recordOf[id] = at + 1;
            if (namedCount == named.length) {
                named = Arrays.copyOf(named, 2 * namedCount);
            }
            named[namedCount++] = id;
        }
        return at;
    }

    /** A new record that no name owns; every value {@code initial}. */
    int add() {
        if (length + width > values.length) {
            values = Arrays.copyOf(values, 2 * values.length);
        }
        int at = length;
        Arrays.fill(values, at, at + width, initial);
        length += width;
        return at;
    }

    int size() {
        return length / width;
    }

    /** Forgets every record and keeps the capacity. */
    void clear() {
        for (int i = 0; i < namedCount; i++) {
            recordOf[named[i]] = 0;
        }
        namedCount = 0;
        length = 0;
    }
}

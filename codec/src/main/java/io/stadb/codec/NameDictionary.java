package io.stadb.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The store's names (pins, nets, cells, clocks, groups, reasons, labels) as dense int ids. Append-only:
 * an id never changes, so blocks of every stage can share it and a stage never repeats a name an earlier
 * one has. Bytes live in one arena and the hash table holds ids only, so interning allocates nothing per
 * name. Single-writer; readers of a persisted copy use their own instance, and other threads of the writer
 * read a {@link Snapshot}.
 *
 * <p>Invariant the snapshots rely on: {@link #data} and {@link #spans} are append-only. Interning writes only
 * past the current end of both ({@code dataLen}, {@code count}); growing copies them into new arrays and never
 * writes the old ones again. So the entries below a snapshot's size are never written after it was taken.
 */
public final class NameDictionary implements NameLookup, NameBytes {
    private byte[] data = new byte[1 << 16];
    private int dataLen;
    /** Per id: offset in {@link #data} (high 32 bits) and length (low 32 bits), one load per name. */
    private long[] spans = new long[1024];
    private int count;
    /**
     * Open addressing: hash (high 32 bits) and id + 1 (low 32 bits), 0 = empty. The hash sits next to the
     * id so a probe that does not match costs no load of the name itself: on generated reports, where
     * names repeat rarely within a chunk, the coder's lookups were mostly cache misses on those loads.
     */
    private long[] slots = new long[2048];

    @Override
    public int size() {
        return count;
    }

    /** Bytes held by the names (for size accounting). */
    public long dataBytes() {
        return dataLen;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** The slot of {@code b[off, off+len)} with hash {@code h}: its entry, or the empty slot it would take. */
    private int slotOf(int h, byte[] b, int off, int len) {
        long[] s = slots;
        int mask = s.length - 1;
        long tag = (long) h << 32;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long e = s[i];
            if (e == 0 || (e & 0xFFFF_FFFF_0000_0000L) == tag && equalsAt((int) e - 1, b, off, len)) {
                return i;
            }
        }
    }

    private boolean equalsAt(int id, byte[] b, int off, int len) {
        long span = spans[id];
        int at = (int) (span >>> 32);
        return (int) span == len && Arrays.equals(data, at, at + len, b, off, off + len);
    }

    /** The id of {@code b[off, off+len)}, or -1 when it is not in the dictionary. */
    @Override
    public int find(byte[] b, int off, int len) {
        return (int) slots[slotOf(hash(b, off, len), b, off, len)] - 1;
    }

    /** Whether {@code id} is a name and that name is {@code b[off, off+len)} (false for -1). */
    public boolean is(int id, byte[] b, int off, int len) {
        return id >= 0 && id < count && equalsAt(id, b, off, len);
    }

    /** The id of the name, adding it when new. */
    public int intern(byte[] b, int off, int len) {
        return intern(hash(b, off, len), b, off, len);
    }

    /**
     * Interns {@code count} names, name {@code i} being {@code b[offs[i], offs[i] + lens[i])}, in order:
     * {@code ids[i]} is what {@link #intern} of each in turn returns. The lookups' loads are issued in
     * stages over all names first (their slots, then the candidates' spans, then their bytes), so their
     * cache misses overlap instead of following one another: on generated reports, where few names repeat
     * within a chunk, each intern was three misses in a row.
     */
    public void internAll(byte[] b, int[] offs, int[] lens, int count, int[] ids) {
        internAll(b, offs, lens, count, ids, 0);
    }

    /** {@link #internAll(byte[], int[], int[], int, int[])} with the ids written to {@code ids[at, at + count)}. */
    public void internAll(byte[] b, int[] offs, int[] lens, int count, int[] ids, int at) {
        long[] s = slots;
        int mask = s.length - 1;
        long sum = 0;
        for (int i = 0; i < count; i++) {
            int h = hash(b, offs[i], lens[i]);
            ids[at + i] = h;
            sum += s[h & mask];
        }
        for (int i = 0; i < count; i++) {
            long e = s[ids[at + i] & mask];
            if (e != 0 && (int) (e >>> 32) == ids[at + i]) {
                sum += spans[(int) e - 1];
            }
        }
        for (int i = 0; i < count; i++) {
            long e = s[ids[at + i] & mask];
            if (e != 0 && (int) (e >>> 32) == ids[at + i]) {
                sum += data[(int) (spans[(int) e - 1] >>> 32)];
            }
        }
        touched += sum;
        for (int i = 0; i < count; i++) {
            ids[at + i] = intern(ids[at + i], b, offs[i], lens[i]);
        }
    }

    /** What the staged loads of {@link #internAll} read, kept so that the compiler keeps the loads. */
    private long touched;

    private int intern(int h, byte[] b, int off, int len) {
        int i = slotOf(h, b, off, len);
        long e = slots[i];
        if (e != 0) {
            return (int) e - 1;
        }
        int id = add(b, off, len);
        slots[i] = (long) h << 32 | (id + 1L);
        if (count * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private int add(byte[] b, int off, int len) {
        if (count == spans.length) {
            spans = Arrays.copyOf(spans, count * 2);
        }
        if (dataLen + len > data.length) {
            data = Arrays.copyOf(data, Math.max(dataLen + len, data.length * 2));
        }
        System.arraycopy(b, off, data, dataLen, len);
        spans[count] = (long) dataLen << 32 | len;
        dataLen += len;
        return count++;
    }

    private void rehash() {
        long[] old = slots;
        long[] s = new long[old.length * 2];
        int mask = s.length - 1;
        for (long e : old) {
            if (e != 0) {
                int i = (int) (e >>> 32) & mask;
                while (s[i] != 0) {
                    i = (i + 1) & mask;
                }
                s[i] = e;
            }
        }
        slots = s;
    }

    /**
     * The names as they are now, {@code [0, size())}, as a view that another thread may read while this
     * dictionary goes on interning: the view holds the current arena and span arrays, whose entries below
     * its size are never written again (see the class comment), and never reads past its size. It must
     * reach the other thread with a happens-before edge (a lock, a queue, an executor's submit): then it
     * sees those entries as written. Refills {@code into} (owned by the caller) and returns it.
     */
    public Snapshot snapshot(Snapshot into) {
        into.data = data;
        into.spans = spans;
        into.count = count;
        return into;
    }

    /**
     * A read-only view of a {@link NameDictionary}'s first {@link #size()} names (see {@link #snapshot}). It
     * holds no hash table: it resolves ids to bytes, which is all that decoding needs; finding a name's id
     * stays with the dictionary's own thread. Not itself thread-safe: filled by one thread, then handed over.
     */
    public static final class Snapshot implements NameBytes {
        private byte[] data = new byte[0];
        private long[] spans = new long[0];
        private int count;

        @Override
        public int size() {
            return count;
        }

        @Override
        public byte[] bytes() {
            return data;
        }

        @Override
        public int offset(int id) {
            return (int) (span(id) >>> 32);
        }

        @Override
        public int length(int id) {
            return (int) span(id);
        }

        private long span(int id) {
            if (id < 0 || id >= count) {
                throw new IndexOutOfBoundsException("name " + id + " of a snapshot of " + count);
            }
            return spans[id];
        }

        /** Drops the arrays (a snapshot kept for reuse need not keep an old arena alive). */
        public void release() {
            data = new byte[0];
            spans = new long[0];
            count = 0;
        }
    }

    /** Bytes of name {@code id} are {@link #bytes()} {@code [offset(id), offset(id) + length(id))}. */
    @Override
    public byte[] bytes() {
        return data;
    }

    @Override
    public int offset(int id) {
        return (int) (spans[id] >>> 32);
    }

    @Override
    public int length(int id) {
        return (int) spans[id];
    }

    @Override
    public byte[] copyOf(int id) {
        return Arrays.copyOfRange(data, offset(id), offset(id) + length(id));
    }

    @Override
    public String name(int id) {
        return new String(data, offset(id), length(id), StandardCharsets.ISO_8859_1);
    }

    /**
     * Appends names {@code [from, size())} in {@link DictionaryFormat}: a persisted dictionary grows by
     * appending, never by rewriting.
     */
    public void writeEntries(int from, ByteBuilder out) {
        writeEntries(from, count, out, Long.MAX_VALUE);
    }

    /**
     * Appends names from {@code from} on, before {@code to}, until {@code out} holds at least
     * {@code maxBytes}; returns the id of the first name not written ({@code to} when all were).
     */
    public int writeEntries(int from, int to, ByteBuilder out, long maxBytes) {
        int id = from;
        for (; id < to && out.length() < maxBytes; id++) {
            int n = length(id);
            // varint length
            int v = n;
            while ((v & ~0x7F) != 0) {
                out.append((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.append((byte) v);
            out.append(data, offset(id), n);
        }
        return id;
    }

    /**
     * Reads entries written by {@link #writeEntries} from {@code b[off, end)} and interns them in order.
     * Returns the number read.
     *
     * @throws CorruptBlockException on a bad length or a name that is already present (ids would shift)
     */
    public int readEntries(byte[] b, int off, int end, String where) {
        int p = off;
        int n = 0;
        while (p < end) {
            int len = 0;
            int shift = 0;
            int at = p;
            while (true) {
                if (p >= end || shift > 28) {
                    throw new CorruptBlockException(where, at, "bad name length");
                }
                int x = b[p++] & 0xff;
                len |= (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            if (len < 0 || len > end - p) {
                throw new CorruptBlockException(where, at, "name length " + len + " past the end");
            }
            int before = count;
            int id = intern(b, p, len);
            if (id != before) {
                throw new CorruptBlockException(where, at, "name #" + before + " repeats name #" + id);
            }
            p += len;
            n++;
        }
        return n;
    }
}

package io.stadb.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The store's names (pins, nets, cells, clocks, groups, reasons, labels) as dense int ids. Append-only:
 * an id never changes, so blocks of every stage can share it and a stage never repeats a name an earlier
 * one has. Bytes live in one arena and the hash table holds ids only, so interning allocates nothing per
 * name. Single-writer; readers of a persisted copy use their own instance.
 */
public final class NameDictionary implements NameLookup {
    private byte[] data = new byte[1 << 16];
    private int dataLen;
    private int[] offset = new int[1024];
    private int[] length = new int[1024];
    private int[] hashes = new int[1024];
    private int count;
    private int[] slots = new int[2048];   // id + 1, 0 = empty

    public NameDictionary() {
        Arrays.fill(slots, 0);
    }

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

    /** The id of {@code b[off, off+len)}, or -1 when it is not in the dictionary. */
    @Override
    public int find(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            int id = s - 1;
            if (hashes[id] == h && length[id] == len
                && Arrays.equals(data, offset[id], offset[id] + len, b, off, off + len)) {
                return id;
            }
        }
    }

    /** Whether {@code id} is a name and that name is {@code b[off, off+len)} (false for -1). */
    public boolean is(int id, byte[] b, int off, int len) {
        return id >= 0 && id < count && length[id] == len
            && Arrays.equals(data, offset[id], offset[id] + len, b, off, off + len);
    }

    /** The id of the name, adding it when new. */
    public int intern(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int mask = slots.length - 1;
        int i = h & mask;
        for (; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                break;
            }
            int id = s - 1;
            if (hashes[id] == h && length[id] == len
                && Arrays.equals(data, offset[id], offset[id] + len, b, off, off + len)) {
                return id;
            }
        }
        int id = add(b, off, len, h);
        slots[i] = id + 1;
        if (count * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private int add(byte[] b, int off, int len, int h) {
        if (count == offset.length) {
            offset = Arrays.copyOf(offset, count * 2);
            length = Arrays.copyOf(length, count * 2);
            hashes = Arrays.copyOf(hashes, count * 2);
        }
        if (dataLen + len > data.length) {
            data = Arrays.copyOf(data, Math.max(dataLen + len, data.length * 2));
        }
        System.arraycopy(b, off, data, dataLen, len);
        offset[count] = dataLen;
        length[count] = len;
        hashes[count] = h;
        dataLen += len;
        return count++;
    }

    private void rehash() {
        int[] s = new int[slots.length * 2];
        int mask = s.length - 1;
        for (int id = 0; id < count; id++) {
            int i = hashes[id] & mask;
            while (s[i] != 0) {
                i = (i + 1) & mask;
            }
            s[i] = id + 1;
        }
        slots = s;
    }

    /** Bytes of name {@code id} are {@link #bytes()} {@code [offset(id), offset(id) + length(id))}. */
    public byte[] bytes() {
        return data;
    }

    public int offset(int id) {
        return offset[id];
    }

    public int length(int id) {
        return length[id];
    }

    @Override
    public byte[] copyOf(int id) {
        return Arrays.copyOfRange(data, offset[id], offset[id] + length[id]);
    }

    @Override
    public String name(int id) {
        return new String(data, offset[id], length[id], StandardCharsets.ISO_8859_1);
    }

    /**
     * Appends names {@code [from, size())} in {@link DictionaryFormat}: a persisted dictionary grows by
     * appending, never by rewriting.
     */
    public void writeEntries(int from, ByteBuilder out) {
        for (int id = from; id < count; id++) {
            int n = length[id];
            // varint length
            int v = n;
            while ((v & ~0x7F) != 0) {
                out.append((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.append((byte) v);
            out.append(data, offset[id], n);
        }
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

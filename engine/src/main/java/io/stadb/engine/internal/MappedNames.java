package io.stadb.engine.internal;

import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.NameLookup;
import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The committed prefix of names.dict mapped read-only, for readers: the names stay in the page cache,
 * and the heap holds one int per name (where its entry starts). {@link #find} scans, which is fine for
 * its use (a query's few exact-name filters) and is memoised. Thread-safe once built.
 */
public final class MappedNames implements NameLookup, AutoCloseable {
    private static final int FIND_CACHE = 64;
    private final FileIo io;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buf;
    private final int[] entry;
    private final Map<String, Integer> found = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
            return size() > FIND_CACHE;
        }
    };

    /** Maps {@code bytes} bytes of {@code file} holding {@code count} entries (the catalog's committed figures). */
    public MappedNames(FileIo io, Path file, long bytes, int count) throws IOException {
        this.io = io;
        if (bytes == 0) {
            mapped = null;
            buf = new UnsafeBuffer(new byte[0]);
            entry = new int[0];
            return;
        }
        try {
            mapped = io.mapReadOnly(file, bytes);
        } catch (java.io.EOFException e) {
            throw new CorruptBlockException(file.toString(), -1, "name dictionary shorter than its committed " + bytes
                + " bytes");
        }
        try {
            buf = new UnsafeBuffer(mapped);
            entry = new int[count];
            int p = 0;
            int n = 0;
            while (p < bytes) {
                if (n == count) {
                    throw new CorruptBlockException(file.toString(), p, "name dictionary has more than the catalog's "
                        + count + " names");
                }
                entry[n++] = p;
                int len = length(p);
                p = start(p) + len;
                if (len < 0 || p > bytes) {
                    throw new CorruptBlockException(file.toString(), entry[n - 1], "name length past the end");
                }
            }
            if (n != count) {
                throw new CorruptBlockException(file.toString(), 0, "name dictionary has " + n + " names, the catalog says "
                    + count);
            }
        } catch (RuntimeException e) {
            io.unmap(mapped);
            throw e;
        }
    }

    /** The varint length at {@code p}. */
    private int length(int p) {
        int len = 0;
        int shift = 0;
        while (true) {
            int x = buf.getByte(p++) & 0xff;
            len |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0 || shift > 28) {
                return len;
            }
            shift += 7;
        }
    }

    /** Where the bytes of the entry at {@code p} start (after its varint). */
    private int start(int p) {
        while ((buf.getByte(p) & 0x80) != 0) {
            p++;
        }
        return p + 1;
    }

    @Override
    public int size() {
        return entry.length;
    }

    @Override
    public byte[] copyOf(int id) {
        int p = entry[id];
        byte[] b = new byte[length(p)];
        buf.getBytes(start(p), b);
        return b;
    }

    @Override
    public String name(int id) {
        return new String(copyOf(id), StandardCharsets.ISO_8859_1);
    }

    @Override
    public int find(byte[] b, int off, int len) {
        String key = new String(b, off, len, StandardCharsets.ISO_8859_1);
        synchronized (found) {
            Integer hit = found.get(key);
            if (hit != null) {
                return hit;
            }
        }
        int id = scan(b, off, len);
        synchronized (found) {
            found.put(key, id);
        }
        return id;
    }

    private int scan(byte[] b, int off, int len) {
        outer:
        for (int id = 0; id < entry.length; id++) {
            int p = entry[id];
            if (length(p) != len) {
                continue;
            }
            int s = start(p);
            for (int i = 0; i < len; i++) {
                if (buf.getByte(s + i) != b[off + i]) {
                    continue outer;
                }
            }
            return id;
        }
        return -1;
    }

    @Override
    public void close() {
        if (mapped != null) {
            io.unmap(mapped);
        }
    }
}

package io.stadb.codec.internal;

import io.stadb.codec.CorruptBlockException;
import java.util.Arrays;

/**
 * One column stream of a chunk: varints written to a growable array, then read back with every read
 * bounded by the stream's end (a bad stream is a {@link CorruptBlockException}, never an overrun).
 */
public final class ByteStream {
    private byte[] buf;
    private int len;
    private int pos;
    private String where = "stream";

    public ByteStream(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public void clear() {
        len = 0;
        pos = 0;
    }

    /** Reads from {@code src[0, length)} (the array is kept, not copied). */
    public void wrap(byte[] src, int length, String name) {
        buf = src;
        len = length;
        pos = 0;
        where = name;
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return len;
    }

    public int position() {
        return pos;
    }

    public boolean exhausted() {
        return pos >= len;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
        }
    }

    public void putByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    public void putVar(long v) {
        byte[] b = buf;
        int n = len;
        if (n + 10 > b.length) {
            ensure(10);
            b = buf;
        }
        // Most codes are hits (0): one byte, one store of the length.
        while ((v & ~0x7FL) != 0) {
            b[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[n] = (byte) v;
        len = n + 1;
    }

    public void putZigZag(long v) {
        putVar((v << 1) ^ (v >> 63));
    }

    public void putBytes(byte[] src, int off, int n) {
        putVar(n);
        putRaw(src, off, n);
    }

    /** {@code src[off, off+n)} as they are, without a length. */
    public void putRaw(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
    }

    public void putZeros(int n) {
        ensure(n);
        Arrays.fill(buf, len, len + n, (byte) 0);
        len += n;
    }

    public int getByte() {
        if (pos >= len) {
            throw new CorruptBlockException(where, pos, "stream ended early");
        }
        return buf[pos++] & 0xff;
    }

    public long getVar() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = getByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptBlockException(where, pos, "varint longer than 10 bytes");
    }

    public long getZigZag() {
        long v = getVar();
        return (v >>> 1) ^ -(v & 1);
    }

    /** A non-negative int no larger than {@code max}. */
    public int getInt(int max) {
        int at = pos;
        long v = getVar();
        if (v < 0 || v > max) {
            throw new CorruptBlockException(where, at, "value " + v + " out of range 0.." + max);
        }
        return (int) v;
    }

    /** A length-prefixed byte run; returns its offset in {@link #array()} and leaves its length in {@link #lastLength}. */
    public int getBytes() {
        int n = getInt(len - pos);
        int at = pos;
        if (n > len - pos) {
            throw new CorruptBlockException(where, at, "length " + n + " past the end");
        }
        pos += n;
        lastLength = n;
        return at;
    }

    public int lastLength;
}

package io.stadb.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** LEB128 varints and zigzag longs over Agrona buffers, with a bounds-checked reading cursor. */
public final class Varint {
    private Varint() {
    }

    /** Writes {@code v} (taken as unsigned) at {@code p}; returns the position after it. */
    public static int put(MutableDirectBuffer buf, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            buf.putByte(p++, (byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.putByte(p++, (byte) v);
        return p;
    }

    public static int putZigZag(MutableDirectBuffer buf, int p, long v) {
        return put(buf, p, (v << 1) ^ (v >> 63));
    }

    /** Reads varints from {@code [pos, end)}; any read past {@code end} is a {@link CorruptBlockException}. */
    public static final class Cursor {
        private DirectBuffer buf;
        private int pos;
        private int end;
        private String where;

        public void reset(DirectBuffer buf, int pos, int end, String where) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
            this.where = where;
        }

        public int position() {
            return pos;
        }

        public void require(int n) {
            if (n < 0 || end - pos < n) {
                throw new CorruptBlockException(where, pos, "needs " + n + " bytes, " + (end - pos) + " left");
            }
        }

        public byte byteAt() {
            require(1);
            return buf.getByte(pos++);
        }

        public long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = byteAt();
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new CorruptBlockException(where, pos, "varint longer than 10 bytes");
        }

        public long zigZag() {
            long v = varLong();
            return (v >>> 1) ^ -(v & 1);
        }

        /** A length: a varint that must fit in the bytes left. */
        public int length() {
            int at = pos;
            long v = varLong();
            if (v < 0 || v > end - pos) {
                throw new CorruptBlockException(where, at, "length " + v + " past the end (" + (end - pos) + " left)");
            }
            return (int) v;
        }

        public void bytes(byte[] dst, int len) {
            require(len);
            buf.getBytes(pos, dst, 0, len);
            pos += len;
        }
    }
}

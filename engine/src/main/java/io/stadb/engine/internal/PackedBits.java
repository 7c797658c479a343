package io.stadb.engine.internal;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Fixed-width bit packing for random access: value {@code k} of a run packed at {@code width} bits
 * occupies bits {@code [k * width, (k + 1) * width)} of a little-endian byte stream, so it is one
 * unaligned 64-bit read and a shift (two reads only past 57 bits). Unlike the codec's
 * {@code BitPacking}, which unpacks whole blocks of 64-bit words, codes here are read one at a time at
 * any bit and runs end on a byte, not a word: the path index reads single fields of random paths, and
 * packs records of mixed widths back to back.
 */
public final class PackedBits {
    private PackedBits() {
    }

    /** Bits needed for codes in {@code [0, maxCode]}, {@code maxCode} read as unsigned. */
    public static int bitsFor(long maxCode) {
        return 64 - Long.numberOfLeadingZeros(maxCode);
    }

    /** Bytes {@code n} codes of {@code width} bits take. */
    public static int bytes(int n, int width) {
        return (int) (((long) n * width + 7) >>> 3);
    }

    /**
     * Packs {@code codes[0, n)} (each below 2^width, unsigned) into {@code out} from {@code off}; returns
     * the offset after the last byte written. Runs of a multiple of 8 codes end on a byte boundary, so
     * such runs packed one after another equal the whole stream packed at once.
     */
    public static int pack(long[] codes, int n, int width, byte[] out, int off) {
        if (width == 0) {
            return off;
        }
        Appender a = new Appender(out, off);
        for (int i = 0; i < n; i++) {
            a.add(codes[i], width);
        }
        return a.finish();
    }

    /**
     * Packs {@code n} records, record-major: record {@code j} is {@code codes[c][j]} at {@code widths[c]}
     * bits for each column {@code c} in turn, so record {@code j}'s column {@code c} starts at bit
     * {@code j * sum(widths) + sum(widths[0, c))}. Returns the offset after the last byte written.
     */
    public static int packRecords(long[][] codes, int[] widths, int n, byte[] out, int off) {
        Appender a = new Appender(out, off);
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < widths.length; c++) {
                if (widths[c] != 0) {
                    a.add(codes[c][j], widths[c]);
                }
            }
        }
        return a.finish();
    }

    /** A little-endian bit stream written a byte at a time. */
    private static final class Appender {
        private final byte[] out;
        private int p;
        private long acc;
        private int used;   // bits of acc not yet written, always < 8 between values

        Appender(byte[] out, int off) {
            this.out = out;
            this.p = off;
        }

        void add(long v, int width) {
            acc |= v << used;
            int total = used + width;
            if (total >= 64) {
                for (int b = 0; b < 8; b++) {
                    out[p++] = (byte) (acc >>> (8 * b));
                }
                acc = used == 0 ? 0 : v >>> (64 - used);
                total -= 64;
            }
            while (total >= 8) {
                out[p++] = (byte) acc;
                acc >>>= 8;
                total -= 8;
            }
            used = total;
        }

        int finish() {
            if (used > 0) {
                out[p++] = (byte) acc;
            }
            return p;
        }
    }

    /**
     * Code {@code k} of the run at byte {@code off} of {@code buf}. Reads 8 bytes from the code's first
     * byte, so the buffer must hold 8 bytes after it: the path index always ends with a 32-byte trailer.
     */
    public static long get(DirectBuffer buf, int off, int width, long k) {
        return getAt(buf, ((long) off << 3) + k * width, width);
    }

    /** The {@code width}-bit code at bit {@code bit} of {@code buf} (same 8-byte rule as {@link #get}). */
    public static long getAt(DirectBuffer buf, long bit, int width) {
        if (width == 0) {
            return 0;
        }
        int p = (int) (bit >>> 3);
        int sh = (int) bit & 7;
        long w = buf.getLong(p, ByteOrder.LITTLE_ENDIAN) >>> sh;
        if (sh + width > 64) {
            w |= (long) (buf.getByte(p + 8) & 0xff) << (64 - sh);
        }
        return w & (-1L >>> (64 - width));
    }
}

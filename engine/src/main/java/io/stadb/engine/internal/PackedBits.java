package io.stadb.engine.internal;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Fixed-width bit packing for random access: value {@code k} of a run packed at {@code width} bits
 * occupies bits {@code [k * width, (k + 1) * width)} of a little-endian byte stream, so it is one
 * unaligned 64-bit read and a shift (two reads only past 57 bits). Unlike the codec's
 * {@code BitPacking}, which unpacks whole blocks of 64-bit words, runs here end on a byte, not a word:
 * the path index packs a dozen short columns per page and padding each to 8 bytes would cost more than
 * many of them hold.
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
        int p = off;
        long acc = 0;
        int used = 0;   // bits of acc not yet written, always < 8 between values
        for (int i = 0; i < n; i++) {
            long v = codes[i];
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
        if (used > 0) {
            out[p++] = (byte) acc;
        }
        return p;
    }

    /**
     * Code {@code k} of the run at byte {@code off} of {@code buf}. Reads 8 bytes from the code's first
     * byte, so the buffer must hold 8 bytes after it: the path index always ends with a 32-byte trailer.
     */
    public static long get(DirectBuffer buf, int off, int width, long k) {
        if (width == 0) {
            return 0;
        }
        long bit = k * width;
        int p = off + (int) (bit >>> 3);
        int sh = (int) bit & 7;
        long w = buf.getLong(p, ByteOrder.LITTLE_ENDIAN) >>> sh;
        if (sh + width > 64) {
            w |= (long) (buf.getByte(p + 8) & 0xff) << (64 - sh);
        }
        return w & (-1L >>> (64 - width));
    }
}

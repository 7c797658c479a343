package io.stadb.codec.internal;

/**
 * Frame-of-reference bit packing of longs: values minus a base, in {@code bits} bits each, little-endian
 * in 64-bit words. Unpacking is branch-light shifts so a scan runs at memory speed.
 */
public final class BitPacking {
    private BitPacking() {
    }

    /** Bytes needed for {@code n} values of {@code bits} bits (whole 64-bit words). */
    public static int bytes(int n, int bits) {
        return (int) (((long) n * bits + 63) / 64) * 8;
    }

    public static int bitsFor(long range) {
        return range == 0 ? 0 : 64 - Long.numberOfLeadingZeros(range);
    }

    /** Packs {@code codes[0, n)} (each in [0, 2^bits)) into {@code out} from {@code off}. */
    public static void pack(long[] codes, int n, int bits, byte[] out, int off) {
        if (bits == 0) {
            return;
        }
        long word = 0;
        int used = 0;
        int p = off;
        for (int i = 0; i < n; i++) {
            long v = codes[i];
            word |= v << used;
            int total = used + bits;
            if (total >= 64) {
                p = putLong(out, p, word);
                int spill = total - 64;
                word = spill == 0 ? 0 : v >>> (bits - spill);
                used = spill;
            } else {
                used = total;
            }
        }
        if (used > 0) {
            putLong(out, p, word);
        }
    }

    private static int putLong(byte[] out, int p, long w) {
        for (int k = 0; k < 8; k++) {
            out[p + k] = (byte) (w >>> (8 * k));
        }
        return p + 8;
    }

    /** Unpacks {@code n} codes from {@code words} (already read as longs) into {@code out}. */
    public static void unpack(long[] words, int n, int bits, long[] out) {
        if (bits == 0) {
            java.util.Arrays.fill(out, 0, n, 0);
            return;
        }
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        long bit = 0;
        for (int i = 0; i < n; i++) {
            int w = (int) (bit >>> 6);
            int sh = (int) (bit & 63);
            long v = words[w] >>> sh;
            if (sh + bits > 64) {
                v |= words[w + 1] << (64 - sh);
            }
            out[i] = v & mask;
            bit += bits;
        }
    }
}

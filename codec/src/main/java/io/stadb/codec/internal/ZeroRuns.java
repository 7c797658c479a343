package io.stadb.codec.internal;

import io.stadb.codec.CorruptBlockException;

/**
 * Zero-run coding of a column stream, between the model and zstd: a run of n zero bytes becomes one zero
 * byte and the varint n - 1; other bytes stay. A predicted cell codes as a single zero byte and most cells
 * are predicted, so the streams are mostly zero runs. On the CodecReport corpus this shrinks zstd's input
 * 4.6x, which makes zstd several times faster, and its output ~15 % smaller: zstd's matches cost more
 * than a count does to code a long run.
 */
public final class ZeroRuns {
    private ZeroRuns() {
    }

    /** Appends the coded form of {@code src[0, len)} to {@code out}. */
    public static void encode(byte[] src, int len, ByteStream out) {
        int i = 0;
        while (i < len) {
            int start = i;
            while (i < len && src[i] != 0) {
                i++;
            }
            out.putRaw(src, start, i - start);
            if (i < len) {
                int zeros = i;
                while (i < len && src[i] == 0) {
                    i++;
                }
                out.putByte(0);
                out.putVar(i - zeros - 1);
            }
        }
    }

    /**
     * Appends the bytes {@code src[0, len)} codes to {@code out}, at most {@code limit} of them: a corrupt
     * count cannot make a reader allocate without bound.
     */
    public static void decode(byte[] src, int len, ByteStream out, int limit, String where) {
        int end = out.length() + limit;
        int i = 0;
        while (i < len) {
            int start = i;
            while (i < len && src[i] != 0) {
                i++;
            }
            if (out.length() + (i - start) > end) {
                throw new CorruptBlockException(where, start, "zero runs expand past " + limit + " bytes");
            }
            out.putRaw(src, start, i - start);
            if (i < len) {
                int at = i++;
                long n = 1;
                for (int shift = 0; ; shift += 7) {
                    if (i >= len || shift > 28) {
                        throw new CorruptBlockException(where, at, "bad zero run");
                    }
                    int b = src[i++];
                    n += (long) (b & 0x7F) << shift;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                if (out.length() + n > end) {
                    throw new CorruptBlockException(where, at, "zero runs expand past " + limit + " bytes");
                }
                out.putZeros((int) n);
            }
        }
    }
}

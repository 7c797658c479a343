package io.stadb.codec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteStreamTest {

    /** The byte-at-a-time LEB128 the one-store form must equal. */
    private static int reference(long v, byte[] out, int n) {
        while ((v & ~0x7FL) != 0) {
            out[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[n++] = (byte) v;
        return n;
    }

    @Test
    void varintsAreLeb128AtEveryLengthAndReadBack() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("ByteStreamTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        long[] values = new long[200_000];
        for (int i = 0; i < values.length; i++) {
            int bits = r.nextInt(65); // every length from 1 to 10 bytes, edges included
            long v = bits == 0 ? 0 : r.nextLong() >>> (64 - bits);
            values[i] = switch (r.nextInt(8)) {
                case 0 -> bits == 0 ? 0 : (1L << (bits - 1)); // a power of two: the first value of a length
                case 1 -> bits == 0 ? 0 : (-1L >>> (64 - bits)); // all ones: the last value of a length
                default -> v;
            };
        }
        ByteStream s = new ByteStream(16); // small: the growth path runs too
        byte[] expect = new byte[values.length * 10];
        int n = 0;
        for (long v : values) {
            s.putVar(v);
            n = reference(v, expect, n);
        }
        assertEquals(n, s.length(), "seed " + seed);
        assertTrue(Arrays.equals(expect, 0, n, s.array(), 0, n), "seed " + seed);
        ByteStream in = new ByteStream(16);
        in.wrap(Arrays.copyOf(s.array(), s.length()), s.length(), "test");
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], in.getVar(), "seed " + seed + " value " + i);
        }
        assertTrue(in.exhausted());
    }

    @Test
    void zigZagRoundTripsExtremes() {
        ByteStream s = new ByteStream(16);
        long[] v = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, -64, 63, -65, 64, 1L << 55, -(1L << 55)};
        for (long x : v) {
            s.putZigZag(x);
        }
        ByteStream in = new ByteStream(16);
        in.wrap(Arrays.copyOf(s.array(), s.length()), s.length(), "test");
        for (long x : v) {
            assertEquals(x, in.getZigZag());
        }
    }
}

package io.stadb.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class PackedBitsTest {
    @Test
    void everyWidthRoundTripsAtEveryBitPhase() {
        long seed = System.nanoTime();
        System.out.println("PackedBitsTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int width = 0; width <= 64; width++) {
            for (int n : new int[] {1, 7, 8, 13, 100}) {
                long[] codes = new long[n];
                long mask = width == 0 ? 0 : -1L >>> (64 - width);
                for (int i = 0; i < n; i++) {
                    long v = rnd.nextLong() & mask;
                    // the extremes of the width, where a lost top bit or a sign would show
                    codes[i] = i % 3 == 0 ? mask : i % 3 == 1 ? v : 0;
                }
                int start = 3; // a run that does not start at offset 0
                byte[] out = new byte[start + PackedBits.bytes(n, 64) + 8];
                int end = PackedBits.pack(codes, n, width, out, start);
                assertEquals(start + PackedBits.bytes(n, width), end, "width " + width + " n " + n);
                UnsafeBuffer b = new UnsafeBuffer(out);
                for (int i = 0; i < n; i++) {
                    assertEquals(codes[i], PackedBits.get(b, start, width, i), "width " + width + " n " + n + " i " + i
                        + " seed " + seed);
                }
            }
        }
    }

    @Test
    void runsOfEightConcatenateAndWidthsAreMinimal() {
        long[] a = {1, 2, 3, 4, 5, 6, 7, 0};
        long[] all = new long[16];
        System.arraycopy(a, 0, all, 0, 8);
        System.arraycopy(a, 0, all, 8, 8);
        byte[] two = new byte[32];
        int p = PackedBits.pack(a, 8, 3, two, 0);
        p = PackedBits.pack(a, 8, 3, two, p);
        byte[] one = new byte[32];
        assertEquals(p, PackedBits.pack(all, 16, 3, one, 0));
        assertEquals(java.util.Arrays.toString(one), java.util.Arrays.toString(two));
        assertEquals(0, PackedBits.bitsFor(0));
        assertEquals(1, PackedBits.bitsFor(1));
        assertEquals(3, PackedBits.bitsFor(7));
        assertEquals(4, PackedBits.bitsFor(8));
        assertEquals(64, PackedBits.bitsFor(-1L));
        assertEquals(0, PackedBits.bytes(10, 0));
        assertEquals(2, PackedBits.bytes(3, 5));
    }

    @Test
    void recordsOfMixedWidthsReadBackAtTheirBitAddresses() {
        long seed = System.nanoTime();
        System.out.println("PackedBitsTest records seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] widths = {3, 0, 64, 5, 1, 57, 0, 17};
        int n = 1 + rnd.nextInt(300);
        long[][] codes = new long[widths.length][n];
        int recordBits = 0;
        for (int c = 0; c < widths.length; c++) {
            long mask = widths[c] == 0 ? 0 : -1L >>> (64 - widths[c]);
            for (int j = 0; j < n; j++) {
                codes[c][j] = rnd.nextLong() & mask;
            }
            recordBits += widths[c];
        }
        byte[] out = new byte[PackedBits.bytes(n, recordBits) + 8];
        assertEquals(PackedBits.bytes(n, recordBits), PackedBits.packRecords(codes, widths, n, out, 0));
        UnsafeBuffer b = new UnsafeBuffer(out);
        for (int j = 0; j < n; j++) {
            int at = 0;
            for (int c = 0; c < widths.length; c++) {
                assertEquals(codes[c][j], PackedBits.getAt(b, (long) j * recordBits + at, widths[c]),
                    "record " + j + " column " + c + " seed " + seed);
                at += widths[c];
            }
        }
    }
}

package io.stadb.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scans of {@link Bytes} against their one-byte-at-a-time definitions. */
class BytesTest {
    private static final byte[] ALPHABET = {' ', '(', ')', '-', 'a', '\n', 0, (byte) 0xA8, (byte) 0xAD};

    @Test
    void wordScansAgreeWithByteScansOnRandomRanges() {
        long seed = System.nanoTime();
        System.out.println("BytesTest seed " + seed);
        Random rnd = new Random(seed);
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[rnd.nextInt(48)];
            // Mostly one byte, so runs of dashes and " (" pairs across word boundaries are common.
            byte common = ALPHABET[rnd.nextInt(ALPHABET.length)];
            for (int i = 0; i < b.length; i++) {
                b[i] = rnd.nextInt(4) == 0 ? ALPHABET[rnd.nextInt(ALPHABET.length)] : common;
            }
            int s = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            int e = s + rnd.nextInt(b.length - s + 1);
            String where = "seed " + seed + " round " + round;
            assertEquals(lastIndexOfSpaceParen(b, s, e), Bytes.lastIndexOfSpaceParen(b, s, e), where);
            assertEquals(allDashes(b, s, e), Bytes.allDashes(b, s, e), where);
        }
    }

    @Test
    void zeroBytesFlagsExactlyTheZeroBytes() {
        long seed = System.nanoTime();
        System.out.println("BytesTest seed " + seed);
        Random rnd = new Random(seed);
        for (int round = 0; round < 100_000; round++) {
            long v = 0;
            long expected = 0;
            for (int j = 0; j < 8; j++) {
                long x = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(4) == 0 ? 0x80 | rnd.nextInt(128) : 1 + rnd.nextInt(255);
                v |= x << (8 * j);
                expected |= x == 0 ? 0x80L << (8 * j) : 0;
            }
            assertEquals(expected, Bytes.zeroBytes(v), "seed " + seed + " v " + Long.toHexString(v));
        }
    }

    private static int lastIndexOfSpaceParen(byte[] b, int s, int e) {
        for (int i = e - 2; i >= s; i--) {
            if (b[i] == ' ' && b[i + 1] == '(') {
                return i;
            }
        }
        return -1;
    }

    private static boolean allDashes(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] != '-') {
                return false;
            }
        }
        return s < e;
    }
}

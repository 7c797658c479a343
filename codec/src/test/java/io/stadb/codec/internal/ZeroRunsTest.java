package io.stadb.codec.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.CorruptBlockException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZeroRunsTest {
    private static byte[] code(byte[] raw) {
        ByteStream s = new ByteStream(16);
        ZeroRuns.encode(raw, raw.length, s);
        return Arrays.copyOf(s.array(), s.length());
    }

    private static byte[] expand(byte[] coded, int limit) {
        ByteStream s = new ByteStream(16);
        ZeroRuns.decode(coded, coded.length, s, limit, "test");
        return Arrays.copyOf(s.array(), s.length());
    }

    @Test
    void runsBecomeAZeroAndACount() {
        assertArrayEquals(new byte[] {5, 0, 0, 7, 0, 2}, code(new byte[] {5, 0, 7, 0, 0, 0}));
        byte[] long0 = new byte[300];
        assertArrayEquals(new byte[] {0, (byte) 0xAB, 0x02}, code(long0));
        assertArrayEquals(new byte[0], code(new byte[0]));
        assertArrayEquals(long0, expand(code(long0), 300));
    }

    @Test
    void seededStreamsRoundTrip() {
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            byte[] raw = new byte[r.nextInt(0, 2000)];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : 0;
            }
            assertArrayEquals(raw, expand(code(raw), raw.length), "round " + round);
        }
    }

    @Test
    void corruptCountsAreRefused() {
        CorruptBlockException big = assertThrows(CorruptBlockException.class, () -> expand(code(new byte[100]), 99));
        assertTrue(big.getMessage().contains("expand past 99"), big.getMessage());
        assertThrows(CorruptBlockException.class, () -> expand(new byte[] {1, 2, 3}, 2));
        assertThrows(CorruptBlockException.class, () -> expand(new byte[] {0}, 10), "a run without its count");
        assertThrows(CorruptBlockException.class, () -> expand(new byte[] {0, (byte) 0x80}, 10), "a count cut short");
        assertThrows(CorruptBlockException.class,
            () -> expand(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1}, 10));
    }
}

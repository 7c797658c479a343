package io.stadb.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumTest {
    private static long parse(String s, int digits) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Num.parse(b, 0, b.length, digits);
    }

    private static String fmt(long v, int digits) {
        return Num.toString(v, digits);
    }

    @Test
    void parsesWhatOpenStaPrints() {
        assertEquals(877, parse("8.77", 2));
        assertEquals(-12, parse("-0.12", 2));
        assertEquals(Num.NEG_ZERO, parse("-0.00", 2));
        assertEquals(0, parse("0.00", 2));
        assertEquals(Num.INF, parse("INF", 2));
        assertEquals(Num.NEG_INF, parse("-INF", 2));
        assertEquals(1_000_000, parse("1.000000", 6));
        assertEquals(42, parse("42", 0));
        assertEquals(-1564101, parse("-15641.01", 2));
    }

    @Test
    void rejectsWhatIsNotANumberOfThatScale() {
        for (String s : new String[] {"", "-", "8.7", "8.777", "8.", ".5", "1e5", "8.77x", "--1.00", "INFINITY",
            "123456789012345678.00", "0x10"}) {
            assertEquals(Num.INVALID, parse(s, 2), s);
        }
    }

    @Test
    void formatsExactlyAndRightJustifies() {
        assertEquals("-0.00", fmt(Num.NEG_ZERO, 2));
        assertEquals("0.05", fmt(5, 2));
        assertEquals("-0.005", fmt(-5, 3));
        assertEquals("12", fmt(12, 0));
        assertEquals("INF", fmt(Num.INF, 2));
        assertEquals("-INF", fmt(Num.NEG_INF, 2));
        assertEquals("", fmt(Num.BLANK, 2));
        ByteBuilder b = new ByteBuilder(4);
        Num.formatRight(877, 2, 7, b);
        assertEquals("   8.77", b.toString());
        b.clear();
        Num.formatRight(1234567, 2, 7, b);
        assertEquals("12345.67", b.toString(), "wider values overflow to the right, never cut");
    }

    @Test
    void seededRoundTripOfRandomValues() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("NumTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            int digits = r.nextInt(0, 9);
            long v = r.nextLong(-99_999_999_999L, 99_999_999_999L);
            String s = fmt(v, digits);
            assertEquals(v, parse(s, digits), () -> "seed " + seed + " value " + s);
            assertEquals(s.length(), Num.width(v, digits));
        }
    }

    @Test
    void doublesAndOrdering() {
        assertEquals(8.77, Num.toDouble(877, 2), 1e-12);
        assertTrue(Double.isNaN(Num.toDouble(Num.BLANK, 2)));
        assertEquals(Double.POSITIVE_INFINITY, Num.toDouble(Num.INF, 2));
        assertEquals(Double.NEGATIVE_INFINITY, Num.toDouble(Num.NEG_INF, 2));
        assertEquals(-0.0, Num.toDouble(Num.NEG_ZERO, 2));
        assertTrue(Num.compare(Num.NEG_INF, -5) < 0);
        assertTrue(Num.compare(Num.INF, 5) > 0);
        assertEquals(0, Num.compare(Num.NEG_ZERO, 0));
        assertTrue(Num.compare(Num.BLANK, Num.NEG_INF) < 0);
        assertTrue(Num.isFinite(3) && !Num.isFinite(Num.INF));
        assertEquals(1e-12, Num.pow10(-12), 1e-24);
        assertEquals(1e45, Num.pow10(45), 1e30);
        assertEquals(3, Num.fractionDigits("1.234".getBytes(StandardCharsets.ISO_8859_1), 0, 5));
    }
}

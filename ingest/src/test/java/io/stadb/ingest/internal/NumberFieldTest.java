package io.stadb.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.Num;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time field reader against the byte-at-a-time definition: whatever it accepts must be
 * what {@link Num#parse} gives and must re-render exactly; what OpenSTA prints it must accept.
 */
class NumberFieldTest {
    private static long at(String line, int p, int w, int digits) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        return NumberField.parse(b, p, w, digits, b.length);
    }

    @Test
    void readsWhatOpenStaPrints() {
        String line = "   15    0.392   -0.000    0.173    1.112 ^ g410/Y (OAI21X1)";
        assertEquals(NumberField.SLOW, at(line, 0, 5, 0), "no eight bytes before the end of the first field");
        assertEquals(392, at(line, 6, 8, 3));
        assertEquals(Num.NEG_ZERO, at(line, 15, 8, 3));
        assertEquals(173, at(line, 24, 8, 3));
        assertEquals(1112, at(line, 33, 8, 3));
        String wide = "xxxxxxxx   15          12345678 -1234567 -12.3456";
        assertEquals(15, at(wide, 8, 5, 0));
        assertEquals(Num.BLANK, at(wide, 14, 8, 3));
        assertEquals(NumberField.SLOW, at(wide, 22, 9, 0), "fields over eight bytes are the general parser's");
        assertEquals(12345678, at(wide, 23, 8, 0));
        assertEquals(-1234567, at(wide, 32, 8, 0));
        assertEquals(-123456, at(wide, 41, 8, 4));
    }

    @Test
    void leavesTheRestToTheGeneralParser() {
        String pre = "xxxxxxxx";
        String[] slow = {"   0.0730", "  00.123", "   .123", "    INF", "   -INF", "  1 .123", "  1.2345", "  12.3x",
            "  12..34", "  1.23 ", "123456789", "  --1.23"};
        for (String f : slow) {
            String line = pre + f;
            assertEquals(NumberField.SLOW, at(line, 8, f.length(), 3), f);
        }
        // An overflowing token runs on past its field: not this field's business.
        assertEquals(NumberField.SLOW, at(pre + "123.4561 x", 8, 7, 3));
        assertEquals(NumberField.SLOW, at(pre + " 123.456x", 8, 8, 3));
        // A field of no width is not a number, whatever the bytes before it hold.
        assertEquals(NumberField.SLOW, at(pre + " 1.000 x", 15, 0, 3));
        // At the start of the buffer there are no eight bytes to load.
        assertEquals(NumberField.SLOW, at("  1.000 x", 0, 7, 3));
    }

    @Test
    void agreesWithTheByteParserOnRandomFields() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("NumberFieldTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        byte[] alphabet = "0123456789-. I NF\0\u00b0/".getBytes(StandardCharsets.ISO_8859_1);
        int fast = 0;
        for (int n = 0; n < 200_000; n++) {
            int w = 1 + r.nextInt(10);
            int digits = r.nextInt(8);
            int lead = r.nextInt(10);
            byte[] b = new byte[lead + w + 1 + r.nextInt(2)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) 'z';
            }
            boolean printed = r.nextInt(3) > 0;
            String token;
            if (printed) {
                long v = r.nextInt(4) == 0 ? 0 : r.nextLong(1, (long) Math.pow(10, 1 + r.nextInt(8)));
                StringBuilder t = new StringBuilder(Long.toString(v));
                while (t.length() < digits + 1) {
                    t.insert(0, '0');
                }
                if (digits > 0) {
                    t.insert(t.length() - digits, '.');
                }
                if (r.nextBoolean()) {
                    t.insert(0, '-');
                }
                token = t.toString();
            } else {
                StringBuilder t = new StringBuilder();
                for (int i = r.nextInt(w + 2); i > 0; i--) {
                    t.append((char) (alphabet[r.nextInt(alphabet.length)] & 0xFF));
                }
                token = t.toString();
            }
            int start = lead + Math.max(0, w - token.length());
            for (int i = lead; i < start; i++) {
                b[i] = ' ';
            }
            byte[] tb = token.getBytes(StandardCharsets.ISO_8859_1);
            int end = Math.min(b.length, start + tb.length);
            System.arraycopy(tb, 0, b, start, end - start);
            if (end < b.length) {
                b[end] = r.nextInt(4) == 0 ? (byte) 'q' : (byte) ' ';
            }
            int e = r.nextInt(6) == 0 ? lead + w : b.length;
            long got = NumberField.parse(b, lead, w, digits, e);
            String what = "seed " + seed + " field '" + new String(b, lead, Math.min(w, b.length - lead),
                StandardCharsets.ISO_8859_1) + "' in '" + new String(b, StandardCharsets.ISO_8859_1) + "' w=" + w
                + " digits=" + digits + " e=" + e;
            boolean canonicalShape = lead + w <= e && lead + w >= 8 && w <= 8 && (lead + w == e || b[lead + w] == ' ');
            if (got == NumberField.SLOW) {
                boolean mustBeFast = printed && canonicalShape && token.length() <= w;
                assertTrue(!mustBeFast, "a printed number fell back: " + what);
                continue;
            }
            fast++;
            assertTrue(canonicalShape, what);
            if (Bytes.allSpaces(b, lead, lead + w)) {
                assertEquals(Num.BLANK, got, what);
                continue;
            }
            int t = Bytes.skipSpaces(b, lead, lead + w);
            assertEquals(Num.parse(b, t, lead + w, digits), got, what);
            assertEquals(lead + w - t, Num.width(got, digits), "re-renders exactly: " + what);
        }
        assertTrue(fast > 20_000, "fast path taken " + fast + " times");
    }
}

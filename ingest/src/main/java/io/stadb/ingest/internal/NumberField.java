package io.stadb.ingest.internal;

import io.stadb.codec.Num;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads one right-justified numeric field of a path line ({@code "   0.173"}, {@code "   15"},
 * {@code "  -0.000"}, or all blank) with one eight-byte load and a few word operations instead of
 * byte loops. Path lines are mostly such fields, so this is the parser's innermost step.
 *
 * <p>The fast path takes only fields that are exactly what OpenSTA prints: at most eight bytes wide,
 * the token right-aligned with spaces before it, optional {@code -}, at least one integer digit and no
 * leading zero, exactly {@code digits} fraction digits. Such a field re-renders byte for byte, so the
 * caller may treat it as canonical. Everything else (INF, overflowing tokens, wider fields, malformed
 * text, the first bytes of the buffer) returns {@link #SLOW}, and the caller parses the field the
 * general way, which also decides what is an error.
 *
 * <p>The word is loaded little-endian so that byte {@code j} of the word is {@code b[q + j]}, with the
 * field's last byte at the top ({@code j = 7}):
 * <pre>
 *   b:     ... prev field | ' ' ' ' ' ' '0' '.' '1' '7' '3'
 *   word:  byte 0 .. 7-w  |  8-w ......................... 7
 * </pre>
 */
public final class NumberField {
    private NumberField() {
    }

    /** Returned when the field needs the general parser; never a stored value. */
    public static final long SLOW = Num.INVALID;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long ZEROS = 0x3030303030303030L;

    /**
     * The value of the field {@code b[p, p + w)}: {@link Num#BLANK} when it is all spaces, the unscaled
     * number when it is canonical and followed by a space or the end of the line {@code e}, {@link #SLOW}
     * otherwise (a token that runs on past the field is an overflowing number: the general parser's case).
     */
    public static long parse(byte[] b, int p, int w, int digits, int e) {
        int end = p + w;
        int q = end - 8;
        if (w > 8 || w < 1 || q < 0 || end > e || (end < e && b[end] != ' ')) { // w < 1: shifts by 64 are by 0
            return SLOW;
        }
        long x = (long) LONGS.get(b, q);
        long field = -1L << ((8 - w) << 3);              // the field's bytes
        long spaces = Bytes.zeroBytes(x ^ SPACES) & field; // 0x80 in each space of the field
        if (spaces == (HIGH_BITS & field)) {
            return Num.BLANK;
        }
        // The token runs from just above the highest space to the top byte.
        int len = spaces == 0 ? w : Long.numberOfLeadingZeros(spaces) >>> 3;
        long token = -1L << ((8 - len) << 3);
        if (spaces != (HIGH_BITS & field & ~token)) {
            return SLOW;                                  // a space inside the token: not one number
        }
        return token(x & token, len, digits);
    }

    /*
     * parse and token are two methods, each under C2's FreqInlineSize (325 bytecodes), so that both are
     * inlined into the row parser's field loop; as one method they were called once per field.
     */

    /** The token's value; {@code y} holds its {@code len} bytes at the top, zeros below. */
    private static long token(long y, int len, int digits) {
        int tokenShift = (8 - len) << 3;
        boolean neg = ((y >>> tokenShift) & 0xFF) == '-';
        if (neg) {
            y &= ~(0xFFL << tokenShift);
        }
        int intLen = len - (neg ? 1 : 0) - (digits > 0 ? digits + 1 : 0);
        if (intLen < 1) {
            return SLOW;                                  // also every digits > 6: they cannot fit
        }
        if (digits > 0) {
            int dotShift = (7 - digits) << 3;
            if (((y >>> dotShift) & 0xFF) != '.') {
                return SLOW;
            }
            long frac = -1L << (dotShift + 8);
            // Close the gap of the point: the integer digits move up one byte, leaving a zero at the bottom.
            y = (y & frac) | ((y & ~frac & ~(0xFFL << dotShift)) << 8);
        }
        int digitShift = (8 - intLen - digits) << 3;
        if (intLen > 1 && ((y >>> digitShift) & 0xFF) == '0') {
            return SLOW;                                  // a leading zero does not re-render
        }
        long d = y | (ZEROS & ~(-1L << digitShift));     // '0' below the digits: leading zeros
        // Every byte 0x30..0x39: its high nibble is 3, and still 3 after adding 6 (no carries: all < 0x40).
        if ((d & 0xF0F0F0F0F0F0F0F0L) != ZEROS || ((d + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) != ZEROS) {
            return SLOW;                                  // a byte outside '0'..'9'
        }
        long v = eightDigits(d);
        if (neg) {
            return v == 0 ? Num.NEG_ZERO : -v;
        }
        return v;
    }

    /** Eight ASCII digits, most significant at byte 0 of the little-endian word, as a number. */
    private static long eightDigits(long d) {
        long v = (d & 0x0F0F0F0F0F0F0F0FL) * 2561 >>> 8;
        v = (v & 0x00FF00FF00FF00FFL) * 6553601 >>> 16;
        return (v & 0x0000FFFF0000FFFFL) * 42949672960001L >>> 32;
    }
}

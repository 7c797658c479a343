package io.stadb.ingest.internal;

/** Small byte-range helpers for line parsing; every range is {@code b[s, e)}. */
public final class Bytes {
    private Bytes() {
    }

    public static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    public static boolean startsWith(byte[] b, int s, int e, byte[] prefix) {
        if (e - s < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[s + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    public static boolean endsWith(byte[] b, int s, int e, byte[] suffix) {
        return e - s >= suffix.length && startsWith(b, e - suffix.length, e, suffix);
    }

    public static boolean equals(byte[] b, int s, int e, byte[] other) {
        return e - s == other.length && startsWith(b, s, e, other);
    }

    private static final java.lang.invoke.VarHandle LONGS =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long SPACES = 0x2020202020202020L;

    /** True when {@code b[s, e)} is all spaces; eight bytes at a time (blank columns are 5-11 wide). */
    public static boolean allSpaces(byte[] b, int s, int e) {
        int i = s;
        for (; i + 8 <= e; i += 8) {
            if ((long) LONGS.get(b, i) != SPACES) {
                return false;
            }
        }
        for (; i < e; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private static final long DASHES = 0x2D2D2D2D2D2D2D2DL;
    private static final long PARENS = 0x2828282828282828L;
    private static final long LOW_7 = 0x7F7F7F7F7F7F7F7FL;

    /** True for a non-empty run of '-' only; eight bytes at a time (dash lines are 40-100 wide). */
    public static boolean allDashes(byte[] b, int s, int e) {
        if (s >= e) {
            return false;
        }
        int i = s;
        for (; i + 8 <= e; i += 8) {
            if ((long) LONGS.get(b, i) != DASHES) {
                return false;
            }
        }
        for (; i < e; i++) {
            if (b[i] != '-') {
                return false;
            }
        }
        return true;
    }

    /**
     * 0x80 in exactly the zero bytes of {@code v}, 0 elsewhere. Unlike the shorter {@code (v - ONES) & ~v
     * & HIGHS} it has no false positives above a zero byte (no borrows), so the result may be used per byte.
     */
    public static long zeroBytes(long v) {
        return ~(((v & LOW_7) + LOW_7) | v | LOW_7);
    }

    public static int trimRight(byte[] b, int s, int e) {
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        return e;
    }

    public static int skipSpaces(byte[] b, int p, int e) {
        while (p < e && b[p] == ' ') {
            p++;
        }
        return p;
    }

    /** Start of the last space-separated token of {@code b[s, e)} (e must not end in a space). */
    public static int lastTokenStart(byte[] b, int s, int e) {
        int i = e;
        while (i > s && b[i - 1] != ' ') {
            i--;
        }
        return i;
    }

    /**
     * Index of the last {@code " ("} in {@code b[s, e)}, or -1. Eight bytes at a time from the right:
     * a word {@code b[q, q + 8)} holds the pairs starting at {@code q .. q + 6}, so windows step by
     * seven; the bytes left of the last whole window are tested one by one.
     */
    public static int lastIndexOfSpaceParen(byte[] b, int s, int e) {
        int k = e - 2;                                // the highest pair start not yet tested
        for (int q = e - 8; q >= s; q -= 7) {
            long x = (long) LONGS.get(b, q);
            // byte j flags a space at q + j and a '(' at q + j + 1
            long pairs = zeroBytes(x ^ SPACES) & (zeroBytes(x ^ PARENS) >>> 8);
            if (pairs != 0) {
                return q + ((63 - Long.numberOfLeadingZeros(pairs)) >>> 3);
            }
            k = q - 1;
        }
        for (int i = k; i >= s; i--) {
            if (b[i] == ' ' && b[i + 1] == '(') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first {@code ") "} at or after {@code from}, or -1. */
    public static int indexOfParenSpace(byte[] b, int from, int e) {
        for (int i = Math.max(from, 0); i + 1 < e; i++) {
            if (b[i] == ')' && b[i + 1] == ' ') {
                return i;
            }
        }
        return -1;
    }

    public static int indexOf(byte[] b, int s, int e, byte[] what) {
        outer:
        for (int i = s; i + what.length <= e; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

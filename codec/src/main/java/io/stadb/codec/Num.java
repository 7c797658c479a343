package io.stadb.codec;

/**
 * Exact decimals as OpenSTA prints them: an unscaled {@code long} whose scale (digits after the point)
 * is held by the row's layout. A few values of the long are sentinels, so a cell is one primitive:
 * {@link #BLANK} (nothing printed), {@link #NEG_ZERO} ({@code -0.00}, printed by the forced-minus
 * columns), {@link #INF} and {@link #NEG_INF} (printed for |v| >= 1e29).
 */
public final class Num {
    private Num() {
    }

    public static final long BLANK = Long.MIN_VALUE;
    public static final long NEG_ZERO = Long.MIN_VALUE + 1;
    public static final long NEG_INF = Long.MIN_VALUE + 2;
    public static final long INF = Long.MAX_VALUE;
    /** Parse failure marker returned by {@link #parse}; never stored. */
    public static final long INVALID = Long.MIN_VALUE + 3;

    private static final int MAX_DIGITS = 17;

    public static boolean isSentinel(long v) {
        return v == BLANK || v == NEG_ZERO || v == NEG_INF || v == INF || v == INVALID;
    }

    /**
     * Parses {@code [-]int[.frac]}, {@code INF} or {@code -INF} in {@code b[from, to)} when the fraction has
     * exactly {@code digits} digits. Returns the unscaled value or {@link #INVALID}.
     */
    public static long parse(byte[] b, int from, int to, int digits) {
        int i = from;
        if (i >= to) {
            return INVALID;
        }
        boolean neg = b[i] == '-';
        if (neg && ++i >= to) {
            return INVALID;
        }
        if (b[i] == 'I') {
            return to - i == 3 && b[i + 1] == 'N' && b[i + 2] == 'F' ? (neg ? NEG_INF : INF) : INVALID;
        }
        // The layout fixes where the point is: exactly `digits` fraction digits, at least one before it.
        int dot = digits == 0 ? to : to - digits - 1;
        if (dot <= i || (dot - i) + digits > MAX_DIGITS || (digits > 0 && b[dot] != '.')) {
            return INVALID;
        }
        long v = 0;
        for (int k = i; k < dot; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            v = v * 10 + d;
        }
        for (int k = dot + 1; k < to; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            v = v * 10 + d;
        }
        if (neg) {
            return v == 0 ? NEG_ZERO : -v;
        }
        return v;
    }

    /** The number of fraction digits of a plain decimal token, or -1 when it is not one (INF has none: 0). */
    public static int fractionDigits(byte[] b, int from, int to) {
        int dot = -1;
        for (int i = from; i < to; i++) {
            if (b[i] == '.') {
                dot = i;
                break;
            }
        }
        return dot < 0 ? 0 : to - dot - 1;
    }

    /** Appends the printed form of {@code v} with {@code digits} fraction digits. BLANK appends nothing. */
    public static void format(long v, int digits, ByteBuilder out) {
        if (v == BLANK) {
            return;
        }
        if (v == INF) {
            out.append((byte) 'I').append((byte) 'N').append((byte) 'F');
            return;
        }
        if (v == NEG_INF) {
            out.append((byte) '-').append((byte) 'I').append((byte) 'N').append((byte) 'F');
            return;
        }
        boolean neg = v < 0 || v == NEG_ZERO;
        long mag = v == NEG_ZERO ? 0 : Math.abs(v);
        if (neg) {
            out.append((byte) '-');
        }
        // Write the digits right to left into a small scratch area at the end of the builder.
        int n = 0;
        long m = mag;
        do {
            n++;
            m /= 10;
        } while (m != 0);
        int total = Math.max(n, digits + 1) + (digits > 0 ? 1 : 0);
        int start = out.length();
        out.ensureSpace(total);
        byte[] a = out.array();
        int p = start + total - 1;
        for (int d = 0; d < digits; d++) {
            a[p--] = (byte) ('0' + (mag % 10));
            mag /= 10;
        }
        if (digits > 0) {
            a[p--] = '.';
        }
        do {
            a[p--] = (byte) ('0' + (mag % 10));
            mag /= 10;
        } while (p >= start);
        out.setLength(start + total);
    }

    /** Printed width of {@code v} (what {@link #format} appends). */
    public static int width(long v, int digits) {
        if (v == BLANK) {
            return 0;
        }
        if (v == INF) {
            return 3;
        }
        if (v == NEG_INF) {
            return 4;
        }
        boolean neg = v < 0 || v == NEG_ZERO;
        long mag = v == NEG_ZERO ? 0 : Math.abs(v);
        return (neg ? 1 : 0) + Math.max(digitCount(mag), digits + 1) + (digits > 0 ? 1 : 0);
    }

    private static final long[] POWERS = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    /** Decimal digits of a non-negative value (1 for 0), by table rather than division. */
    static int digitCount(long mag) {
        int n = 1;
        while (n < POWERS.length && mag >= POWERS[n]) {
            n++;
        }
        return n;
    }

    /** Appends {@code v} right-justified in {@code width} (wider values push right, as OpenSTA's do). */
    public static void formatRight(long v, int digits, int width, ByteBuilder out) {
        out.appendSpaces(width - width(v, digits));
        format(v, digits, out);
    }

    /** {@code v / 10^digits} as a double: NaN for BLANK, +-Infinity for INF, -0.0 for NEG_ZERO. */
    public static double toDouble(long v, int digits) {
        if (v == BLANK || v == INVALID) {
            return Double.NaN;
        }
        if (v == INF) {
            return Double.POSITIVE_INFINITY;
        }
        if (v == NEG_INF) {
            return Double.NEGATIVE_INFINITY;
        }
        if (v == NEG_ZERO) {
            return -0.0;
        }
        return v / POW10[Math.min(digits, POW10.length - 1)];
    }

    private static final double[] POW10 = new double[40];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** {@code 10^n} as a double. */
    public static double pow10(int n) {
        return n >= 0 && n < POW10.length ? POW10[n] : Math.pow(10, n);
    }

    /** True when {@code v} is a plain number (not blank, infinite or a sentinel). */
    public static boolean isFinite(long v) {
        return !isSentinel(v);
    }

    /** Appends {@code v} as text for display (e.g. "-0.00", "INF", "" for blank). */
    public static String toString(long v, int digits) {
        ByteBuilder b = new ByteBuilder(24);
        format(v, digits, b);
        return b.toString();
    }

    /** Compares two cells of the same scale by value: BLANK first, then -INF, numbers, INF; -0 equals 0. */
    public static int compare(long a, long b) {
        return Long.compare(rank(a), rank(b));
    }

    private static long rank(long v) {
        if (v == BLANK) {
            return Long.MIN_VALUE;
        }
        if (v == NEG_INF) {
            return Long.MIN_VALUE + 1;
        }
        if (v == NEG_ZERO) {
            return 0;
        }
        return v;
    }
}

package io.stadb.codec;

/**
 * What a {@link RowKind#POINT} row stands for, found from its description. Derived, never stored, so
 * the classification can improve without touching stored data.
 */
public enum PointKind {
    /** A leaf pin: {@code u1/A (NAND2X1)}. */
    PIN,
    /** A top-level port: {@code in1 (in)}. */
    PORT,
    /** A net line ({@code -fields net}): {@code n1 (net)}. */
    NET,
    /** {@code clock clk (rise edge)}. */
    CLOCK_EDGE,
    /** {@code clock network delay (ideal|propagated)}, {@code clock source latency}, macro clock tree delay. */
    CLOCK_NETWORK,
    /** {@code input external delay} / {@code output external delay}. */
    EXTERNAL_DELAY,
    /** {@code library setup time}, {@code clock gating hold time}, {@code data check setup time}… */
    CHECK_TIME,
    /** {@code clock reconvergence pessimism}. */
    RECONVERGENCE,
    /** {@code clock uncertainty}, {@code inter-clock uncertainty}. */
    UNCERTAINTY,
    /** {@code time borrowed from …} / {@code time given to …}. */
    TIME_BORROW,
    /** {@code path margin}. */
    PATH_MARGIN,
    /** {@code max_delay} / {@code min_delay}. */
    PATH_DELAY,
    /** {@code data arrival time}. */
    DATA_ARRIVAL,
    /** {@code data required time}. */
    DATA_REQUIRED,
    /** {@code slack (MET|VIOLATED)}. */
    SLACK,
    /** Anything else (SSTA sigma lines, hierarchical pins without a cell, new labels). */
    OTHER;

    /** Classifies row {@code r} of {@code b}, which must be a {@link RowKind#POINT} row. */
    public static PointKind classify(ReportBlock b, int r) {
        boolean hasAux = b.rowHas(r, RowKind.F_AUX);
        if (hasAux) {
            if (b.auxIs(r, "net") || b.auxIs(r, "unconnected")) {
                return NET;
            }
            if (b.auxIs(r, "rise edge") || b.auxIs(r, "fall edge")) {
                return startsWith(b, r, "clock ") ? CLOCK_EDGE : OTHER;
            }
            if (b.nameIs(r, "slack")) {
                return SLACK;
            }
            if (b.nameIs(r, "clock network delay")) {
                return CLOCK_NETWORK;
            }
            if (b.auxIs(r, "in") || b.auxIs(r, "out") || b.auxIs(r, "inout") || b.auxIs(r, "?")) {
                return PORT;
            }
            return PIN;
        }
        if (b.nameIs(r, "data arrival time")) {
            return DATA_ARRIVAL;
        }
        if (b.nameIs(r, "data required time")) {
            return DATA_REQUIRED;
        }
        if (b.nameIs(r, "clock network delay") || b.nameIs(r, "clock source latency")
            || b.nameIs(r, "macro clock tree delay")) {
            return CLOCK_NETWORK;
        }
        if (b.nameIs(r, "input external delay") || b.nameIs(r, "output external delay")) {
            return EXTERNAL_DELAY;
        }
        if (b.nameIs(r, "clock reconvergence pessimism")) {
            return RECONVERGENCE;
        }
        if (b.nameIs(r, "clock uncertainty") || b.nameIs(r, "inter-clock uncertainty")) {
            return UNCERTAINTY;
        }
        if (b.nameIs(r, "path margin")) {
            return PATH_MARGIN;
        }
        if (b.nameIs(r, "max_delay") || b.nameIs(r, "min_delay")) {
            return PATH_DELAY;
        }
        if (startsWith(b, r, "time borrowed ") || startsWith(b, r, "time given ")) {
            return TIME_BORROW;
        }
        if (endsWith(b, r, " time") && (startsWith(b, r, "library ") || startsWith(b, r, "clock gating ")
            || startsWith(b, r, "data check "))) {
            return CHECK_TIME;
        }
        return OTHER;
    }

    private static boolean startsWith(ReportBlock b, int r, String p) {
        int len = b.nameLen(r);
        if (len < p.length()) {
            return false;
        }
        byte[] a = b.arena();
        int off = b.nameOff(r);
        for (int i = 0; i < p.length(); i++) {
            if (a[off + i] != (byte) p.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(ReportBlock b, int r, String s) {
        int len = b.nameLen(r);
        if (len < s.length()) {
            return false;
        }
        byte[] a = b.arena();
        int off = b.nameOff(r) + len - s.length();
        for (int i = 0; i < s.length(); i++) {
            if (a[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

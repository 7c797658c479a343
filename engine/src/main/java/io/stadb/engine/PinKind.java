package io.stadb.engine;

/**
 * What a path's start or end point is, from the reason OpenSTA prints after its name
 * ({@code Startpoint: r1 (rising edge-triggered flip-flop clocked by clk)}). Stored as its ordinal in
 * the path index: append only.
 */
public enum PinKind {
    /** Not printed (JSON, tables without the reason). */
    UNKNOWN,
    FLIP_FLOP,
    LATCH,
    INPUT_PORT,
    OUTPUT_PORT,
    /** {@code recovery check against …} / {@code removal check against …}: an asynchronous pin. */
    ASYNC_CHECK,
    /** {@code … clock gating-check end-point …}. */
    CLOCK_GATING,
    /** {@code … data to data check …}. */
    DATA_CHECK,
    /** {@code clock source 'clk'}. */
    CLOCK_SOURCE,
    OTHER;

    private static final PinKind[] VALUES = values();

    public static PinKind ofOrdinal(int o) {
        return o >= 0 && o < VALUES.length ? VALUES[o] : OTHER;
    }

    /** Is this a sequential cell's pin (a register in reg2reg terms)? */
    public boolean isRegister() {
        return this == FLIP_FLOP || this == LATCH || this == ASYNC_CHECK || this == CLOCK_GATING || this == DATA_CHECK;
    }

    /** Classifies a reason text, e.g. {@code rising edge-triggered flip-flop clocked by clk}. */
    public static PinKind ofReason(byte[] a, int off, int len) {
        if (len <= 0) {
            return UNKNOWN;
        }
        if (contains(a, off, len, "flip-flop")) {
            return FLIP_FLOP;
        }
        if (contains(a, off, len, "latch")) {
            return LATCH;
        }
        if (contains(a, off, len, "input port")) {
            return INPUT_PORT;
        }
        if (contains(a, off, len, "output port")) {
            return OUTPUT_PORT;
        }
        if (contains(a, off, len, "recovery check") || contains(a, off, len, "removal check")) {
            return ASYNC_CHECK;
        }
        if (contains(a, off, len, "gating")) {
            return CLOCK_GATING;
        }
        if (contains(a, off, len, "data to data check")) {
            return DATA_CHECK;
        }
        if (contains(a, off, len, "clock source")) {
            return CLOCK_SOURCE;
        }
        return OTHER;
    }

    private static boolean contains(byte[] a, int off, int len, String s) {
        int n = s.length();
        outer:
        for (int i = off; i + n <= off + len; i++) {
            for (int k = 0; k < n; k++) {
                if (a[i + k] != (byte) s.charAt(k)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

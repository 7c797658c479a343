package io.stadb.query;

import io.stadb.engine.PinKind;

/** Where a path starts and ends: registers (flip-flops, latches, async and gating pins) or ports. */
public enum PathClass {
    REG2REG, IN2REG, REG2OUT, IN2OUT, OTHER;

    public static PathClass of(PinKind start, PinKind end) {
        boolean fromReg = start.isRegister();
        boolean fromIn = start == PinKind.INPUT_PORT;
        boolean toReg = end.isRegister();
        boolean toOut = end == PinKind.OUTPUT_PORT;
        if (fromReg && toReg) {
            return REG2REG;
        }
        if (fromIn && toReg) {
            return IN2REG;
        }
        if (fromReg && toOut) {
            return REG2OUT;
        }
        return fromIn && toOut ? IN2OUT : OTHER;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.stadb.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stadb.codec.Num;
import io.stadb.engine.PathIndexFormat;
import io.stadb.engine.PinKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PathIndexBuilderTest {
    @Test
    void timesBecomeSixDigitFixedPoint() {
        assertEquals(-1_230_000, PathIndexBuilder.indexTime(-123, 2));
        assertEquals(1_234_567, PathIndexBuilder.indexTime(1_234_567, 6));
        assertEquals(0, PathIndexBuilder.indexTime(Num.NEG_ZERO, 3));
        assertEquals(PathIndexFormat.NO_TIME, PathIndexBuilder.indexTime(Num.BLANK, 3));
        assertEquals(PathIndexFormat.NO_TIME, PathIndexBuilder.indexTime(Num.INVALID, 3));
        assertEquals(PathIndexFormat.POS_INF, PathIndexBuilder.indexTime(Num.INF, 3));
        assertEquals(PathIndexFormat.NEG_INF, PathIndexBuilder.indexTime(Num.NEG_INF, 3));
        // JSON: -1.234e-09 s is mantissa -1234 at scale 12 (seconds), i.e. scale 3 in ns.
        assertEquals(-1_234_000, PathIndexBuilder.indexTime(-1234, 12 - 9));
        // More digits than the index keeps: rounded toward negative infinity.
        assertEquals(-1_235, PathIndexBuilder.indexTime(-1_234_567_891L, 12));
        assertEquals(1, PathIndexBuilder.indexTime(1_999, 9));
        assertEquals(PathIndexFormat.POS_INF, PathIndexBuilder.indexTime(Long.MAX_VALUE / 10, 0));
        assertEquals(PathIndexFormat.NEG_INF, PathIndexBuilder.indexTime(-(Long.MAX_VALUE / 10), 0));
    }

    @Test
    void pinKindsFromTheReasonText() {
        String[][] cases = {
            {"rising edge-triggered flip-flop clocked by clk", "FLIP_FLOP"},
            {"positive level-sensitive latch clocked by clk", "LATCH"},
            {"input port clocked by clk", "INPUT_PORT"},
            {"output port", "OUTPUT_PORT"},
            {"recovery check against rising-edge clock clk", "ASYNC_CHECK"},
            {"removal check against rising-edge clock clk", "ASYNC_CHECK"},
            {"rising clock gating-check end-point clocked by clk", "CLOCK_GATING"},
            {"falling edge-triggered data to data check clocked by clk", "DATA_CHECK"},
            {"clock source 'gclk'", "CLOCK_SOURCE"},
            {"something new", "OTHER"},
            {"", "UNKNOWN"}};
        for (String[] c : cases) {
            byte[] b = c[0].getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(PinKind.valueOf(c[1]), PinKind.ofReason(b, 0, b.length), c[0]);
        }
    }
}

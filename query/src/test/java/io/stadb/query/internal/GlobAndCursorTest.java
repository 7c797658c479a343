package io.stadb.query.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.query.QueryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GlobAndCursorTest {
    private static boolean m(String pattern, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return new Glob(pattern).matches(b, 0, b.length);
    }

    @Test
    void globsMatchLikeAShellAcrossSlashes() {
        assertTrue(m("*", ""));
        assertTrue(m("core/*/D", "core/u1/reg3/D"));
        assertTrue(m("reg?/D", "reg7/D"));
        assertFalse(m("reg?/D", "reg17/D"));
        assertTrue(m("*reg*", "core/reg17/D"));
        // OpenSTA prints escaped brackets, reg\[3\]; in a glob each of those backslashes is written \\.
        assertTrue(m("reg\\\\[3\\\\]*", "reg\\[3\\]/D"));
        assertTrue(m("a\\*b", "a*b"));
        assertFalse(m("a\\*b", "axxb"));
        assertFalse(m("a\\?", "ab"));
        assertTrue(m("a**", "a"));
        assertFalse(m("abc", "ab"));
        assertFalse(m("ab", "abc"));
        // One backtrack point: a long name against many stars stays fast.
        String longName = "x".repeat(100_000) + "y";
        assertFalse(m("*x*x*x*x*z", longName));
    }

    @Test
    void cursorsRoundTripAndRejectEditsAndOtherVersions() {
        CursorCodec.Position p = new CursorCodec.Position(true, 7, 1_700_000_000_000L, -42, -123_456, 99, 1000);
        String c = CursorCodec.encode(p);
        assertEquals(p, CursorCodec.decode(c));
        assertTrue(c.matches("[A-Za-z0-9_-]+"));
        byte[] raw = Base64.getUrlDecoder().decode(c);
        raw[1] = 2;
        String otherVersion = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        QueryException e = assertThrows(QueryException.class, () -> CursorCodec.decode(otherVersion));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        String cut = c.substring(0, c.length() - 4);
        assertEquals(QueryException.Reason.BAD_CURSOR, assertThrows(QueryException.class, () -> CursorCodec.decode(cut)).reason());
    }
}

package io.stadb.query.internal;

/**
 * A shell-style pattern over names: {@code *} any run (also across {@code /}), {@code ?} one byte, every
 * other byte itself; {@code \} escapes the next byte (OpenSTA escapes brackets in names, as in
 * {@code reg\[3\]}, so brackets are literal). Matching is iterative with one backtrack point: linear in
 * practice, never exponential.
 */
public final class Glob {
    private final byte[] p;
    private final boolean[] literal;

    public Glob(String pattern) {
        byte[] raw = pattern.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[raw.length];
        boolean[] lit = new boolean[raw.length];
        int n = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 1 < raw.length) {
                i++;
                lit[n] = true;
            }
            out[n++] = raw[i];
        }
        this.p = java.util.Arrays.copyOf(out, n);
        this.literal = java.util.Arrays.copyOf(lit, n);
    }

    public boolean matches(byte[] s, int off, int len) {
        int si = 0;
        int pi = 0;
        int star = -1;
        int mark = 0;
        while (si < len) {
            if (pi < p.length && !literal[pi] && p[pi] == '*') {
                star = pi++;
                mark = si;
            } else if (pi < p.length && (p[pi] == s[off + si] || !literal[pi] && p[pi] == '?')) {
                pi++;
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length && !literal[pi] && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }
}

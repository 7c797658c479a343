package io.stadb.query.internal;

import io.stadb.codec.NameLookup;

/** A glob over dictionary names, memoised per name id (a query tests the same endpoints over and over). */
final class NameMatcher {
    private final Glob glob;
    private final NameLookup names;
    private byte[] memo = new byte[1024]; // 0 unknown, 1 match, 2 no match

    NameMatcher(String pattern, NameLookup names) {
        this.glob = new Glob(pattern);
        this.names = names;
    }

    boolean matches(int id) {
        if (id < 0) {
            return false;
        }
        if (id >= memo.length) {
            memo = java.util.Arrays.copyOf(memo, Math.max(id + 1, memo.length * 2));
        }
        byte m = memo[id];
        if (m == 0) {
            byte[] b = names.copyOf(id); // once per name per query: the verdict is memoised
            m = glob.matches(b, 0, b.length) ? (byte) 1 : 2;
            memo[id] = m;
        }
        return m == 1;
    }
}

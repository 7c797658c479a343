package io.stadb.query.internal;

import io.stadb.codec.NameDictionary;

/** A glob over dictionary names, memoised per name id (a query tests the same endpoints over and over). */
final class NameMatcher {
    private final Glob glob;
    private final NameDictionary names;
    private byte[] memo = new byte[1024]; // 0 unknown, 1 match, 2 no match

    NameMatcher(String pattern, NameDictionary names) {
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
            m = glob.matches(names.bytes(), names.offset(id), names.length(id)) ? (byte) 1 : 2;
            memo[id] = m;
        }
        return m == 1;
    }
}

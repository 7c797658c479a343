package io.stadb.query.internal;

import io.stadb.codec.NameLookup;
import io.stadb.engine.PathIndex;
import java.nio.charset.StandardCharsets;

/**
 * A {@link QuerySpec}'s filters bound to one stage's index and the store's dictionary: {@link #test}
 * decides one index record from its fixed fields, with name lookups resolved (exact names) or memoised
 * (globs) once. Single-threaded.
 */
public final class Selection {
    private static final int ABSENT = -2; // a name the dictionary lacks: nothing can match it
    private final QuerySpec spec;
    private final PathIndex idx;
    private final int group;
    private final int corner;
    private final int mode;
    private final NameMatcher start;
    private final NameMatcher end;
    private final ClassFilter classes;

    public Selection(QuerySpec spec, PathIndex idx, NameLookup names) {
        this.spec = spec;
        this.idx = idx;
        this.group = id(names, spec.group());
        this.corner = id(names, spec.corner());
        this.mode = id(names, spec.mode());
        this.start = spec.startGlob() == null ? null : new NameMatcher(spec.startGlob(), names);
        this.end = spec.endGlob() == null ? null : new NameMatcher(spec.endGlob(), names);
        this.classes = ClassFilter.of(spec.check(), spec.pathClass());
    }

    private static int id(NameLookup names, String s) {
        if (s == null) {
            return -1;
        }
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int id = names.find(b, 0, b.length);
        return id < 0 ? ABSENT : id;
    }

    public QuerySpec spec() {
        return spec;
    }

    public boolean test(long i) {
        long s = idx.slack(i);
        if (s < spec.slackMin() || s > spec.slackMax()) {
            return false;
        }
        if (spec.minMax() != 0 && idx.minMax(i) != spec.minMax()) {
            return false;
        }
        if (group != -1 && idx.group(i) != group || corner != -1 && idx.corner(i) != corner
            || mode != -1 && idx.mode(i) != mode) {
            return false;
        }
        if (classes != null && !classes.test(idx, i)) {
            return false;
        }
        return (end == null || end.matches(idx.endpoint(i))) && (start == null || start.matches(idx.startpoint(i)));
    }
}

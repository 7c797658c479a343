package io.stadb.query.internal;

import io.stadb.engine.PathIndex;
import io.stadb.query.CheckKind;
import io.stadb.query.PathClass;
import io.stadb.query.MinMax;

/** Filters on derived classes (check kind, reg2reg…), which depend on min/max and the pin kinds. */
final class ClassFilter {
    private final CheckKind check;
    private final PathClass pathClass;

    private ClassFilter(CheckKind check, PathClass pathClass) {
        this.check = check;
        this.pathClass = pathClass;
    }

    static ClassFilter of(String check, String pathClass) {
        if (check == null && pathClass == null) {
            return null;
        }
        return new ClassFilter(check == null ? null : CheckKind.valueOf(check),
            pathClass == null ? null : PathClass.valueOf(pathClass));
    }

    boolean test(PathIndex idx, long i) {
        if (pathClass != null && PathClass.of(idx.startKind(i), idx.endKind(i)) != pathClass) {
            return false;
        }
        return check == null || CheckKind.of(MinMax.ofCode(idx.minMax(i)), idx.endKind(i)) == check;
    }
}

package io.stadb.query;

import io.stadb.engine.StageReader;
import io.stadb.query.internal.DiffJoin;
import java.util.List;

/**
 * Two stages compared path by path (see {@link PathDelta} for the key). Counts cover every path; the
 * lists hold the {@code top} worst regressions (most negative delta first), and the worst added and
 * removed paths (lowest slack first). Memory: one map entry per path of {@code from}.
 */
public record StageDiff(String from, String to, long matched, long added, long removed, long improved,
                        long regressed, long unchanged, List<PathDelta> worstRegressions, List<PathDelta> worstAdded,
                        List<PathDelta> worstRemoved, StageStats fromStats, StageStats toStats) {

    static StageDiff compute(StageReader a, StageReader b, int top) {
        if (top < 0 || top > Query.MAX_PAGE) {
            throw new QueryException(QueryException.Reason.BAD_QUERY, "top must be 0.." + Query.MAX_PAGE);
        }
        DiffJoin j = new DiffJoin(a, b, top);
        j.run();
        return new StageDiff(a.stage().name(), b.stage().name(), j.matched(), j.added(), j.removed(), j.improved(),
            j.regressed(), j.unchanged(), j.worstRegressions(), j.worstAdded(), j.worstRemoved(),
            StageStats.compute(a, StatsOptions.DEFAULTS), StageStats.compute(b, StatsOptions.DEFAULTS));
    }
}

package io.stadb.query;

import io.stadb.engine.PathIndex;
import io.stadb.engine.StageReader;
import io.stadb.query.internal.StatsAccumulator;
import java.util.List;

/**
 * Aggregates of one stage from its path index (two passes, memory per distinct endpoint, not per path).
 *
 * @param totals         one entry per min/max present (group, corner, mode null): an endpoint counts once,
 *                       at its worst slack over groups, corners and modes, as OpenSTA's report_tns does
 * @param groups         one entry per (group, corner, mode, min/max)
 * @param slack          histogram of every path's slack, stacked by group
 * @param endpointSlack  histogram of each endpoint's worst slack (per min/max), stacked by group
 */
public record StageStats(String stage, long paths, List<GroupStats> totals, List<GroupStats> groups, Histogram slack,
                         Histogram endpointSlack) {

    static StageStats compute(StageReader r, StatsOptions o) {
        PathIndex idx = r.paths();
        StatsAccumulator acc = new StatsAccumulator(idx, r.names());
        acc.scan();
        return new StageStats(r.stage().name(), idx.size(), acc.totals(), acc.groups(), acc.slackHistogram(o),
            acc.endpointHistogram(o));
    }

    /** The total of one min/max, or null when the stage has none. */
    public GroupStats total(MinMax mm) {
        return totals.stream().filter(t -> t.type() == mm).findFirst().orElse(null);
    }
}

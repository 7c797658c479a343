package io.stadb.query;

import io.stadb.engine.StageInfo;
import java.util.ArrayList;
import java.util.List;

/** WNS, TNS and violating endpoints per stage and min/max, in the order the stages were given. */
public record Trend(List<TrendPoint> points) {
    public Trend {
        points = List.copyOf(points);
    }

    static Trend compute(TimingDb db, List<StageInfo> stages) {
        List<TrendPoint> out = new ArrayList<>();
        for (StageInfo s : stages) {
            StageStats st = db.stats(s.name());
            for (GroupStats t : st.totals()) {
                out.add(new TrendPoint(s.name(), s.createdMillis(), t.type(), t.paths(), t.endpoints(), t.wns(), t.tns(),
                    t.violatingEndpoints()));
            }
        }
        return new Trend(out);
    }
}

package io.stadb.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.ingest.NoLeaks;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Stats, diffs and trends against brute force on the report text, and against sta's own report_tns/wns. */
@ExtendWith(NoLeaks.class)
class AggregateTest {
    @TempDir
    static Path tmp;
    static QueryFixture fx;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new QueryFixture(tmp);
    }

    /** Per endpoint, its worst slack among the paths of one type. */
    static Map<String, BigDecimal> endpointWorst(List<QueryFixture.Ref> refs, String type) {
        Map<String, BigDecimal> w = new HashMap<>();
        for (QueryFixture.Ref r : refs) {
            if (r.type().equals(type)) {
                w.merge(r.end(), r.slack(), BigDecimal::min);
            }
        }
        return w;
    }

    static BigDecimal tns(Map<String, BigDecimal> worst) {
        return worst.values().stream().filter(v -> v.signum() < 0).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static void assertDec(BigDecimal expected, double got, String what) {
        assertEquals(0, expected.compareTo(BigDecimal.valueOf(got)), what + ": " + expected + " vs " + got);
    }

    @Test
    void statsEqualBruteForceAndStasOwnTnsAndWns() {
        List<QueryFixture.Ref> refs = QueryFixture.refs(fx.route);
        try (TimingDb db = TimingDb.open(fx.dir)) {
            StageStats s = db.stats("route", new StatsOptions(16, 0));
            assertEquals(refs.size(), s.paths());
            for (String type : List.of("max", "min")) {
                Map<String, BigDecimal> worst = endpointWorst(refs, type);
                GroupStats t = s.total(type.equals("max") ? MinMax.MAX : MinMax.MIN);
                assertNotNull(t, type);
                assertEquals(refs.stream().filter(r -> r.type().equals(type)).count(), t.paths());
                assertEquals(worst.size(), t.endpoints(), type + " endpoints");
                assertDec(tns(worst), t.tns(), type + " tns");
                BigDecimal w = worst.values().stream().min(BigDecimal::compareTo).orElseThrow();
                assertDec(w, t.worstSlack(), type + " worst");
                assertDec(w.min(BigDecimal.ZERO), t.wns(), type + " wns");
                assertEquals(worst.values().stream().filter(v -> v.signum() < 0).count(), t.violatingEndpoints());
            }
            // "place" is the design sta's report_tns/report_wns ran on. Its report has every endpoint
            // (group_count 400 > endpoints), so its max TNS is sta's: sta sums unrounded slacks and prints 6
            // digits; ours sums the report's 3-digit ones.
            GroupStats max = db.stats("place").total(MinMax.MAX);
            double staTns = Double.parseDouble(fx.tnsLine.replaceAll("[^-0-9.]+", " ").trim().split(" ")[0]);
            double staWns = Double.parseDouble(fx.wnsLine.replaceAll("[^-0-9.]+", " ").trim().split(" ")[0]);
            assertEquals(staTns, max.tns(), 0.0005 * max.violatingEndpoints() + 1e-6, fx.tnsLine);
            assertEquals(staWns, max.wns(), 0.0005 + 1e-6, fx.wnsLine);
            assertTrue(max.tns() < 0, "the fixture has violations");

            Histogram h = s.slack();
            assertEquals(16, h.counts().length);
            assertEquals(refs.size(), java.util.Arrays.stream(h.counts()).sum() + h.unbinned());
            long[] stacked = new long[16];
            h.byGroup().values().forEach(g -> {
                for (int i = 0; i < 16; i++) {
                    stacked[i] += g[i];
                }
            });
            assertTrue(java.util.Arrays.equals(h.counts(), stacked), "group stacks sum to the bins");
            BigDecimal lo = refs.stream().map(QueryFixture.Ref::slack).min(BigDecimal::compareTo).orElseThrow();
            assertDec(lo, h.lower(), "histogram lower edge");
            // Every path lands in the bin its slack says.
            long[] expect = new long[16];
            for (QueryFixture.Ref r : refs) {
                int bin = (int) Math.min(15, Math.floor((r.slack().doubleValue() - h.lower()) / h.width() + 1e-9));
                expect[bin]++;
            }
            assertTrue(java.util.Arrays.equals(expect, h.counts()), java.util.Arrays.toString(h.counts()));
            StageStats byWidth = db.stats("route", new StatsOptions(1, 0.25));
            assertEquals(0, BigDecimal.valueOf(byWidth.slack().lower()).remainder(BigDecimal.valueOf(0.25)).signum());
            assertEquals(refs.size(), java.util.Arrays.stream(byWidth.slack().counts()).sum());
        }
    }

    @Test
    void diffMatchesPathsByKeyAndRank() {
        List<QueryFixture.Ref> a = QueryFixture.refs(fx.place);
        List<QueryFixture.Ref> b = QueryFixture.refs(fx.route);
        Map<String, BigDecimal> byKey = new HashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        for (QueryFixture.Ref r : a) {
            String k = r.start() + "|" + r.end() + "|" + r.group() + "|" + r.type();
            int n = rank.merge(k, 1, Integer::sum) - 1;
            byKey.put(k + "#" + n, r.slack());
        }
        rank.clear();
        Map<String, BigDecimal> toByKeyAndRank = new HashMap<>();
        long matched = 0;
        long regressed = 0;
        BigDecimal worstDelta = BigDecimal.ZERO;
        for (QueryFixture.Ref r : b) {
            String k = r.start() + "|" + r.end() + "|" + r.group() + "|" + r.type();
            int n = rank.merge(k, 1, Integer::sum) - 1;
            toByKeyAndRank.put(k + "#" + n, r.slack());
            BigDecimal was = byKey.remove(k + "#" + n);
            if (was != null) {
                matched++;
                BigDecimal d = r.slack().subtract(was);
                if (d.signum() < 0) {
                    regressed++;
                    worstDelta = worstDelta.min(d);
                }
            }
        }
        try (TimingDb db = TimingDb.open(fx.dir)) {
            StageDiff d = db.diff("place", "route", 10);
            assertEquals(matched, d.matched());
            assertEquals(b.size() - matched, d.added());
            assertEquals(byKey.size(), d.removed());
            assertEquals(regressed, d.regressed());
            assertEquals(10, d.worstRegressions().size());
            assertEquals(0, worstDelta.compareTo(BigDecimal.valueOf(d.worstRegressions().get(0).delta())
                .setScale(3, java.math.RoundingMode.HALF_EVEN)));
            for (PathDelta p : d.worstRegressions()) { // each listed path is the one of its key and rank
                BigDecimal to = toByKeyAndRank.get(p.startpoint() + "|" + p.endpoint() + "|" + p.group() + "|"
                    + p.type().label() + "#" + p.rank());
                assertDec(to, p.toSlack(), "to-slack of " + p);
            }
            assertTrue(d.worstRegressions().stream().anyMatch(p -> p.rank() > 0), "ranks beyond the first are listed");
            for (int i = 1; i < d.worstRegressions().size(); i++) {
                assertTrue(d.worstRegressions().get(i - 1).delta() <= d.worstRegressions().get(i).delta());
            }
            StageDiff same = db.diff("place", "place", 5);
            assertEquals(a.size(), same.matched());
            assertEquals(0, same.added() + same.removed() + same.regressed() + same.improved());
        }
    }

    @Test
    void trendFollowsTheStagesInCreationOrder() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            Trend t = db.trend(List.of());
            List<String> stages = t.points().stream().map(TrendPoint::stage).distinct().toList();
            assertEquals(List.of("place", "tables", "route"), stages);
            TrendPoint place = t.points().stream().filter(p -> p.stage().equals("place") && p.type() == MinMax.MAX)
                .findFirst().orElseThrow();
            TrendPoint route = t.points().stream().filter(p -> p.stage().equals("route") && p.type() == MinMax.MAX)
                .findFirst().orElseThrow();
            assertEquals(db.stats("place").total(MinMax.MAX).tns(), place.tns());
            assertTrue(route.tns() < place.tns(), place.tns() + " -> " + route.tns());
            assertEquals(List.of("route", "place"), db.trend(List.of("route", "place")).points().stream()
                .map(TrendPoint::stage).distinct().toList());
        }
    }
}

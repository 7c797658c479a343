package io.stadb.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.engine.StageReader;
import io.stadb.engine.Store;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.NoLeaks;
import io.stadb.ingest.ParserOptions;
import io.stadb.query.internal.Scanner;
import io.stadb.query.internal.Selection;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Queries on real sta reports against a brute-force reference computed from the report text. */
@ExtendWith(NoLeaks.class)
class QueryTest {
    @TempDir
    static Path tmp;
    static QueryFixture fx;
    static List<QueryFixture.Ref> route;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new QueryFixture(tmp);
        route = QueryFixture.refs(fx.route);
        assertTrue(route.size() > 300, "paths: " + route.size());
    }

    /** Tests that change the store work on a copy, so the shared one stays as built. */
    static Path copyOfStore() throws java.io.IOException {
        Path to = java.nio.file.Files.createTempDirectory(tmp, "copy").resolve("db");
        io.stadb.engine.StoreFiles.crashCopy(fx.dir, to);
        return to;
    }

    private static BigDecimal dec(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros();
    }

    /** The reference order: slack, then input order. */
    private static List<QueryFixture.Ref> sorted(Predicate<QueryFixture.Ref> p) {
        List<QueryFixture.Ref> l = new ArrayList<>(route.stream().filter(p).toList());
        l.sort(Comparator.comparing(QueryFixture.Ref::slack).thenComparingLong(QueryFixture.Ref::ordinal));
        return l;
    }

    private static void assertSame(List<QueryFixture.Ref> expected, List<PathRecord> got) {
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            QueryFixture.Ref e = expected.get(i);
            PathRecord g = got.get(i);
            assertEquals(e.ordinal(), g.ordinal(), "position " + i);
            assertEquals(0, e.slack().compareTo(dec(g.slack())), "slack at " + i);
            assertEquals(e.start(), g.startpoint());
            assertEquals(e.end(), g.endpoint());
            assertEquals(e.group(), g.group());
            assertEquals(e.type(), g.type().label());
        }
    }

    @Test
    void worstNIsTheBruteForceOrder() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            assertEquals("route", db.head().orElseThrow().name());
            for (int n : new int[] {1, 10, 100, route.size() + 5}) {
                List<QueryFixture.Ref> exp = sorted(r -> true);
                assertSame(exp.subList(0, Math.min(n, exp.size())), db.query().worst(n));
            }
            List<PathRecord> worstMin = db.query().stage("route").minMax(MinMax.MIN).worst(7);
            assertSame(sorted(r -> r.type().equals("min")).subList(0, 7), worstMin);
            assertTrue(worstMin.stream().allMatch(r -> r.check() == CheckKind.HOLD || r.check() == CheckKind.UNKNOWN
                || r.check() == CheckKind.REMOVAL), worstMin.toString());
        }
    }

    @Test
    void pageWalksVisitEveryPathOnceInOrder() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            record Case(String name, java.util.function.UnaryOperator<Query> q, Predicate<QueryFixture.Ref> ref) {
            }
            List<Case> cases = List.of(
                new Case("all", q -> q, r -> true),
                new Case("violating max to regs", q -> q.slackBelow(0).minMax(MinMax.MAX).endpoint("reg*"),
                    r -> r.slack().signum() < 0 && r.type().equals("max") && r.end().startsWith("reg")),
                new Case("from inputs", q -> q.startpoint("in?").slackBetween(-10, 1.5),
                    r -> r.start().matches("in.") && r.slack().compareTo(BigDecimal.valueOf(-10)) >= 0
                        && r.slack().compareTo(BigDecimal.valueOf(1.5)) <= 0),
                new Case("group", q -> q.group("clk"), r -> r.group().equals("clk")),
                new Case("absent group", q -> q.group("nope"), r -> false));
            for (Case c : cases) {
                for (boolean bySlack : new boolean[] {true, false}) {
                    for (int size : new int[] {1, 7, 100}) {
                        List<PathRecord> all = new ArrayList<>();
                        String cursor = null;
                        int pages = 0;
                        do {
                            Query q = c.q().apply(db.query().stage("route"));
                            Page p = (bySlack ? q.orderBySlack() : q.inputOrder()).page(size, cursor);
                            assertTrue(p.paths().size() <= size);
                            assertTrue(p.nextCursor() == null || p.paths().size() == size);
                            all.addAll(p.paths());
                            cursor = p.nextCursor();
                            pages++;
                        } while (cursor != null && pages < 10_000);
                        List<QueryFixture.Ref> exp = bySlack ? sorted(c.ref())
                            : route.stream().filter(c.ref()).toList();
                        assertSame(exp, all);
                    }
                    Query q = c.q().apply(db.query().stage("route"));
                    try (var st = (bySlack ? q.orderBySlack() : q.inputOrder()).stream()) {
                        assertSame(bySlack ? sorted(c.ref()) : route.stream().filter(c.ref()).toList(), st.toList());
                    }
                }
            }
        }
    }

    @Test
    void uniqueEndpointsKeepsTheWorstPathOfEach() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            Set<String> seen = new HashSet<>();
            List<QueryFixture.Ref> exp = new ArrayList<>();
            for (QueryFixture.Ref r : sorted(x -> x.type().equals("max"))) {
                if (seen.add(r.end())) {
                    exp.add(r);
                }
            }
            Query q = db.query().minMax(MinMax.MAX).uniqueEndpoints(true);
            List<PathRecord> walked = new ArrayList<>();
            String c = null;
            do {
                Page p = q.page(13, c);
                walked.addAll(p.paths());
                c = p.nextCursor();
            } while (c != null);
            assertSame(exp, walked);
            assertTrue(exp.size() < route.size() / 2);
        }
    }

    /** Worst path per endpoint within a slack window, by pages (new scanner each) and by stream, both orders. */
    @Test
    void uniqueEndpointsWithinASlackWindowByPagesAndStreams() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            Predicate<QueryFixture.Ref> window = r -> r.slack().compareTo(BigDecimal.valueOf(-10)) >= 0
                && r.slack().compareTo(BigDecimal.valueOf(1.5)) <= 0;
            Set<String> seen = new HashSet<>();
            List<QueryFixture.Ref> bySlack = new ArrayList<>();
            for (QueryFixture.Ref r : sorted(window)) {
                if (seen.add(r.end())) {
                    bySlack.add(r);
                }
            }
            Set<Long> kept = new HashSet<>();
            bySlack.forEach(r -> kept.add(r.ordinal()));
            List<QueryFixture.Ref> inInput = route.stream().filter(r -> kept.contains(r.ordinal())).toList();
            assertTrue(bySlack.size() > 10 && bySlack.size() < sorted(window).size(), "fixture has repeated endpoints");
            for (boolean slackOrder : new boolean[] {true, false}) {
                List<QueryFixture.Ref> exp = slackOrder ? bySlack : inInput;
                for (int size : new int[] {1, 5, 1000}) {
                    List<PathRecord> walked = new ArrayList<>();
                    String c = null;
                    do {
                        Query q = db.query().slackBetween(-10, 1.5).uniqueEndpoints(true);
                        Page p = (slackOrder ? q.orderBySlack() : q.inputOrder()).page(size, c);
                        walked.addAll(p.paths());
                        c = p.nextCursor();
                    } while (c != null);
                    assertSame(exp, walked);
                }
                Query q = db.query().slackBetween(-10, 1.5).uniqueEndpoints(true);
                try (var st = (slackOrder ? q.orderBySlack() : q.inputOrder()).stream()) {
                    assertSame(exp, st.toList());
                }
            }
            // One scanner asked for three paths at a time, as a stream's batches do: the walk resumes where it stopped.
            Query q = db.query().slackBetween(-10, 1.5).uniqueEndpoints(true);
            try (StageReader r = db.openReader(db.head().orElseThrow())) {
                Scanner scan = new Scanner(r.paths(), new Selection(q.spec(), r.paths(), r.names()), new Cancellation(),
                    QueryProgress.NONE);
                List<Long> got = new ArrayList<>();
                long[] out = new long[3];
                long lastSlack = 0;
                long lastOrdinal = -1;
                int k;
                do {
                    k = scan.next(true, lastSlack, lastOrdinal, 3, out);
                    for (int i = 0; i < k; i++) {
                        got.add(out[i]);
                    }
                    if (k > 0) {
                        lastOrdinal = out[k - 1];
                        lastSlack = r.paths().slack(lastOrdinal);
                    }
                } while (k == 3);
                assertEquals(bySlack.stream().map(QueryFixture.Ref::ordinal).toList(), got);
                assertTrue(scan.scanned() <= sorted(window).size() + 1, "each path walked once: " + scan.scanned());
            }
        }
    }

    @Test
    void pointsAreTheReportTextByteForByte() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            List<PathRecord> worst = db.query().points(true).worst(25);
            List<QueryFixture.Ref> exp = sorted(r -> true);
            for (int i = 0; i < worst.size(); i++) {
                assertEquals(exp.get(i).text(), worst.get(i).text());
            }
            try (var st = db.query().inputOrder().points(true).stream()) {
                List<PathRecord> all = st.toList();
                assertEquals(route.size(), all.size());
                for (int i = 0; i < all.size(); i++) {
                    assertEquals(route.get(i).text(), all.get(i).text(), "path " + i);
                }
            }
        }
    }

    @Test
    void tableRowsAreQueryableToo() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            List<PathRecord> rows = db.query().stage("tables").endpoint("out*").worst(3);
            assertEquals(3, rows.size());
            for (PathRecord r : rows) {
                assertTrue(r.endpoint().startsWith("out"), r.endpoint());
                assertEquals("clk", r.group());
                assertEquals(MinMax.MAX, r.type());
                assertTrue(!Double.isNaN(r.slack()));
            }
            assertTrue(rows.get(0).slack() <= rows.get(1).slack());
            PathRecord withText = db.query().stage("tables").points(true).worst(1).get(0);
            assertTrue(withText.text().contains(withText.endpoint()) && withText.text().endsWith("\n"), withText.text());
        }
    }

    @Test
    void cursorsAreCheckedAndSurviveNewStagesAndReopening() throws Exception {
        String cursor;
        List<PathRecord> first;
        Path dir = copyOfStore();
        try (TimingDb db = TimingDb.open(dir)) {
            Page p = db.query().slackBelow(0).page(5, null);
            first = p.paths();
            cursor = p.nextCursor();
            assertNotNull(cursor);
            assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
            // Another query's cursor, an edited one, garbage.
            String other = db.query().slackBelow(1).page(5, null).nextCursor();
            QueryException e = assertThrows(QueryException.class, () -> db.query().slackBelow(0).page(5, other));
            assertEquals(QueryException.Reason.CURSOR_MISMATCH, e.reason());
            char[] edited = cursor.toCharArray();
            edited[20] = edited[20] == 'A' ? 'B' : 'A';
            assertEquals(QueryException.Reason.BAD_CURSOR, assertThrows(QueryException.class,
                () -> db.query().slackBelow(0).page(5, new String(edited))).reason());
            assertEquals(QueryException.Reason.BAD_CURSOR, assertThrows(QueryException.class,
                () -> db.query().slackBelow(0).page(5, "%%%")).reason());
            assertEquals(QueryException.Reason.CURSOR_MISMATCH, assertThrows(QueryException.class,
                () -> db.query().stage("place").slackBelow(0).page(5, cursor)).reason());
        }
        // A new stage becomes the head; the cursor still reads "route", in a new process view.
        try (Store s = Store.open(dir, true)) {
            new Ingestor(s, ParserOptions.DEFAULTS).ingest("later", new ByteArrayInputStream(fx.place), "later.txt",
                Map.of(), false);
        }
        try (TimingDb db = TimingDb.open(dir)) {
            assertEquals("later", db.head().orElseThrow().name());
            Page p2 = db.query().slackBelow(0).page(5, cursor);
            List<QueryFixture.Ref> exp = sorted(r -> r.slack().signum() < 0);
            assertSame(exp.subList(0, 5), first);
            assertSame(exp.subList(5, 10), p2.paths());
            assertEquals("route", p2.paths().get(0).stage());
        }
        // Rolled back and compacted away: the cursor has expired.
        try (Store s = Store.open(dir, true)) {
            s.rollback("place");
            s.compact(false, false);
        }
        try (TimingDb db = TimingDb.open(dir)) {
            assertEquals(QueryException.Reason.CURSOR_EXPIRED, assertThrows(QueryException.class,
                () -> db.query().slackBelow(0).page(5, cursor)).reason());
        }
    }

    @Test
    void aPageWalkIsUndisturbedByAnIngestRunningBesideIt() throws Exception {
        Path dir = copyOfStore();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try (Store s = Store.open(dir, true)) {
                started.countDown();
                Ingestor in = new Ingestor(s, ParserOptions.DEFAULTS);
                for (int k = 0; k < 3; k++) {
                    in.ingest("beside" + k, new ByteArrayInputStream(fx.route), "beside.txt", Map.of(), false);
                }
            } catch (Throwable t) {
                failed.set(t);
                started.countDown();
            }
        });
        List<PathRecord> walked = new ArrayList<>();
        try (TimingDb db = TimingDb.open(dir)) {
            writer.start();
            started.await();
            String c = null;
            do {
                Page p = db.query().stage("route").slackBelow(0.5).page(11, c);
                walked.addAll(p.paths());
                c = p.nextCursor();
                db.reload(); // sees the stages the writer commits meanwhile; the walk's stage is unchanged
            } while (c != null);
            writer.join();
            db.reload();
            assertEquals(List.of("place", "tables", "route", "beside0", "beside1", "beside2"),
                db.stages().stream().map(io.stadb.engine.StageInfo::name).toList());
        }
        assertNull(failed.get());
        assertSame(sorted(r -> r.slack().compareTo(new BigDecimal("0.5")) < 0), walked);
    }

    @Test
    void classAndCheckFiltersSelectWhatTheRecordsSay() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            List<PathRecord> all;
            try (var st = db.query().stage("route").stream()) {
                all = st.toList();
            }
            for (PathClass c : PathClass.values()) {
                List<PathRecord> got = db.query().stage("route").pathClass(c).page(Query.MAX_PAGE, null).paths();
                assertEquals(all.stream().filter(r -> r.pathClass() == c).toList(), got, c.label());
            }
            for (CheckKind k : CheckKind.values()) {
                List<PathRecord> got = db.query().stage("route").check(k).page(Query.MAX_PAGE, null).paths();
                assertEquals(all.stream().filter(r -> r.check() == k).toList(), got, k.label());
            }
            assertTrue(all.stream().anyMatch(r -> r.pathClass() == PathClass.REG2REG && r.check() == CheckKind.SETUP));
            assertTrue(all.stream().anyMatch(r -> r.pathClass() == PathClass.IN2REG && r.check() == CheckKind.HOLD));
            assertTrue(all.stream().anyMatch(r -> r.pathClass() == PathClass.REG2OUT));
        }
    }

    @Test
    void badArgumentsAreQueryErrors() {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            assertEquals(QueryException.Reason.BAD_QUERY,
                assertThrows(QueryException.class, () -> db.query().page(0, null)).reason());
            assertEquals(QueryException.Reason.BAD_QUERY,
                assertThrows(QueryException.class, () -> db.query().page(Query.MAX_PAGE + 1, null)).reason());
            assertEquals(QueryException.Reason.BAD_QUERY,
                assertThrows(QueryException.class, () -> db.query().publisher(1, 0.8, 0.5)).reason());
            assertEquals(QueryException.Reason.BAD_QUERY,
                assertThrows(QueryException.class, () -> db.query().publisher(10, 0.5, 0.8)).reason());
            assertEquals(QueryException.Reason.BAD_QUERY,
                assertThrows(QueryException.class, () -> new StatsOptions(0, 0)).reason());
            assertEquals(QueryException.Reason.BAD_QUERY,
                assertThrows(QueryException.class, () -> new StatsOptions(5, Double.NaN)).reason());
            QueryException tooFine = assertThrows(QueryException.class,
                () -> db.stats("route", new StatsOptions(5, 0.000001)));
            assertTrue(tooFine.getMessage().contains("bins"), tooFine.getMessage());
            assertEquals(QueryException.Reason.NO_SUCH_STAGE,
                assertThrows(QueryException.class, () -> db.query().stage("nope").worst(1)).reason());
            assertEquals(QueryException.Reason.BAD_QUERY,
                assertThrows(QueryException.class, () -> db.diff("place", "route", -1)).reason());
        }
    }

    @Test
    void statusLabelsAreWhatOpenStaPrints() {
        String[] labels = new String[io.stadb.codec.PathStatus.values().length];
        for (io.stadb.codec.PathStatus st : io.stadb.codec.PathStatus.values()) {
            labels[st.ordinal()] = new PathRecord("s", 0, "", "", "", MinMax.NONE, "", "", 0, 0, 0, st, PathClass.OTHER,
                CheckKind.UNKNOWN, null).statusLabel();
        }
        assertEquals(List.of("", "MET", "VIOLATED", "unconstrained"), List.of(labels));
    }
}

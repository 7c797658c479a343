package io.stadb.query;

import io.stadb.engine.StageInfo;
import io.stadb.engine.StageReader;
import io.stadb.query.QueryException.Reason;
import io.stadb.query.internal.CursorCodec;
import io.stadb.query.internal.Materializer;
import io.stadb.query.internal.QuerySpec;
import io.stadb.query.internal.Scanner;
import io.stadb.query.internal.Selection;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A fluent query over one stage (default: the head). Filters combine with AND. Ordering is by slack,
 * worst first, ties broken by input order (deterministic), or input order. Results come as cursor pages,
 * a closeable {@link Stream}, a closeable iterator, or a {@link Flow.Publisher}; none holds more than a
 * batch of paths in memory.
 */
public final class Query {
    /** Paths per internal batch of a stream without points (ordinals only: 8 bytes each). */
    static final int BATCH = 16_384;
    /** With points each path of a batch is decoded and rendered: keep batches small. */
    static final int POINTS_BATCH = 256;
    public static final int MAX_PAGE = 100_000;

    private final TimingDb db;
    private String stage;
    private long slackMin = Long.MIN_VALUE;
    private long slackMax = Long.MAX_VALUE;
    private String startGlob;
    private String endGlob;
    private String group;
    private String corner;
    private String mode;
    private MinMax minMax = MinMax.NONE;
    private CheckKind check;
    private PathClass pathClass;
    private boolean unique;
    private boolean bySlack = true;
    private boolean points;
    private QueryProgress progress = QueryProgress.NONE;
    private Cancellation cancellation = new Cancellation();

    Query(TimingDb db) {
        this.db = db;
    }

    public Query stage(String name) {
        this.stage = name;
        return this;
    }

    /** Paths with slack strictly below {@code v} (the report's unit). */
    public Query slackBelow(double v) {
        slackMax = Math.min(slackMax, Materializer.fixed(v) - 1);
        return this;
    }

    /** Paths with {@code min <= slack <= max}; paths without a slack never pass a bound. */
    public Query slackBetween(double min, double max) {
        slackMin = Math.max(slackMin, Materializer.fixed(min));
        slackMax = Math.min(slackMax, Math.min(Materializer.fixed(max), io.stadb.engine.PathIndexFormat.POS_INF));
        return this;
    }

    public Query startpoint(String glob) {
        this.startGlob = glob;
        return this;
    }

    public Query endpoint(String glob) {
        this.endGlob = glob;
        return this;
    }

    public Query group(String g) {
        this.group = g;
        return this;
    }

    public Query corner(String c) {
        this.corner = c;
        return this;
    }

    public Query mode(String m) {
        this.mode = m;
        return this;
    }

    public Query minMax(MinMax mm) {
        this.minMax = mm;
        return this;
    }

    public Query check(CheckKind c) {
        this.check = c;
        return this;
    }

    public Query pathClass(PathClass c) {
        this.pathClass = c;
        return this;
    }

    /** Only the worst path (by slack, then input order) of each endpoint. */
    public Query uniqueEndpoints(boolean u) {
        this.unique = u;
        return this;
    }

    public Query orderBySlack() {
        this.bySlack = true;
        return this;
    }

    public Query inputOrder() {
        this.bySlack = false;
        return this;
    }

    /** Include each path's full text (decodes its block); without it only header fields are read. */
    public Query points(boolean p) {
        this.points = p;
        return this;
    }

    public Query progress(QueryProgress p) {
        this.progress = p;
        return this;
    }

    public Query cancellation(Cancellation c) {
        this.cancellation = c;
        return this;
    }

    QuerySpec spec() {
        return new QuerySpec(slackMin, slackMax, startGlob, endGlob, group, corner, mode, minMax.code(),
            check == null ? null : check.name(), pathClass == null ? null : pathClass.name(), unique, bySlack);
    }

    /** Where a walk starts: the query's stage and position, from the cursor when given. */
    private CursorCodec.Position start(String cursor, StageInfo[] stageOut) {
        QuerySpec spec = spec();
        if (cursor == null) {
            StageInfo s = db.resolve(stage);
            stageOut[0] = s;
            return new CursorCodec.Position(bySlack, s.id(), s.createdMillis(), spec.fingerprint(), Long.MIN_VALUE, -1, 0);
        }
        CursorCodec.Position p = CursorCodec.decode(cursor);
        if (p.fingerprint() != spec.fingerprint()) {
            throw new QueryException(Reason.CURSOR_MISMATCH, "the cursor belongs to a different query (filters or order changed)");
        }
        StageInfo s = db.byId(p.stageId(), p.stageCreated());
        if (stage != null && !stage.equals(s.name())) {
            throw new QueryException(Reason.CURSOR_MISMATCH, "the cursor is for stage '" + s.name() + "', not '" + stage + "'");
        }
        stageOut[0] = s;
        return p;
    }

    /**
     * One page of at most {@code size} paths after {@code cursor} (null: the first page). The next
     * cursor is null when no path follows.
     */
    public Page page(int size, String cursor) {
        if (size < 1 || size > MAX_PAGE) {
            throw new QueryException(Reason.BAD_QUERY, "page size must be 1.." + MAX_PAGE + ": " + size);
        }
        cancellation.check();
        StageInfo[] st = new StageInfo[1];
        CursorCodec.Position p = start(cursor, st);
        QuerySpec spec = spec();
        try (StageReader r = db.openReader(st[0])) {
            Scanner scan = new Scanner(r.paths(), new Selection(spec, r.paths(), r.names()), cancellation, progress);
            long[] ords = new long[size + 1];
            int k = scan.next(bySlack, p.lastSlack(), p.lastOrdinal(), size + 1, ords);
            int n = Math.min(k, size);
            List<PathRecord> recs = new Materializer(r).records(ords, n, points);
            String next = null;
            if (k > size) {
                long last = ords[n - 1];
                next = CursorCodec.encode(new CursorCodec.Position(bySlack, st[0].id(), st[0].createdMillis(),
                    spec.fingerprint(), r.paths().slack(last), last, p.returned() + n));
            }
            return new Page(recs, next);
        }
    }

    /** The {@code n} worst paths (or the first {@code n} in input order). */
    public List<PathRecord> worst(int n) {
        return page(n, null).paths();
    }

    /** Every selected path after {@code cursor} (null: from the start), as a closeable iterator. */
    public PathIterator iterate(String cursor) {
        return iterate(cursor, cancellation, points ? POINTS_BATCH : BATCH);
    }

    PathIterator iterate(String cursor, Cancellation cancel, int batch) {
        cancel.check(); // before any file is opened: an interrupted thread cannot map files (ClosedByInterrupt)
        StageInfo[] st = new StageInfo[1];
        CursorCodec.Position p = start(cursor, st);
        return new PathIterator(db.openReader(st[0]), spec(), p, batch, points, cancel, progress);
    }

    /** Every selected path, as a stream to close (try-with-resources) when done or abandoned. */
    public Stream<PathRecord> stream() {
        PathIterator it = iterate(null);
        Spliterator<PathRecord> sp = Spliterators.spliteratorUnknownSize((Iterator<PathRecord>) it,
            Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(sp, false).onClose(it::close);
    }

    /** A publisher of every selected path with the default buffer (256 paths, pause at 80 %, resume at 50 %). */
    public Flow.Publisher<PathRecord> publisher() {
        return publisher(256, 0.8, 0.5);
    }

    /**
     * A publisher honouring {@code request(n)}: a worker thread per subscription decodes ahead of
     * demand only until {@code capacity * high} paths are buffered, and resumes when the buffer drains
     * to {@code capacity * low}.
     */
    public Flow.Publisher<PathRecord> publisher(int capacity, double high, double low) {
        return publisher(null, capacity, high, low);
    }

    /** The same, of the paths after {@code cursor} (null: from the start), like {@link #iterate(String)}. */
    public Flow.Publisher<PathRecord> publisher(String cursor, int capacity, double high, double low) {
        if (capacity < 2 || !(low >= 0 && low < high && high <= 1)) {
            throw new QueryException(Reason.BAD_QUERY, "publisher needs capacity >= 2 and 0 <= low < high <= 1");
        }
        return new QueryPublisher(this, cursor, capacity, high, low);
    }

    Cancellation cancellation() {
        return cancellation;
    }

    int batchFor(int capacity) {
        return Math.min(capacity, points ? POINTS_BATCH : BATCH);
    }
}

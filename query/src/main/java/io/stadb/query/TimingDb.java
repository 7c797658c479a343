package io.stadb.query;

import io.stadb.engine.StageInfo;
import io.stadb.engine.StageReader;
import io.stadb.engine.StageState;
import io.stadb.engine.Store;
import io.stadb.query.QueryException.Reason;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A store opened for answers. Reads only committed stages, which are immutable snapshots: a query or a
 * cursor keeps reading its stage while other processes ingest new ones ({@link #reload} to see them).
 * Thread-safe: every query opens mappings of its own and releases them when it ends.
 *
 * <pre>{@code
 * try (TimingDb db = TimingDb.open(Path.of("flow.stadb"))) {
 *     Page p = db.query().stage("route").slackBelow(0).endpoint("core/reg*").orderBySlack().page(100, null);
 *     p.paths().forEach(r -> System.out.println(r.slack() + " " + r.endpoint()));
 *     StageStats s = db.stats("route");
 * }
 * }</pre>
 */
public final class TimingDb implements AutoCloseable {
    private final Store store;
    private final boolean owned;

    private TimingDb(Store store, boolean owned) {
        this.store = store;
        this.owned = owned;
    }

    /** Opens the store at {@code dir} read-only (any number of readers run beside its one writer). */
    public static TimingDb open(Path dir) {
        return new TimingDb(Store.open(dir, false), true);
    }

    /** Answers from a store the caller already has open (and closes). */
    public static TimingDb over(Store store) {
        return new TimingDb(store, false);
    }

    /** Sees stages committed since the store was opened. */
    public synchronized void reload() {
        store.reload();
    }

    public List<StageInfo> stages() {
        return store.stages();
    }

    public Optional<StageInfo> stage(String name) {
        return store.stage(name);
    }

    public Optional<StageInfo> head() {
        return store.head();
    }

    /** The named stage, or the head when {@code name} is null. */
    public StageInfo resolve(String name) {
        if (name == null) {
            return head().orElseThrow(() -> new QueryException(Reason.NO_SUCH_STAGE, "the store has no stages"));
        }
        return stage(name).orElseThrow(() -> new QueryException(Reason.NO_SUCH_STAGE, "no stage named '" + name + "'"));
    }

    /** The stage a cursor points into, or a "cursor expired" error when compaction removed it. */
    StageInfo byId(long id, long created) {
        for (StageInfo s : stages()) {
            if (s.id() == id && s.createdMillis() == created && s.state() != StageState.INCOMPLETE) {
                return s;
            }
        }
        throw new QueryException(Reason.CURSOR_EXPIRED, "cursor expired: its stage (id " + id
            + ") is no longer in the store (removed by compaction or replaced)");
    }

    StageReader openReader(StageInfo s) {
        return store.openStageReader(s);
    }

    public Query query() {
        return new Query(this);
    }

    /** Paths, endpoints, WNS, TNS and histograms of a stage (null: the head). */
    public StageStats stats(String stage, StatsOptions options) {
        StageInfo s = resolve(stage);
        try (StageReader r = openReader(s)) {
            return StageStats.compute(r, options);
        }
    }

    public StageStats stats(String stage) {
        return stats(stage, StatsOptions.DEFAULTS);
    }

    /** Paths of {@code to} matched with those of {@code from}; the {@code top} worst regressions listed. */
    public StageDiff diff(String from, String to, int top) {
        StageInfo a = resolve(from);
        StageInfo b = resolve(to);
        try (StageReader ra = openReader(a); StageReader rb = openReader(b)) {
            return StageDiff.compute(ra, rb, top);
        }
    }

    /** WNS, TNS and violations per stage, for the named stages or (empty) every stage in creation order. */
    public Trend trend(List<String> stageNames) {
        List<StageInfo> list = stageNames.isEmpty() ? stages() : stageNames.stream().map(this::resolve).toList();
        return Trend.compute(this, list);
    }

    @Override
    public void close() {
        if (owned) {
            store.close();
        }
    }
}

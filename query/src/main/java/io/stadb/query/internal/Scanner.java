package io.stadb.query.internal;

import io.stadb.engine.PathIndex;
import io.stadb.query.Cancellation;
import io.stadb.query.QueryProgress;
import java.util.BitSet;
import org.agrona.collections.Int2IntHashMap;

/**
 * Finds the next {@code n} selected paths after a position, in (slack, ordinal) order or in input order,
 * reading only the path index. Slack order walks the index's sorted order section from a binary-searched
 * start, so a worst-100 or a page at any depth reads about as many records as it returns (more when a
 * filter rejects most). Memory: the caller's {@code n} ordinals, plus for unique endpoints one bit per
 * endpoint name id (slack order) or one bit per path and one map entry per endpoint (input order).
 *
 * <p>Unique endpoints in slack order need no pass over the stage: walking (slack, ordinal) order, the first
 * selected path of an endpoint is its worst, with the earlier ordinal winning a tie, as in input order. So
 * the walk starts at the first selected rank and marks endpoints as it goes; what lies before the cursor is
 * walked once to learn the endpoints already shown (a worst-N reads the paths up to its N-th endpoint, a page
 * at depth d about d more, where a full pass read the whole stage for every page).
 */
public final class Scanner {
    private final PathIndex idx;
    private final Selection sel;
    private final Cancellation cancel;
    private final QueryProgress progress;
    private final long t0 = System.nanoTime();
    private BitSet unique;
    private long scanned;
    private long returned;

    public Scanner(PathIndex idx, Selection sel, Cancellation cancel, QueryProgress progress) {
        this.idx = idx;
        this.sel = sel;
        this.cancel = cancel;
        this.progress = progress;
    }

    /** Endpoint name ids already met by the slack-order walk of unique endpoints, up to rank {@link #walkedTo}. */
    private BitSet seenEndpoints;
    private long walkedTo;

    private boolean passes(long i) {
        return sel.test(i) && (unique == null || unique.get((int) i));
    }

    /**
     * In input order: marks, per endpoint, its selected path with the smallest (slack, ordinal); paths with no
     * endpoint stay. One pass over the stage.
     */
    private void computeUnique() {
        if (unique != null || !sel.spec().uniqueEndpoints()) {
            return;
        }
        Int2IntHashMap best = new Int2IntHashMap(-1);
        BitSet keep = new BitSet((int) idx.size());
        for (int i = 0; i < idx.size(); i++) {
            if ((i & 4095) == 0) {
                cancel.check();
            }
            if (!sel.test(i)) {
                continue;
            }
            int e = idx.endpoint(i);
            if (e < 0) {
                keep.set(i);
                continue;
            }
            int b = best.get(e);
            if (b < 0 || idx.slack(i) < idx.slack(b)) { // equal slack: the earlier ordinal stays
                best.put(e, i);
            }
        }
        for (var it = best.values().iterator(); it.hasNext(); ) {
            keep.set(it.nextValue());
        }
        unique = keep;
    }

    /**
     * Fills {@code out} with up to {@code n} ordinals after position ({@code afterSlack}, {@code afterOrdinal})
     * (input order ignores the slack), in order; returns how many.
     */
    public int next(boolean bySlack, long afterSlack, long afterOrdinal, int n, long[] out) {
        int k;
        if (bySlack) {
            k = nextBySlack(afterSlack, afterOrdinal, n, out);
        } else {
            computeUnique();
            k = nextInInputOrder(afterOrdinal, n, out);
        }
        returned += k;
        progress.update(scanned, returned, idx.size(), System.nanoTime() - t0);
        return k;
    }

    private int nextInInputOrder(long after, int n, long[] out) {
        int k = 0;
        for (long i = after + 1; i < idx.size() && k < n; i++) {
            if ((i & 4095) == 0) {
                cancel.check();
                progress.update(scanned, returned + k, idx.size(), System.nanoTime() - t0);
            }
            scanned++;
            if (passes(i)) {
                out[k++] = i;
            }
        }
        return k;
    }

    /**
     * Walks the index's order section from just after the position: a binary search finds where to
     * start, and a slack upper bound ends the walk early (the section is sorted by slack). For unique
     * endpoints the walk starts at the first rank a selected path can have, or where this scanner's previous
     * walk stopped, marking endpoints as it goes, and returns first-met paths from the position on.
     */
    private int nextBySlack(long afterSlack, long afterOrdinal, int n, long[] out) {
        QuerySpec spec = sel.spec();
        boolean unique = spec.uniqueEndpoints();
        long first = spec.slackMin() == Long.MIN_VALUE ? 0 : idx.rankAfter(spec.slackMin() - 1, Long.MAX_VALUE);
        long from = Math.max(first, afterOrdinal < 0 ? 0 : idx.rankAfter(afterSlack, afterOrdinal));
        long k = from;
        if (unique) {
            if (seenEndpoints == null || from < walkedTo) {
                seenEndpoints = new BitSet();
                walkedTo = first;
            }
            k = walkedTo;
        }
        int found = 0;
        for (; k < idx.size() && found < n; k++) {
            if ((k & 4095) == 0) {
                cancel.check();
                progress.update(scanned, returned + found, idx.size(), System.nanoTime() - t0);
            }
            long i = idx.ordinalAt(k);
            if (idx.slack(i) > spec.slackMax()) {
                break;
            }
            scanned++;
            if (sel.test(i) && (!unique || firstOfItsEndpoint(i)) && k >= from) {
                out[found++] = i;
            }
        }
        if (unique) {
            walkedTo = k;
        }
        return found;
    }

    /** Marks path {@code i}'s endpoint as met; whether it was not met before (a path with none always is). */
    private boolean firstOfItsEndpoint(long i) {
        int e = idx.endpoint(i);
        if (e < 0) {
            return true;
        }
        if (seenEndpoints.get(e)) {
            return false;
        }
        seenEndpoints.set(e);
        return true;
    }

    public long scanned() {
        return scanned;
    }
}

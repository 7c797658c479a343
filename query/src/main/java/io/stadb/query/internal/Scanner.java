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
 * path and one map entry per endpoint.
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

    private boolean passes(long i) {
        return sel.test(i) && (unique == null || unique.get((int) i));
    }

    /** Marks, per endpoint, its selected path with the smallest (slack, ordinal); paths with no endpoint stay. */
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
        computeUnique();
        int k = bySlack ? nextBySlack(afterSlack, afterOrdinal, n, out) : nextInInputOrder(afterOrdinal, n, out);
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
     * start, and a slack upper bound ends the walk early (the section is sorted by slack).
     */
    private int nextBySlack(long afterSlack, long afterOrdinal, int n, long[] out) {
        QuerySpec spec = sel.spec();
        long k = afterOrdinal < 0 ? 0 : idx.rankAfter(afterSlack, afterOrdinal);
        if (spec.slackMin() != Long.MIN_VALUE) {
            k = Math.max(k, idx.rankAfter(spec.slackMin() - 1, Long.MAX_VALUE));
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
            if (passes(i)) {
                out[found++] = i;
            }
        }
        return found;
    }

    public long scanned() {
        return scanned;
    }
}

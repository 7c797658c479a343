package io.stadb.query.internal;

import io.stadb.engine.PathIndex;
import io.stadb.query.Cancellation;
import io.stadb.query.QueryProgress;
import java.util.Arrays;
import java.util.BitSet;
import org.agrona.collections.Int2IntHashMap;

/**
 * Finds the next {@code n} selected paths after a position, in (slack, ordinal) order or in input order,
 * reading only the path index. Slack order keeps a bounded max-heap of the best {@code n} keys and
 * visits zones by their minimum slack, so it stops at the first zone that cannot beat the heap: a
 * worst-100 reads a zone or two, a deep page skips every zone wholly before the cursor. Memory is the
 * heap ({@code n} entries) plus, for unique endpoints, one entry per endpoint.
 */
public final class Scanner {
    private final PathIndex idx;
    private final Selection sel;
    private final Cancellation cancel;
    private final QueryProgress progress;
    private final long t0 = System.nanoTime();
    private final Integer[] zoneOrder;
    private BitSet unique;
    private long scanned;
    private long returned;

    public Scanner(PathIndex idx, Selection sel, Cancellation cancel, QueryProgress progress) {
        this.idx = idx;
        this.sel = sel;
        this.cancel = cancel;
        this.progress = progress;
        this.zoneOrder = new Integer[idx.zoneCount()];
        for (int z = 0; z < zoneOrder.length; z++) {
            zoneOrder[z] = z;
        }
        Arrays.sort(zoneOrder, (a, b) -> Long.compare(idx.zoneMinSlack(a), idx.zoneMinSlack(b)));
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

    private int nextBySlack(long afterSlack, long afterOrdinal, int n, long[] out) {
        long[] hs = new long[n];   // max-heap on (slack, ordinal)
        long[] ho = new long[n];
        int size = 0;
        for (int z : zoneOrder) {
            cancel.check();
            long zmin = idx.zoneMinSlack(z);
            long zmax = idx.zoneMaxSlack(z);
            if (size == n && zmin > hs[0]) {
                break; // zones come in zmin order: none after this one can beat the heap
            }
            if (zmax < afterSlack || !sel.slackRangeMayPass(zmin, zmax)) {
                continue;
            }
            long from = (long) z * io.stadb.engine.PathIndexFormat.ZONE_RECORDS;
            long to = Math.min(idx.size(), from + io.stadb.engine.PathIndexFormat.ZONE_RECORDS);
            for (long i = from; i < to; i++) {
                long s = idx.slack(i);
                scanned++;
                if (s < afterSlack || s == afterSlack && i <= afterOrdinal) {
                    continue;
                }
                if (size == n && (s > hs[0] || s == hs[0] && i > ho[0])) {
                    continue;
                }
                if (!passes(i)) {
                    continue;
                }
                if (size < n) {
                    siftUp(hs, ho, size++, s, i);
                } else {
                    replaceTop(hs, ho, size, s, i);
                }
            }
            progress.update(scanned, returned, idx.size(), System.nanoTime() - t0);
        }
        // Pop the heap from the largest down.
        for (int k = size - 1; k >= 0; k--) {
            out[k] = ho[0];
            long ls = hs[k];
            long lo = ho[k];
            replaceTop(hs, ho, k, ls, lo);
        }
        return size;
    }

    private static boolean greater(long s1, long o1, long s2, long o2) {
        return s1 > s2 || s1 == s2 && o1 > o2;
    }

    private static void siftUp(long[] hs, long[] ho, int at, long s, long o) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!greater(s, o, hs[parent], ho[parent])) {
                break;
            }
            hs[at] = hs[parent];
            ho[at] = ho[parent];
            at = parent;
        }
        hs[at] = s;
        ho[at] = o;
    }

    /** Replaces the top of a heap of {@code size} entries with (s, o) and sifts it down. */
    private static void replaceTop(long[] hs, long[] ho, int size, long s, long o) {
        int at = 0;
        while (true) {
            int c = 2 * at + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && greater(hs[c + 1], ho[c + 1], hs[c], ho[c])) {
                c++;
            }
            if (!greater(hs[c], ho[c], s, o)) {
                break;
            }
            hs[at] = hs[c];
            ho[at] = ho[c];
            at = c;
        }
        if (size > 0) {
            hs[at] = s;
            ho[at] = o;
        }
    }

    public long scanned() {
        return scanned;
    }
}

package io.stadb.query.internal;

import io.stadb.engine.PathIndex;
import io.stadb.engine.PathIndexFormat;
import io.stadb.engine.StageReader;
import io.stadb.query.MinMax;
import io.stadb.query.PathDelta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.agrona.collections.Long2LongHashMap;

/**
 * Hash join of two stages' path indexes on (startpoint, endpoint, group, corner, mode, min/max, rank).
 * Name ids come from the store's one dictionary, so equal names are equal ids across stages. The key is
 * hashed to 64 bits for the map and the fields are compared again on a hit, so a hash collision can
 * only turn a match into an add/remove pair, never pair two different paths.
 */
public final class DiffJoin {
    private static final long NONE = -1;
    private final PathIndex a;
    private final PathIndex b;
    private final StageReader ra;
    private final StageReader rb;
    private final int top;
    private long matched;
    private long added;
    private long removed;
    private long improved;
    private long regressed;
    private long unchanged;
    private final PriorityQueue<long[]> regressions; // {delta, ordinal in b, ordinal in a}, max-heap on delta
    private final PriorityQueue<long[]> worstAdded;   // {slack, ordinal in b}
    private final PriorityQueue<long[]> worstRemoved; // {slack, ordinal in a}

    public DiffJoin(StageReader ra, StageReader rb, int top) {
        this.ra = ra;
        this.rb = rb;
        this.a = ra.paths();
        this.b = rb.paths();
        this.top = top;
        Comparator<long[]> worstLast = (x, y) -> Long.compare(y[0], x[0]);
        regressions = new PriorityQueue<>(worstLast);
        worstAdded = new PriorityQueue<>(worstLast);
        worstRemoved = new PriorityQueue<>(worstLast);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static long keyHash(PathIndex x, long i) {
        long h = mix(x.startpoint(i) * 0x9E3779B97F4A7C15L + x.endpoint(i));
        h = mix(h + x.group(i) * 31L + x.corner(i));
        return mix(h + x.mode(i) * 31L + x.minMax(i));
    }

    private static boolean sameKey(PathIndex x, long i, PathIndex y, long j) {
        return x.startpoint(i) == y.startpoint(j) && x.endpoint(i) == y.endpoint(j) && x.group(i) == y.group(j)
            && x.corner(i) == y.corner(j) && x.mode(i) == y.mode(j) && x.minMax(i) == y.minMax(j);
    }

    public void run() {
        Long2LongHashMap ranksA = new Long2LongHashMap(0);
        // (key hash, rank) -> rank << 32 | ordinal in a: a stage holds < 2^31 paths (PathIndexFormat.MAX_RECORDS)
        Long2LongHashMap byKey = new Long2LongHashMap(NONE);
        for (long i = 0; i < a.size(); i++) {
            long k = keyHash(a, i);
            long rank = ranksA.get(k);
            ranksA.put(k, rank + 1);
            byKey.put(mix(k + rank), rank << 32 | i);
        }
        ranksA.clear();
        Long2LongHashMap ranksB = new Long2LongHashMap(0);
        for (long j = 0; j < b.size(); j++) {
            long k = keyHash(b, j);
            long rank = ranksB.get(k);
            ranksB.put(k, rank + 1);
            long slot = mix(k + rank);
            long hit = byKey.get(slot);
            long i = hit & 0xffffffffL;
            if (hit == NONE || !sameKey(a, i, b, j)) {
                added++;
                offer(worstAdded, b.slack(j), j, 0, rank);
                continue;
            }
            byKey.remove(slot);
            matched++;
            long sa = a.slack(i);
            long sb = b.slack(j);
            if (!finite(sa) || !finite(sb) || sa == sb) {
                unchanged++;
                continue;
            }
            long d = sb - sa;
            if (d < 0) {
                regressed++;
                offer(regressions, d, j, i, rank);
            } else {
                improved++;
            }
        }
        for (var it = byKey.values().iterator(); it.hasNext(); ) {
            long hit = it.nextValue();
            long i = hit & 0xffffffffL;
            removed++;
            offer(worstRemoved, a.slack(i), i, 0, hit >>> 32);
        }
    }

    private static boolean finite(long s) {
        return s != PathIndexFormat.NO_TIME && s != PathIndexFormat.POS_INF && s != PathIndexFormat.NEG_INF;
    }

    /** Keeps the {@code top} entries {value, ordinal, other ordinal, rank} with the smallest value. */
    private void offer(PriorityQueue<long[]> q, long v, long x, long y, long rank) {
        if (top == 0) {
            return;
        }
        if (q.size() < top) {
            q.add(new long[] {v, x, y, rank});
        } else if (v < q.peek()[0]) {
            q.poll();
            q.add(new long[] {v, x, y, rank});
        }
    }

    private static List<long[]> sorted(PriorityQueue<long[]> q) {
        List<long[]> l = new ArrayList<>(q);
        l.sort(Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[1]));
        return l;
    }

    public List<PathDelta> worstRegressions() {
        List<PathDelta> out = new ArrayList<>();
        for (long[] e : sorted(regressions)) {
            out.add(delta(b, rb, e[1], (int) e[3], Materializer.time(a.slack(e[2])), Materializer.time(b.slack(e[1])),
                Materializer.time(e[0])));
        }
        return out;
    }

    public List<PathDelta> worstAdded() {
        List<PathDelta> out = new ArrayList<>();
        for (long[] e : sorted(worstAdded)) {
            out.add(delta(b, rb, e[1], (int) e[3], Double.NaN, Materializer.time(e[0]), Double.NaN));
        }
        return out;
    }

    public List<PathDelta> worstRemoved() {
        List<PathDelta> out = new ArrayList<>();
        for (long[] e : sorted(worstRemoved)) {
            out.add(delta(a, ra, e[1], (int) e[3], Materializer.time(e[0]), Double.NaN, Double.NaN));
        }
        return out;
    }

    /** {@code d} is the exact fixed-point difference (to - from of the doubles would add rounding noise). */
    private static PathDelta delta(PathIndex x, StageReader r, long i, int rank, double from, double to, double d) {
        var n = r.names();
        return new PathDelta(name(n, x.startpoint(i)), name(n, x.endpoint(i)), name(n, x.group(i)),
            name(n, x.corner(i)), name(n, x.mode(i)), MinMax.ofCode(x.minMax(i)), rank, from, to, d);
    }

    private static String name(io.stadb.codec.NameLookup n, int id) {
        return id < 0 ? "" : n.name(id);
    }

    public long matched() {
        return matched;
    }

    public long added() {
        return added;
    }

    public long removed() {
        return removed;
    }

    public long improved() {
        return improved;
    }

    public long regressed() {
        return regressed;
    }

    public long unchanged() {
        return unchanged;
    }
}

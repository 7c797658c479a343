package io.stadb.query.internal;

import io.stadb.codec.NameLookup;
import io.stadb.engine.PathIndex;
import io.stadb.engine.PathIndexFormat;
import io.stadb.query.GroupStats;
import io.stadb.query.Histogram;
import io.stadb.query.MinMax;
import io.stadb.query.StatsOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.collections.Long2LongHashMap;

/**
 * One pass over a stage's index collecting, per (group, corner, mode, min/max) key and per min/max, the
 * path count and each endpoint's worst slack (maps keyed by key index and endpoint id: memory grows with
 * distinct endpoints, not paths); a second pass fills the path histogram once the slack range is known.
 */
public final class StatsAccumulator {
    private static final long MISSING = Long.MIN_VALUE;
    private final PathIndex idx;
    private final NameLookup names;
    /** A (group, corner, mode, min/max) combination: few per stage. */
    private record Key(int group, int corner, int mode, int minMax) {
    }

    private final Map<Key, Integer> keyIndex = new HashMap<>();
    private final List<Key> keys = new ArrayList<>();
    private final List<long[]> keyCounts = new ArrayList<>();          // {paths, worst slack}
    private final Long2LongHashMap endpointWorst = new Long2LongHashMap(MISSING); // (key, endpoint) -> worst
    private final Long2LongHashMap totalWorst = new Long2LongHashMap(MISSING);    // (mm, endpoint) -> worst
    private final Long2LongHashMap totalGroup = new Long2LongHashMap(MISSING);    // (mm, endpoint) -> group of worst
    private final long[] mmPaths = new long[3];
    private final long[] mmWorst = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    private long minSlack = Long.MAX_VALUE;
    private long maxSlack = Long.MIN_VALUE;

    public StatsAccumulator(PathIndex idx, NameLookup names) {
        this.idx = idx;
        this.names = names;
    }

    private static boolean finite(long s) {
        return s != PathIndexFormat.NO_TIME && s != PathIndexFormat.POS_INF && s != PathIndexFormat.NEG_INF;
    }

    /** Page-at-a-time: each column of a page is decoded into an array once ({@link PathIndex#columnOfPage}). */
    public void scan() {
        int k = -1;
        int n = PathIndexFormat.PAGE_LENGTH;
        long[] groups = new long[n];
        long[] corners = new long[n];
        long[] modes = new long[n];
        long[] minMaxes = new long[n];
        long[] slacks = new long[n];
        long[] ends = new long[n];
        for (long page = 0; page < idx.pages(); page++) {
            int count = idx.columnOfPage(PathIndexFormat.COL_GROUP, page, groups);
            idx.columnOfPage(PathIndexFormat.COL_CORNER, page, corners);
            idx.columnOfPage(PathIndexFormat.COL_MODE, page, modes);
            idx.columnOfPage(PathIndexFormat.COL_MIN_MAX, page, minMaxes);
            idx.columnOfPage(PathIndexFormat.COL_SLACK, page, slacks);
            idx.columnOfPage(PathIndexFormat.COL_ENDPOINT, page, ends);
            for (int j = 0; j < count; j++) {
                k = add(k, (int) groups[j], (int) corners[j], (int) modes[j], (byte) minMaxes[j], slacks[j], (int) ends[j]);
            }
        }
    }

    /** Counts one path under key index {@code k} if its key is that one (else looks it up); returns the key index. */
    private int add(int k, int g, int c, int m, int mm, long s, int e) {
        if (k < 0 || !same(keys.get(k), g, c, m, mm)) { // runs of one key are the norm: look up on change
            k = keyIndex.computeIfAbsent(new Key(g, c, m, mm), key -> {
                keys.add(key);
                keyCounts.add(new long[] {0, Long.MAX_VALUE});
                return keys.size() - 1;
            });
        }
        long[] kc = keyCounts.get(k);
        kc[0]++;
        kc[1] = Math.min(kc[1], s);
        mmPaths[mm]++;
        mmWorst[mm] = Math.min(mmWorst[mm], s);
        if (finite(s)) {
            minSlack = Math.min(minSlack, s);
            maxSlack = Math.max(maxSlack, s);
        }
        if (e < 0 || s == PathIndexFormat.NO_TIME) {
            return k;
        }
        long ek = (long) k << 32 | e;
        long w = endpointWorst.get(ek);
        if (w == MISSING || s < w) {
            endpointWorst.put(ek, s);
        }
        long tk = (long) mm << 32 | e;
        long tw = totalWorst.get(tk);
        if (tw == MISSING || s < tw) {
            totalWorst.put(tk, s);
            totalGroup.put(tk, g);
        }
        return k;
    }

    private static boolean same(Key k, int g, int c, int m, int mm) {
        return k.group() == g && k.corner() == c && k.mode() == m && k.minMax() == mm;
    }

    public List<GroupStats> groups() {
        int n = keys.size();
        long[] endpoints = new long[n];
        long[] tns = new long[n];
        long[] viol = new long[n];
        for (var it = endpointWorst.entrySet().iterator(); it.hasNext(); ) {
            it.next();
            int k = (int) (it.getLongKey() >>> 32);
            long w = it.getLongValue();
            endpoints[k]++;
            if (w < 0) {
                viol[k]++;
                tns[k] = sat(tns[k], w);
            }
        }
        List<GroupStats> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Key p = keys.get(k);
            long worst = keyCounts.get(k)[1];
            out.add(new GroupStats(name(p.group()), name(p.corner()), name(p.mode()), MinMax.ofCode(p.minMax()),
                keyCounts.get(k)[0], endpoints[k], Materializer.time(worst), wns(worst), Materializer.time(tns[k]), viol[k]));
        }
        return out;
    }

    public List<GroupStats> totals() {
        long[] endpoints = new long[3];
        long[] tns = new long[3];
        long[] viol = new long[3];
        for (var it = totalWorst.entrySet().iterator(); it.hasNext(); ) {
            it.next();
            int mm = (int) (it.getLongKey() >>> 32);
            long w = it.getLongValue();
            endpoints[mm]++;
            if (w < 0) {
                viol[mm]++;
                tns[mm] = sat(tns[mm], w);
            }
        }
        List<GroupStats> out = new ArrayList<>();
        for (int mm = 0; mm < 3; mm++) {
            if (mmPaths[mm] > 0) {
                out.add(new GroupStats(null, null, null, MinMax.ofCode(mm), mmPaths[mm], endpoints[mm],
                    Materializer.time(mmWorst[mm]), wns(mmWorst[mm]), Materializer.time(tns[mm]), viol[mm]));
            }
        }
        return out;
    }

    private static long sat(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? PathIndexFormat.NEG_INF : Math.max(r, PathIndexFormat.NEG_INF);
    }

    private static double wns(long worst) {
        return worst == PathIndexFormat.NO_TIME ? 0.0 : Math.min(0.0, Materializer.time(worst));
    }

    private String name(long id) {
        return id < 0 ? null : names.name((int) id);
    }

    /** Bins over [minSlack, maxSlack] (or width-aligned); {@code null} range when no finite slack. */
    private Binning binning(StatsOptions o, long lo, long hi) {
        if (lo > hi) {
            return new Binning(0, 1, 1);
        }
        if (o.binWidth() > 0) {
            long w = Math.max(1, Materializer.fixed(o.binWidth()));
            long start = Math.floorDiv(lo, w) * w;
            long bins = Math.floorDiv(hi - start, w) + 1;
            if (bins > StatsOptions.MAX_BINS) {
                throw new io.stadb.query.QueryException(io.stadb.query.QueryException.Reason.BAD_QUERY,
                    "bin width " + o.binWidth() + " gives " + bins + " bins (at most " + StatsOptions.MAX_BINS + ")");
            }
            return new Binning(start, w, (int) bins);
        }
        long span = hi - lo;
        long w = Math.max(1, (span + o.bins()) / o.bins()); // ceil((span + 1) / bins): hi lands in the last bin
        return new Binning(lo, w, o.bins());
    }

    private record Binning(long start, long width, int bins) {
        int bin(long s) {
            return (int) Math.min(bins - 1, (s - start) / width);
        }
    }

    public Histogram slackHistogram(StatsOptions o) {
        Binning b = binning(o, minSlack, maxSlack);
        Map<String, long[]> byGroup = new LinkedHashMap<>();
        Map<Integer, long[]> byId = new HashMap<>();
        long[] counts = new long[b.bins()];
        long unbinned = 0;
        long[] slacks = new long[PathIndexFormat.PAGE_LENGTH];
        long[] groups = new long[PathIndexFormat.PAGE_LENGTH];
        for (long page = 0; page < idx.pages(); page++) {
            int count = idx.columnOfPage(PathIndexFormat.COL_SLACK, page, slacks);
            idx.columnOfPage(PathIndexFormat.COL_GROUP, page, groups);
            long[] row = null;
            long rowGroup = Long.MIN_VALUE;
            for (int j = 0; j < count; j++) {
                long s = slacks[j];
                if (!finite(s)) {
                    unbinned++;
                    continue;
                }
                int bin = b.bin(s);
                counts[bin]++;
                if (groups[j] != rowGroup || row == null) { // one group per page is the norm: look up on change
                    rowGroup = groups[j];
                    row = groupRow(byId, byGroup, (int) rowGroup, b.bins());
                }
                row[bin]++;
            }
        }
        return new Histogram(Materializer.time(b.start()), b.width() / 1e6, counts, byGroup, unbinned);
    }

    public Histogram endpointHistogram(StatsOptions o) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (var it = totalWorst.values().iterator(); it.hasNext(); ) {
            long w = it.nextValue();
            if (finite(w)) {
                lo = Math.min(lo, w);
                hi = Math.max(hi, w);
            }
        }
        Binning b = binning(o, lo, hi);
        Map<String, long[]> byGroup = new LinkedHashMap<>();
        Map<Integer, long[]> byId = new HashMap<>();
        long[] counts = new long[b.bins()];
        long unbinned = 0;
        for (var it = totalWorst.entrySet().iterator(); it.hasNext(); ) {
            it.next();
            long w = it.getLongValue();
            if (!finite(w)) {
                unbinned++;
                continue;
            }
            int bin = b.bin(w);
            counts[bin]++;
            groupRow(byId, byGroup, (int) totalGroup.get(it.getLongKey()), b.bins())[bin]++;
        }
        return new Histogram(Materializer.time(b.start()), b.width() / 1e6, counts, byGroup, unbinned);
    }

    private long[] groupRow(Map<Integer, long[]> byId, Map<String, long[]> byGroup, int g, int bins) {
        long[] row = byId.get(g);
        if (row == null) {
            row = new long[bins];
            byId.put(g, row);
            byGroup.put(g < 0 ? "" : names.name(g), row);
        }
        return row;
    }
}

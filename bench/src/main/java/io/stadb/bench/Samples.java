package io.stadb.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Repeated timings of one operation in one process: min, median and max, so every figure carries the
 * noise of this shared machine with it instead of a single lucky (or unlucky) run.
 */
record Samples(long[] nanos) {

    /** A task that may throw (JDBC, I/O). */
    interface Task {
        void run() throws Exception;
    }

    /** Runs {@code task} {@code warmups} times untimed, then {@code runs} times timed. */
    static Samples measure(int warmups, int runs, Task task) throws Exception {
        for (int i = 0; i < warmups; i++) {
            task.run();
        }
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            task.run();
            t[i] = System.nanoTime() - t0;
        }
        return new Samples(t);
    }

    static Samples of(long... nanos) {
        return new Samples(nanos.clone());
    }

    private long[] sorted() {
        long[] c = nanos.clone();
        Arrays.sort(c);
        return c;
    }

    long min() {
        return sorted()[0];
    }

    long median() {
        long[] c = sorted();
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    long max() {
        long[] c = sorted();
        return c[c.length - 1];
    }

    /** "median (min–max)" in milliseconds, or seconds when the median is over 10 s. */
    String describe() {
        boolean secs = median() > 10_000_000_000L;
        double unit = secs ? 1e9 : 1e6;
        String fmt = secs ? "%.1f" : median() < 10_000_000 ? "%.3f" : "%.0f";
        return String.format(Locale.ROOT, fmt + " (" + fmt + "–" + fmt + ") %s",
            median() / unit, min() / unit, max() / unit, secs ? "s" : "ms");
    }

    /** The ratio of the two medians, with the range the extremes allow (best and worst pairing). */
    static String ratio(Samples stadb, Samples peer) {
        return String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", stadb.median() / (double) peer.median(),
            stadb.min() / (double) peer.max(), stadb.max() / (double) peer.min());
    }
}

package io.stadb.query;

/** Hears how a query advances: index records scanned and paths returned so far, of {@code total} records. */
@FunctionalInterface
public interface QueryProgress {
    QueryProgress NONE = (scanned, returned, total, nanos) -> { };

    void update(long scanned, long returned, long total, long elapsedNanos);

    /** Records scanned per second so far. */
    static double rate(long scanned, long nanos) {
        return nanos <= 0 ? 0 : scanned * 1e9 / nanos;
    }

    /** Seconds left at the current rate, or -1 when unknown. */
    static double etaSeconds(long scanned, long total, long nanos) {
        double r = rate(scanned, nanos);
        return r <= 0 || total < scanned ? -1 : (total - scanned) / r;
    }
}

package io.stadb.query;

/**
 * How {@link StageStats} bins slacks: {@code bins} equal bins over the stage's slack range, or bins of
 * {@code binWidth} (the report's unit) when it is positive, aligned to multiples of the width.
 */
public record StatsOptions(int bins, double binWidth) {
    public static final StatsOptions DEFAULTS = new StatsOptions(20, 0);
    public static final int MAX_BINS = 10_000;

    public StatsOptions {
        if (bins < 1 || bins > MAX_BINS) {
            throw new QueryException(QueryException.Reason.BAD_QUERY, "bins must be 1.." + MAX_BINS + ": " + bins);
        }
        if (!(binWidth >= 0) || Double.isInfinite(binWidth)) {
            throw new QueryException(QueryException.Reason.BAD_QUERY, "bin width must be a positive number: " + binWidth);
        }
    }
}

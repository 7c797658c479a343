package io.stadb.query;

/** One stage's figures for one min/max in a {@link Trend}. */
public record TrendPoint(String stage, long createdMillis, MinMax type, long paths, long endpoints, double wns,
                         double tns, long violatingEndpoints) {
}

package io.stadb.query;

/**
 * A path of one stage matched with the path of the same key in another: same startpoint, endpoint,
 * group, corner, mode and min/max, and the same rank among the paths sharing that key (in input order).
 * {@code delta = toSlack - fromSlack}: negative is a regression. For added or removed paths one side is NaN.
 */
public record PathDelta(String startpoint, String endpoint, String group, String corner, String mode, MinMax type,
                        int rank, double fromSlack, double toSlack, double delta) {
}

package io.stadb.query;

import java.util.List;
import java.util.Map;

/**
 * Slack counts in bins {@code [lower + i*width, lower + (i+1)*width)} (the last bin closed), stacked by
 * path group: {@code byGroup.get(g)[i]} paths of group g in bin i; {@code counts[i]} is their sum.
 * Paths without a finite slack are counted in {@code unbinned}.
 */
public record Histogram(double lower, double width, long[] counts, Map<String, long[]> byGroup, long unbinned) {
    public double upper() {
        return lower + width * counts.length;
    }

    public List<String> groups() {
        return List.copyOf(byGroup.keySet());
    }
}

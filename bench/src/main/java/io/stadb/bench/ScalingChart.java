package io.stadb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns bench/scaling.sh's results (one line of {@code key=value,...} per input size, from
 * {@link ScalingProbe}) into {@code OUT.csv}, a markdown table {@code OUT.md} and the chart {@code OUT.svg}.
 *
 * <p>{@code ScalingChart RESULTS OUT} (e.g. {@code docs/scaling})
 */
public final class ScalingChart {
    private ScalingChart() {
    }

    public static void main(String[] args) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (String kv : line.split(",")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            rows.add(m);
        }
        rows.sort((a, b) -> Long.compare(Long.parseLong(a.get("paths")), Long.parseLong(b.get("paths"))));
        String out = args[1];
        List<String> keys = new ArrayList<>(rows.get(0).keySet());
        StringBuilder csv = new StringBuilder(String.join(",", keys)).append('\n');
        for (Map<String, String> r : rows) {
            csv.append(String.join(",", keys.stream().map(k -> r.getOrDefault(k, "")).toList())).append('\n');
        }
        Files.writeString(Path.of(out + ".csv"), csv);
        Files.writeString(Path.of(out + ".md"), markdown(rows));
        Files.writeString(Path.of(out + ".svg"), svg(rows));
    }

    private static double[] col(List<Map<String, String>> rows, String key, double div) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r.get(key)) / div).toArray();
    }

    static String svg(List<Map<String, String>> rows) {
        double[] x = col(rows, "paths", 1);
        String xl = "paths (end-format rows; log scale)";
        SvgLineChart ingest = new SvgLineChart("Ingest time (Ingestor, one stage)", xl, "seconds", false)
            .add("ingest", x, col(rows, "ingest_s", 1));
        double[] perPath = new double[x.length];
        double[] t = col(rows, "ingest_s", 1);
        for (int i = 0; i < x.length; i++) {
            perPath[i] = t[i] / x[i] * 1e6;
        }
        SvgLineChart rate = new SvgLineChart("Ingest cost per path (flat = linear)", xl, "µs per path", false)
            .add("ingest µs/path", x, perPath);
        SvgLineChart bytes = new SvgLineChart("Store bytes", xl, "MB", false)
            .add("total (segments + index + dictionary)", x, col(rows, "store_bytes", 1e6))
            .add("path index", x, col(rows, "index_bytes", 1e6))
            .add("segments", x, col(rows, "segment_bytes", 1e6))
            .add("name dictionary", x, col(rows, "dictionary_bytes", 1e6));
        SvgLineChart queries = new SvgLineChart("Query latency (warm, median)", xl, "ms (log scale)", true)
            .add("worst-100", x, col(rows, "worst100_ms", 1))
            .add("page of 1000 at 50 %", x, col(rows, "page50_ms", 1))
            .add("stats (WNS/TNS, histograms)", x, col(rows, "stats_ms", 1))
            .add("full walk worst-first", x, col(rows, "walk_ms", 1));
        SvgLineChart heap = new SvgLineChart("Heap (MB)", xl, "MB", false)
            .add("ingest: live after GC", x, col(rows, "ingest_heap_live_mb", 1))
            .add("ingest: retained (full GC, store open)", x, col(rows, "ingest_heap_retained_mb", 1))
            .add("ingest: peak used", x, col(rows, "ingest_heap_peak_mb", 1))
            .add("queries: live after GC", x, col(rows, "query_heap_live_mb", 1))
            .add("queries: peak used", x, col(rows, "query_heap_peak_mb", 1));
        SvgLineChart rss = new SvgLineChart("Peak RSS (VmHWM, MB)", xl, "MB", false)
            .add("ingest JVM", x, col(rows, "ingest_rss_peak_mb", 1))
            .add("query + walk JVM", x, col(rows, "query_rss_peak_mb", 1));
        return SvgLineChart.page(List.of(ingest, rate, bytes, queries, heap, rss), 2);
    }

    static String markdown(List<Map<String, String>> rows) {
        StringBuilder sb = new StringBuilder("| paths | text MB | ingest s | µs/path | segments MB | index MB | dictionary MB "
            + "| store MB | worst-100 ms | page@50% ms | stats ms | full walk ms | ingest heap live / peak / retained MB | ingest RSS MB "
            + "| query heap live / peak MB | query RSS MB |\n|" + "---|".repeat(16) + "\n");
        for (Map<String, String> r : rows) {
            double paths = Double.parseDouble(r.get("paths"));
            sb.append(String.format(Locale.ROOT, "| %,d | %.0f | %s | %.2f | %.1f | %.1f | %.2f | %.1f | %s | %s | %s | %s | %s / %s / %s | %s | %s / %s | %s |%n",
                (long) paths, d(r, "text_bytes") / 1e6, r.get("ingest_s"), d(r, "ingest_s") / paths * 1e6,
                d(r, "segment_bytes") / 1e6, d(r, "index_bytes") / 1e6, d(r, "dictionary_bytes") / 1e6, d(r, "store_bytes") / 1e6,
                range(r, "worst100_ms"), range(r, "page50_ms"), range(r, "stats_ms"), range(r, "walk_ms"),
                r.get("ingest_heap_live_mb"), r.get("ingest_heap_peak_mb"), r.getOrDefault("ingest_heap_retained_mb", "–"),
                r.get("ingest_rss_peak_mb"),
                r.get("query_heap_live_mb"), r.get("query_heap_peak_mb"), r.get("query_rss_peak_mb")));
        }
        return sb.toString();
    }

    private static double d(Map<String, String> r, String k) {
        return Double.parseDouble(r.get(k));
    }

    /** "median (min–max)". */
    private static String range(Map<String, String> r, String k) {
        return String.format(Locale.ROOT, "%s (%s–%s)", r.get(k), r.get(k + "_min"), r.get(k + "_max"));
    }
}

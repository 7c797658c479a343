package io.stadb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingChartTest {
    private static String line(long paths, double secs) {
        return "paths=" + paths + ",text_bytes=" + paths * 72 + ",ingest_s=" + secs + ",segment_bytes=" + paths
            + ",index_bytes=" + paths * 60 + ",dictionary_bytes=1000,journal_bytes=0,store_bytes=" + (paths * 61 + 1000)
            + ",ingest_heap_peak_mb=90,ingest_heap_live_mb=20,ingest_heap_retained_mb=15,ingest_rss_peak_mb=300,worst100_ms=0.2,worst100_ms_min=0.1,"
            + "worst100_ms_max=0.3,page50_ms=1,page50_ms_min=1,page50_ms_max=2,stats_ms=50,stats_ms_min=40,stats_ms_max=60,"
            + "walk_ms=900,walk_ms_min=800,walk_ms_max=1000,query_heap_peak_mb=50,query_heap_live_mb=10,query_rss_peak_mb=200";
    }

    @Test
    void writesCsvTableAndSvgSortedByPaths(@TempDir Path dir) throws Exception {
        Path kv = dir.resolve("results.kv");
        Files.write(kv, List.of(line(1_000_000, 12.5), line(100_000, 1.5)));
        ScalingChart.main(new String[] {kv.toString(), dir.resolve("scaling").toString()});

        List<String> csv = Files.readAllLines(dir.resolve("scaling.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).startsWith("100000,"), "rows sorted by paths");
        String md = Files.readString(dir.resolve("scaling.md"));
        assertTrue(md.contains("| 1,000,000 | 72 | 12.5 | 12.50 |"), md);
        assertTrue(md.contains("| 20 / 90 / 15 | 300 |"), "ingest heap live / peak / retained, then RSS: " + md);
        String svg = Files.readString(dir.resolve("scaling.svg"));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.trim().endsWith("</svg>"));
        assertEquals(6, svg.split("<g transform").length - 1, "six panels");
        assertTrue(svg.contains(">100K</text>") && svg.contains(">1M</text>"), "log x axis labelled in decades");
        assertTrue(svg.contains("<polyline"));
    }

    @Test
    void niceCeilRoundsUpToOneTwoOrFive() {
        assertEquals(2.0, SvgLineChart.niceCeil(1.3));
        assertEquals(500.0, SvgLineChart.niceCeil(301));
        assertEquals(10.0, SvgLineChart.niceCeil(10));
    }
}

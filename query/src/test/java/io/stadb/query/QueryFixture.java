package io.stadb.query;

import io.stadb.codec.BlockKind;
import io.stadb.engine.Store;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportParser;
import io.stadb.ingest.StaAvailable;
import io.stadb.ingest.StaRunner;
import io.stadb.ingest.SyntheticDesign;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real sta reports of one generated design at two clock periods ("place" at 2.0 ns, "route" at 1.9 ns,
 * min and max paths, several per endpoint) and its end/summary tables ("tables"), ingested into a store
 * in {@code dir}; plus, for each, the paths as an independent reference: the parser's blocks, their
 * slack re-read from the text of the slack line.
 */
final class QueryFixture {
    /** One reference path: what a query must return for it. */
    record Ref(long ordinal, String start, String end, String group, String type, BigDecimal slack, String text) {
    }

    static final String PATHS = "report_checks -path_delay min_max -group_count 400 -endpoint_count 3"
        + " -fields {slew cap input_pin net} -digits 3";
    static final String TABLES = "report_checks -path_delay max -group_count 200 -format end\n"
        + "report_checks -path_delay max -group_count 200 -format summary";

    final Path dir;
    final byte[] place;
    final byte[] route;
    final byte[] tables;
    final String tnsLine;
    final String wnsLine;

    QueryFixture(Path tmp) throws IOException {
        StaRunner sta = new StaRunner(StaAvailable.require());
        SyntheticDesign d = SyntheticDesign.builder().seed(7).flipFlops(60).logicDepth(6).clockPeriod(2.0).build();
        place = sta.run(Files.createDirectories(tmp.resolve("sta-place")), d, PATHS);
        route = sta.run(Files.createDirectories(tmp.resolve("sta-route")), d.toBuilder().clockPeriod(1.9).build(), PATHS);
        tables = sta.run(Files.createDirectories(tmp.resolve("sta-tables")), d, TABLES);
        String metrics = new String(sta.run(Files.createDirectories(tmp.resolve("sta-metrics")), d,
            "report_tns -digits 6\nreport_wns -digits 6"), java.nio.charset.StandardCharsets.ISO_8859_1);
        tnsLine = metrics.lines().filter(l -> l.startsWith("tns")).findFirst().orElseThrow();
        wnsLine = metrics.lines().filter(l -> l.startsWith("wns")).findFirst().orElseThrow();
        dir = tmp.resolve("db");
        try (Store s = Store.open(dir, true)) {
            Ingestor in = new Ingestor(s, ParserOptions.DEFAULTS);
            in.ingest("place", new ByteArrayInputStream(place), "place.txt", Map.of(), false);
            in.ingest("tables", new ByteArrayInputStream(tables), "tables.txt", Map.of(), false);
            in.ingest("route", new ByteArrayInputStream(route), "route.txt", Map.of(), false);
        }
    }

    /** The path blocks of a report, in order, as references (tables: not used here). */
    static List<Ref> refs(byte[] report) {
        List<Ref> out = new ArrayList<>();
        io.stadb.codec.BlockRenderer r = new io.stadb.codec.BlockRenderer();
        new ReportParser(ParserOptions.DEFAULTS, b -> {
            if (b.kind() != BlockKind.PATH) {
                return;
            }
            io.stadb.codec.ByteBuilder bb = new io.stadb.codec.ByteBuilder();
            r.render(b, bb);
            String text = new String(bb.array(), 0, bb.length(), java.nio.charset.StandardCharsets.ISO_8859_1);
            out.add(new Ref(out.size(), b.name(b.facts().startRow()), b.name(b.facts().endRow()),
                b.name(b.facts().groupRow()), b.name(b.facts().typeRow()), slackOf(text), text));
        }).parse(new ByteArrayInputStream(report), "ref");
        return out;
    }

    /** The number printed on the path's {@code slack (MET|VIOLATED)} line. */
    static BigDecimal slackOf(String text) {
        for (String l : text.split("\n")) {
            String t = l.trim();
            if (t.endsWith("slack (MET)") || t.endsWith("slack (VIOLATED)")) {
                return new BigDecimal(t.substring(0, t.indexOf(' ')));
            }
        }
        throw new AssertionError("no slack line in\n" + text);
    }
}

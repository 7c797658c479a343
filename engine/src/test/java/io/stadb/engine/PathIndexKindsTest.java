package io.stadb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stadb.codec.BlockKind;
import io.stadb.codec.Col;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.PathStatus;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import io.stadb.engine.internal.PathIndexBuilder;
import io.stadb.engine.internal.PathIndexWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the path index takes from each block kind: table rows (end, summary, slack_only) with the group
 * and min/max of their title carried over a continuation block, and JSON checks in seconds. Blocks are
 * built by hand here (the parser lives downstream); the query tests run the same on real sta output.
 */
class PathIndexKindsTest {
    @TempDir
    Path tmp;

    private static void text(ReportBlock b, int r, String name, String aux, String extra) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        b.setName(r, n, 0, n.length);
        if (aux != null) {
            byte[] a = aux.getBytes(StandardCharsets.ISO_8859_1);
            b.setAux(r, a, 0, a.length);
            b.addRowFlag(r, RowKind.F_AUX);
        }
        if (extra != null) {
            byte[] x = extra.getBytes(StandardCharsets.ISO_8859_1);
            b.setExtra(r, x, 0, x.length);
            b.addRowFlag(r, RowKind.F_EXTRA);
        }
    }

    private static ReportBlock endTable(boolean withTitle) {
        ReportBlock b = new ReportBlock().clear(BlockKind.END_TABLE);
        b.layout().setDigits(2);
        if (withTitle) {
            text(b, b.addRow(RowKind.GROUP_HEADER), "min_delay/hold group clk2", null, null);
        }
        int r = b.addRow(RowKind.END_ROW);
        text(b, r, "out3", "output", "VIOLATED");
        b.setNum(r, Col.REQUIRED, 200);
        b.setNum(r, Col.ARRIVAL, 265);
        b.setNum(r, Col.SLACK, -65);
        return b;
    }

    private static ReportBlock summaryTable() {
        ReportBlock b = new ReportBlock().clear(BlockKind.SUMMARY_TABLE);
        b.layout().setDigits(2);
        text(b, b.addRow(RowKind.GROUP_HEADER), "max_delay/setup group clk", null, null);
        int r = b.addRow(RowKind.SUMMARY_ROW);
        text(b, r, "in1", "input", "r5/D (DFFPOSX1)");
        b.setNum(r, Col.SLACK, 12);
        int r2 = b.addRow(RowKind.SUMMARY_ROW);
        text(b, r2, "r2/CLK", "DFFPOSX1", "out1 (output)");
        b.setNum(r2, Col.SLACK, -3);
        return b;
    }

    private static ReportBlock slackOnly() {
        ReportBlock b = new ReportBlock().clear(BlockKind.SLACK_ONLY_TABLE);
        b.layout().setDigits(3);
        int r = b.addRow(RowKind.SLACK_ONLY_ROW);
        text(b, r, "clk", null, null);
        b.setNum(r, Col.SLACK, 1234);
        return b;
    }

    private static void json(ReportBlock b, String key, String value) {
        int r = b.addRow(RowKind.JSON_LINE);
        text(b, r, key, value, null);
        b.addRowFlag(r, RowKind.F_KEY);
        b.setNum(r, Col.LENGTH, 2);
    }

    private static ReportBlock jsonCheck() {
        ReportBlock b = new ReportBlock().clear(BlockKind.JSON_PATH);
        json(b, "path_group", "clk");
        json(b, "path_type", "min");
        json(b, "startpoint", "_14_/Q");
        json(b, "endpoint", "_16_/D");
        json(b, "data_arrival_time", "3.296e-10");
        json(b, "required_time", "9.879e-09");
        json(b, "slack", "-1.500e-11");
        return b;
    }

    @Test
    void tableRowsAndJsonChecksBecomeRecords() throws Exception {
        NameDictionary names = new NameDictionary();
        Path f = tmp.resolve(PathIndexFormat.FILE_NAME);
        ReportBlock[] blocks = {endTable(true), endTable(false), summaryTable(), slackOnly(), jsonCheck()};
        try (PathIndexWriter w = new PathIndexWriter(FileIo.DEFAULT, f)) {
            PathIndexBuilder b = new PathIndexBuilder(names, w);
            for (int i = 0; i < blocks.length; i++) {
                blocks[i].deriveFacts();
                b.add(blocks[i], i);
            }
            assertEquals(6, b.records());
            w.finish();
        }
        try (PathIndex idx = new PathIndex(FileIo.DEFAULT, f)) {
            idx.checkCrc();
            assertEquals(6, idx.size());
            // End rows: the title's group and min/max, also in the continuation block without a title.
            for (int i = 0; i < 2; i++) {
                assertEquals("out3", names.name(idx.endpoint(i)));
                assertEquals("clk2", names.name(idx.group(i)));
                assertEquals(PathIndexFormat.MIN, idx.minMax(i));
                assertEquals(PinKind.OUTPUT_PORT, idx.endKind(i));
                assertEquals(-650_000, idx.slack(i));
                assertEquals(2_650_000, idx.arrival(i));
                assertEquals(2_000_000, idx.required(i));
                assertEquals(PathStatus.VIOLATED, idx.status(i));
                assertEquals(i, idx.block(i));
                assertEquals(i == 0 ? 1 : 0, idx.row(i));
            }
            assertEquals("in1", names.name(idx.startpoint(2)));
            assertEquals(PinKind.INPUT_PORT, idx.startKind(2));
            assertEquals("r5/D", names.name(idx.endpoint(2)));
            assertEquals(PinKind.OTHER, idx.endKind(2));
            assertEquals(PathIndexFormat.MAX, idx.minMax(2));
            assertEquals(PathStatus.MET, idx.status(2));
            assertEquals("out1", names.name(idx.endpoint(3)));
            assertEquals(PinKind.OUTPUT_PORT, idx.endKind(3));
            assertEquals(PathStatus.VIOLATED, idx.status(3));
            assertEquals("clk", names.name(idx.group(4)));
            assertEquals(1_234_000, idx.slack(4));
            assertEquals(-1, idx.endpoint(4));
            // JSON: seconds become ns; names from the values.
            assertEquals("_14_/Q", names.name(idx.startpoint(5)));
            assertEquals("_16_/D", names.name(idx.endpoint(5)));
            assertEquals(PathIndexFormat.MIN, idx.minMax(5));
            assertEquals(-15_000, idx.slack(5));
            assertEquals(329_600, idx.arrival(5));
            assertEquals(9_879_000, idx.required(5));
            assertEquals(PathStatus.VIOLATED, idx.status(5));
            // The order section: by slack.
            assertEquals(java.util.List.of(0L, 1L, 3L, 5L, 2L, 4L),
                java.util.stream.LongStream.range(0, 6).map(idx::ordinalAt).boxed().toList());
        }
    }
}

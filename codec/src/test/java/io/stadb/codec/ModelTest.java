package io.stadb.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The model without the parser: rows built by hand, rendered, classified and summarised into facts. */
class ModelTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int row(ReportBlock blk, byte kind, String name, String aux) {
        int r = blk.addRow(kind);
        blk.setName(r, b(name), 0, name.length());
        if (aux != null) {
            blk.setAux(r, b(aux), 0, aux.length());
        }
        return r;
    }

    private static String line(ReportBlock blk, int r) {
        ByteBuilder out = new ByteBuilder(8);
        BlockRenderer.renderRow(blk, r, out);
        return out.toString();
    }

    @Test
    void pathRowsRenderAsOpenStaPrintsThem() {
        ReportBlock p = new ReportBlock().clear(BlockKind.PATH);
        p.layout().enable(Col.FANOUT, 6).enable(Col.CAP, 7).enable(Col.DELAY, 7).enable(Col.TIME, 7).setDigits(2);
        int s = row(p, RowKind.STARTPOINT, "r1", "rising edge-triggered flip-flop clocked by clk");
        int e = row(p, RowKind.ENDPOINT, "r2", "rising edge-triggered flip-flop clocked by clk");
        p.addRowFlag(e, RowKind.F_SPLIT);
        int g = row(p, RowKind.PATH_GROUP, "clk", null);
        int t = row(p, RowKind.PATH_TYPE, "max", null);
        int m = row(p, RowKind.MODE, "func", null);
        int c = row(p, RowKind.CORNER, "ss", null);
        int h = p.addRow(RowKind.COLUMN_HEADER);
        p.setExtra(h, b("Src Attr"), 0, 8);
        int d = p.addRow(RowKind.DASH);
        p.setNum(d, Col.LENGTH, 5);
        int pt = row(p, RowKind.POINT, "u1/Y", "NAND2X1");
        p.setNum(pt, Col.FANOUT, 3);
        p.setNum(pt, Col.DELAY, 4);
        p.setNum(pt, Col.TIME, 104);
        p.setEdge(pt, (byte) 'v');
        p.setExtra(pt, b("a.v:12"), 0, 6);
        int arr = row(p, RowKind.POINT, "data arrival time", null);
        p.setNum(arr, Col.TIME, 104);
        int req = row(p, RowKind.POINT, "data required time", null);
        p.setNum(req, Col.TIME, 981);
        int sl = row(p, RowKind.POINT, "slack", "VIOLATED");
        p.setNum(sl, Col.TIME, Num.NEG_ZERO);
        int bt = p.addRow(RowKind.BORROW_TITLE);
        int bl = row(p, RowKind.BORROW_LINE, "max time borrow", null);
        p.setNum(bl, Col.TIME, 495);
        int un = p.addRow(RowKind.UNCONSTRAINED);
        int np = p.addRow(RowKind.NO_PATHS);
        int v = row(p, RowKind.VERBATIM, "anything at all", null);
        int fv = row(p, RowKind.POINT, "  raw  line ", null);
        p.setRowFlags(fv, RowKind.F_VERBATIM);

        assertEquals("Startpoint: r1 (rising edge-triggered flip-flop clocked by clk)", line(p, s));
        assertEquals("Endpoint: r2\n          (rising edge-triggered flip-flop clocked by clk)", line(p, e));
        assertEquals("Path Group: clk", line(p, g));
        assertEquals("Path Type: max", line(p, t));
        assertEquals("Mode: func", line(p, m));
        assertEquals("Corner: ss", line(p, c));
        assertEquals("Fanout     Cap   Delay    Time   Description                          Src Attr", line(p, h));
        assertEquals("-----", line(p, d));
        assertEquals("     3            0.04    1.04 v u1/Y (NAND2X1)                       a.v:12", line(p, pt));
        assertEquals(" ".repeat(26) + "1.04   data arrival time", line(p, arr));
        assertEquals(" ".repeat(25) + "-0.00   slack (VIOLATED)", line(p, sl));
        assertEquals("Time Borrowing Information", line(p, bt));
        assertEquals("max time borrow                         4.95", line(p, bl));
        assertEquals("(Path is unconstrained)", line(p, un));
        assertEquals("No paths found.", line(p, np));
        assertEquals("anything at all", line(p, v));
        assertEquals("  raw  line ", line(p, fv));

        BlockFacts f = p.deriveFacts();
        assertEquals(s, f.startRow());
        assertEquals(e, f.endRow());
        assertEquals(g, f.groupRow());
        assertEquals(t, f.typeRow());
        assertEquals(m, f.modeRow());
        assertEquals(c, f.cornerRow());
        assertEquals(arr, f.arrivalRow());
        assertEquals(req, f.requiredRow());
        assertEquals(sl, f.slackRow());
        assertEquals(104, f.arrival());
        assertEquals(981, f.required());
        assertEquals(2, f.arrivalScale());
        assertEquals(2, f.requiredScale());
        assertEquals(PathStatus.UNCONSTRAINED, f.status(), "the unconstrained mark comes after the slack here");
        assertEquals(-0.0, f.slackValue());
        assertEquals(1, f.pathCount());

        ReportBlock copy = new ReportBlock();
        copy.copyFrom(p);
        assertTrue(copy.sameContent(p));
        copy.setEdge(pt, (byte) '^');
        assertFalse(copy.sameContent(p));
        assertEquals("ReportBlock[PATH, rows=" + p.rowCount() + ", line=-1]", p.toString());
        assertTrue(p.layout().toString().contains("Fanout=6"));
    }

    @Test
    void pointKindsFromDescriptions() {
        ReportBlock p = new ReportBlock().clear(BlockKind.PATH);
        Object[][] cases = {
            {"u1/A", "NAND2X1", PointKind.PIN}, {"in1", "in", PointKind.PORT}, {"o", "out", PointKind.PORT},
            {"n1", "net", PointKind.NET}, {"n2", "unconnected", PointKind.NET},
            {"clock clk", "rise edge", PointKind.CLOCK_EDGE}, {"clock (input port clock)", "fall edge", PointKind.CLOCK_EDGE},
            {"weird", "rise edge", PointKind.OTHER},
            {"clock network delay", "ideal", PointKind.CLOCK_NETWORK}, {"clock network delay", null, PointKind.CLOCK_NETWORK},
            {"clock source latency", null, PointKind.CLOCK_NETWORK}, {"macro clock tree delay", null, PointKind.CLOCK_NETWORK},
            {"input external delay", null, PointKind.EXTERNAL_DELAY}, {"output external delay", null, PointKind.EXTERNAL_DELAY},
            {"library setup time", null, PointKind.CHECK_TIME}, {"clock gating hold time", null, PointKind.CHECK_TIME},
            {"data check setup time", null, PointKind.CHECK_TIME},
            {"clock reconvergence pessimism", null, PointKind.RECONVERGENCE},
            {"clock uncertainty", null, PointKind.UNCERTAINTY}, {"inter-clock uncertainty", null, PointKind.UNCERTAINTY},
            {"time borrowed from endpoint", null, PointKind.TIME_BORROW}, {"time given to startpoint", null, PointKind.TIME_BORROW},
            {"path margin", null, PointKind.PATH_MARGIN}, {"max_delay", null, PointKind.PATH_DELAY},
            {"min_delay", null, PointKind.PATH_DELAY}, {"data arrival time", null, PointKind.DATA_ARRIVAL},
            {"data required time", null, PointKind.DATA_REQUIRED}, {"slack", "MET", PointKind.SLACK},
            {"sigma", null, PointKind.OTHER}, {"library", null, PointKind.OTHER},
        };
        for (Object[] c : cases) {
            int r = row(p, RowKind.POINT, (String) c[0], (String) c[1]);
            assertEquals(c[2], PointKind.classify(p, r), c[0] + " (" + c[1] + ")");
        }
    }

    @Test
    void tableMetricAndJsonFacts() throws Exception {
        ReportBlock t = new ReportBlock().clear(BlockKind.END_TABLE);
        t.layout().setDigits(2).setWidth(Col.SLACK, 7);
        int h = row(t, RowKind.GROUP_HEADER, "max_delay/setup group clk", null);
        int r1 = row(t, RowKind.END_ROW, "r2/D", "DFF");
        t.setNum(r1, Col.REQUIRED, 981);
        t.setNum(r1, Col.ARRIVAL, 107);
        t.setNum(r1, Col.SLACK, 874);
        t.setExtra(r1, b("MET"), 0, 3);
        int r2 = row(t, RowKind.END_ROW, "out1", "output");
        t.setNum(r2, Col.REQUIRED, Num.INF);
        t.setNum(r2, Col.ARRIVAL, 10);
        t.setNum(r2, Col.SLACK, -3);
        t.setExtra(r2, b("VIOLATED"), 0, 8);
        assertEquals("max_delay/setup group clk", line(t, h));
        assertEquals("out1 (output)                            INF    0.10   -0.03 (VIOLATED)", line(t, r2));
        BlockFacts f = t.deriveFacts();
        assertEquals(2, f.pathCount());
        assertEquals(-3, f.slack());
        assertEquals(r2, f.slackRow());

        ReportBlock s = new ReportBlock().clear(BlockKind.SUMMARY_TABLE);
        s.layout().setDigits(2).setWidth(Col.SLACK, 7);
        int sr = row(s, RowKind.SUMMARY_ROW, "in2", "input");
        s.setExtra(sr, b("r2/D (DFFPOSX1)"), 0, 15);
        s.setNum(sr, Col.SLACK, 874);
        assertEquals("in2 (input)                          r2/D (DFFPOSX1)                         8.74", line(s, sr));
        int so = row(s, RowKind.SLACK_ONLY_ROW, "clk", null);
        s.setNum(so, Col.SLACK, Num.BLANK);
        assertEquals("clk                                         ", line(s, so));

        ReportBlock m = new ReportBlock().clear(BlockKind.METRIC);
        m.layout().setDigits(2);
        int mr = row(m, RowKind.METRIC, "tns", "max");
        m.setNum(mr, Col.SLACK, -123);
        assertEquals("tns max -1.23", line(m, mr));
        assertEquals(-1.23, m.deriveFacts().slackValue(), 1e-12);

        ReportBlock j = new ReportBlock().clear(BlockKind.JSON_PATH);
        String[][] kv = {{"type", "\"check\""}, {"startpoint", "\"r1/Q\""}, {"endpoint", "\"r2/D\""},
            {"path_group", "\"clk\""}, {"path_type", "\"max\""}, {"data_arrival_time", "3.296e-10"},
            {"required_time", "9.879e-09"}, {"slack", "1.000e+30"}, {"margin", "bogus"}};
        for (String[] x : kv) {
            boolean str = x[1].startsWith("\"");
            String v = str ? x[1].substring(1, x[1].length() - 1) : x[1];
            int r = row(j, RowKind.JSON_LINE, x[0], v);
            j.setNum(r, Col.LENGTH, 2);
            j.addRowFlag(r, (byte) (RowKind.F_KEY | RowKind.F_COMMA | (str ? RowKind.F_STRING : 0)));
        }
        assertEquals("  \"type\": \"check\",", line(j, 0));
        assertEquals("  \"slack\": 1.000e+30,", line(j, 7));
        BlockFacts jf = j.deriveFacts();
        assertEquals(1000, jf.slack());
        assertEquals(-27, jf.slackScale());
        assertEquals(1e30, jf.slackValue(), 1e18);
        assertEquals(3296, jf.arrival());
        assertEquals(13, jf.arrivalScale());
        assertEquals(PathStatus.MET, jf.status());
        assertEquals(1, jf.startRow());

        ReportBlock none = new ReportBlock().clear(BlockKind.NO_PATHS);
        none.addRow(RowKind.NO_PATHS);
        none.setFlags(ReportBlock.F_NO_FINAL_NEWLINE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BlockRenderer().render(none, out);
        assertEquals("No paths found.", out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, none.deriveFacts().pathCount());
        assertTrue(Double.isNaN(none.facts().slackValue()));
    }

    @Test
    void kindsCodesAndExceptions() {
        for (BlockKind k : BlockKind.values()) {
            assertEquals(k, BlockKind.ofCode(k.code()));
        }
        assertNull(BlockKind.ofCode(99));
        assertTrue(BlockKind.END_TABLE.isTable() && !BlockKind.PATH.isTable());
        assertEquals("point", RowKind.name(RowKind.POINT));
        assertEquals("kind#99", RowKind.name((byte) 99));
        assertEquals("Slew", Col.title(Col.SLEW));
        StadbException e = new StadbException("f.txt", 12, 345, "bad", null);
        assertEquals("f.txt:12 (byte 345): bad", e.getMessage());
        assertEquals(12, e.line());
        assertEquals(345, e.offset());
        assertEquals("f.txt", e.source());
        assertEquals("line 3: x", new StadbException(null, 3, -1, "x", null).getMessage());
        assertEquals("plain", new StadbException("plain").getMessage());
        ReportBlock p = new ReportBlock().clear(BlockKind.PATH);
        p.addRow((byte) 77);
        assertThrows(CorruptBlockException.class, () -> BlockRenderer.renderRow(p, 0, new ByteBuilder()));
        assertThrows(IndexOutOfBoundsException.class, () -> p.truncateRows(5));
        Layout a = new Layout().enable(Col.DELAY, 7).setDigits(2);
        Layout c = new Layout();
        c.copyFrom(a);
        assertEquals(a, c);
        assertEquals(a.hashCode(), c.hashCode());
        assertEquals(7 + 1 + 36 + 6, a.pathDashLength());
    }

    @Test
    void byteBuilderBasics() {
        ByteBuilder bb = new ByteBuilder(1);
        bb.append("ab").appendSpaces(3).appendRepeated((byte) '-', 2).append(b("xyz"), 1, 2);
        assertEquals("ab   --yz", bb.toString());
        bb.append((byte) ' ');
        bb.trimRight();
        assertEquals(9, bb.length());
        assertTrue(bb.contentEquals(b("ab   --yz"), 0, 9));
        assertEquals(9, bb.toByteArray().length);
        assertThrows(IndexOutOfBoundsException.class, () -> bb.setLength(-1));
    }
}

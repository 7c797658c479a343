package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockFacts;
import io.stadb.codec.BlockKind;
import io.stadb.codec.Col;
import io.stadb.codec.Num;
import io.stadb.codec.PathStatus;
import io.stadb.codec.PointKind;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One hand-made sample per block kind and per trap of FORMAT-NOTES, each checked by value. */
class ReportParserTest {

    static final String PATH = """
        Startpoint: in2 (input port clocked by clk)
        Endpoint: r2 (rising edge-triggered flip-flop clocked by clk)
        Path Group: clk
        Path Type: max

          Delay    Time   Description
        ---------------------------------------------------------
           0.00    0.00   clock clk (rise edge)
           0.00    0.00   clock network delay (ideal)
           1.00    1.00 ^ input external delay
           0.00    1.00 ^ in2 (in)
           0.04    1.04 v u1/Y (NAND2X1)
           0.00    1.04 v r2/D (DFFPOSX1)
                   1.04   data arrival time

          10.00   10.00   clock clk (rise edge)
           0.00   10.00   clock network delay (ideal)
           0.00   10.00   clock reconvergence pessimism
                  10.00 ^ r2/CLK (DFFPOSX1)
          -0.19    9.81   library setup time
                   9.81   data required time
        ---------------------------------------------------------
                   9.81   data required time
                  -1.04   data arrival time
        ---------------------------------------------------------
                   8.77   slack (MET)


        """;

    @Test
    void fullPathFactsAndPoints() {
        RoundTrip rt = RoundTrip.of(PATH).assertLossless();
        assertEquals(1, rt.blocks.size());
        ReportBlock b = rt.blocks.get(0);
        BlockFacts f = b.facts();
        assertEquals(BlockKind.PATH, b.kind());
        assertEquals("in2", b.name(f.startRow()));
        assertEquals("input port clocked by clk", b.aux(f.startRow()));
        assertEquals("r2", b.name(f.endRow()));
        assertEquals("clk", b.name(f.groupRow()));
        assertEquals("max", b.name(f.typeRow()));
        assertEquals(877, f.slack());
        assertEquals(2, f.slackScale());
        assertEquals(104, f.arrival());
        assertEquals(981, f.required());
        assertEquals(PathStatus.MET, f.status());
        assertEquals(2, b.layout().digits());
        int nand = -1;
        for (int r = 0; r < b.rowCount(); r++) {
            if (b.rowKind(r) == RowKind.POINT && b.nameIs(r, "u1/Y")) {
                nand = r;
            }
        }
        assertEquals("NAND2X1", b.aux(nand));
        assertEquals('v', b.edge(nand));
        assertEquals(4, b.num(nand, Col.DELAY));
        assertEquals(104, b.num(nand, Col.TIME));
        assertEquals(PointKind.PIN, PointKind.classify(b, nand));
        assertEquals(0, rt.summary.skippedLines());
    }

    @Test
    void interleavedWarningsAreSkippedWithoutBreakingTheBlock() {
        String in = "sta banner\n" + PATH.replace("   0.04    1.04 v u1/Y (NAND2X1)\n",
            "   0.04    1.04 v u1/Y (NAND2X1)\nWarning: foo.tcl line 3, something odd.\n[INFO STA-0001] hi\n");
        RoundTrip rt = RoundTrip.of(in).assertLossless();
        assertEquals(1, rt.blocks.size());
        assertEquals(3, rt.summary.skippedLines());
        assertEquals(PATH, rt.renderedText());
    }

    @Test
    void overflowingNumbersMoveTheRestOfTheLine() {
        String in = """
            Startpoint: a (input port clocked by m1_clk)
            Endpoint: b (output port clocked by m1_clk)
            Path Group: m1_clk
            Path Type: max

              Delay    Time   Description
            ---------------------------------------------------------
            1000.00 1000.00   clock m1_clk (rise edge)
            12345.67 13345.67 ^ a (in)
            -100.00  400.00   output external delay
                    13345.67   data arrival time
            -----
                    -12945.67   slack (VIOLATED)
            """;
        // Values wider than their 7-wide field push the rest of the line right.
        RoundTrip rt = RoundTrip.of(in).assertLossless();
        ReportBlock b = rt.blocks.get(0);
        assertEquals(PathStatus.VIOLATED, b.facts().status());
        assertEquals(-1294567, b.facts().slack());
        assertEquals(0, rt.summary.verbatimRows());
    }

    @Test
    void negativeZeroAndInfAreKept() {
        String in = PATH.replace("          -1.04   data arrival time", "          -0.00   data arrival time")
            .replace("   1.00    1.00 ^ input external delay", "    INF    -INF ^ input external delay");
        RoundTrip rt = RoundTrip.of(in).assertLossless();
        ReportBlock b = rt.blocks.get(0);
        boolean negZero = false;
        boolean inf = false;
        for (int r = 0; r < b.rowCount(); r++) {
            negZero |= b.num(r, Col.TIME) == Num.NEG_ZERO;
            inf |= b.num(r, Col.DELAY) == Num.INF && b.num(r, Col.TIME) == Num.NEG_INF;
        }
        assertTrue(negZero && inf);
    }

    @Test
    void zeroSlackCanBeViolated() {
        String in = PATH.replace("8.77   slack (MET)", "0.00   slack (VIOLATED)");
        ReportBlock b = RoundTrip.of(in).assertLossless().blocks.get(0);
        assertEquals(PathStatus.VIOLATED, b.facts().status());
        assertEquals(0, b.facts().slack());
    }

    @Test
    void splitStartAndEndPointLines() {
        String in = PATH.replace("Startpoint: in2 (input port clocked by clk)",
                "Startpoint: dpath.a_reg.out[4]$_DFFE_PP_(x)\n            (rising edge-triggered flip-flop clocked by core_clock)")
            .replace("Endpoint: r2 (rising edge-triggered flip-flop clocked by clk)",
                "Endpoint: very/long/hierarchical/name/of/a/register_reg[12]\n          (rising edge-triggered flip-flop clocked by clk)");
        ReportBlock b = RoundTrip.of(in).assertLossless().blocks.get(0);
        assertEquals("dpath.a_reg.out[4]$_DFFE_PP_(x)", b.name(b.facts().startRow()));
        assertEquals("rising edge-triggered flip-flop clocked by core_clock", b.aux(b.facts().startRow()));
        assertTrue(b.rowHas(b.facts().endRow(), RowKind.F_SPLIT));
    }

    @Test
    void groupNamesWithSpacesModeAndCorner() {
        String in = PATH.replace("Path Group: clk\nPath Type: max\n", "Path Group: gated clock\nPath Type: min\nMode: func\nCorner: ss_0p72\n");
        ReportBlock b = RoundTrip.of(in).assertLossless().blocks.get(0);
        assertEquals("gated clock", b.name(b.facts().groupRow()));
        assertEquals("func", b.name(b.facts().modeRow()));
        assertEquals("ss_0p72", b.name(b.facts().cornerRow()));
    }

    @Test
    void repeatedColumnTitlesGiveEachPathTheLayoutItWouldHaveAlone() {
        // The parser reuses the last path's layout when the title line repeats; a path must come out the
        // same as when it is parsed on its own, whatever the dash line under the title or its re-rendering.
        String a = ALL_FIELDS;
        // The same path with a 6-wide Fanout field (OpenSTA from 2020): one more space in front of every
        // table line and 81 dashes; the title line is byte-equal to the 5-wide one's.
        String wider = ALL_FIELDS.lines()
            .map(l -> l.startsWith("-") ? "-".repeat(81) : l.startsWith(" ") ? " " + l : l)
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        String oddTitle = ALL_FIELDS.replace("Time   Description\n", "Time    Description\n");
        List<String> paths = List.of(a, a, wider, wider, a, oddTitle, oddTitle, a);
        RoundTrip all = RoundTrip.of(String.join("", paths)).assertLossless();
        assertEquals(paths.size(), all.blocks.size());
        long verbatim = 0;
        for (int i = 0; i < paths.size(); i++) {
            RoundTrip alone = RoundTrip.of(paths.get(i)).assertLossless();
            verbatim += alone.summary.verbatimRows();
            assertTrue(alone.blocks.get(0).sameContent(all.blocks.get(i)), "path " + i);
        }
        assertEquals(verbatim, all.summary.verbatimRows());
        assertEquals(6, all.blocks.get(2).layout().width(Col.FANOUT));
        assertEquals(5, all.blocks.get(4).layout().width(Col.FANOUT));
        assertTrue(all.blocks.get(5).rowHas(5, RowKind.F_VERBATIM) && all.blocks.get(6).rowHas(5, RowKind.F_VERBATIM),
            "a title line that does not re-render is kept verbatim each time");
    }

    static final String ALL_FIELDS = """
        Startpoint: in2 (input port clocked by clk)
        Endpoint: r2 (rising edge-triggered flip-flop clocked by clk)
        Path Group: clk
        Path Type: max

        Fanout      Cap     Slew    Delay     Time   Description
        --------------------------------------------------------------------------------
                          0.000    0.000    0.000   clock clk (rise edge)
                          0.000    0.000    1.000 ^ in2 (in)
            1    0.013                              in2 (net)
                          0.032    0.000    1.073 ^ r2/D (DFFPOSX1)
                                            1.073   data arrival time
        --------------------------------------------------------------------------------
                                            8.735   slack (MET)


        """;

    @Test
    void allFieldsOldFanoutWidthAndNetLines() {
        String in = ALL_FIELDS;
        RoundTrip rt = RoundTrip.of(in).assertLossless();
        ReportBlock b = rt.blocks.get(0);
        assertEquals(5, b.layout().width(Col.FANOUT));
        assertEquals(3, b.layout().digits());
        assertEquals(0, rt.summary.verbatimRows());
        int net = -1;
        for (int r = 0; r < b.rowCount(); r++) {
            if (b.rowKind(r) == RowKind.POINT && b.auxIs(r, "net")) {
                net = r;
            }
        }
        assertEquals(1, b.num(net, Col.FANOUT));
        assertEquals(13, b.num(net, Col.CAP));
        assertEquals(PointKind.NET, PointKind.classify(b, net));
    }

    @Test
    void shortEndSummarySlackOnlyAndMetrics() {
        String in = """
            Startpoint: r1 (rising edge-triggered flip-flop clocked by clk)
            Endpoint: r2 (rising edge-triggered flip-flop clocked by clk)
            Path Group: clk
            Path Type: min


            max_delay/setup group clk

                                                 Required  Actual
            Endpoint                               Delay   Delay   Slack
            ------------------------------------------------------------
            r2/D (DFFPOSX1)                         9.81    1.07    8.74 (MET)
            out1 (output)                            INF    0.10     INF (MET)

            Startpoint                           Endpoint                               Slack
            --------------------------------------------------------------------------------

            in2 (input)                          r2/D (DFFPOSX1)                         8.74
            a_very_long_start_point_name/Q (DFF_X1) r2/D (DFFPOSX1)                        -0.12

            Group                                  Slack
            --------------------------------------------
            clk                                     8.74
            gated clock                            -1.00

            tns max -15641.01
            wns 0.00
            worst slack min 1.040
            No paths found.
            """;
        RoundTrip rt = RoundTrip.of(in).assertLossless();
        assertEquals(0, rt.summary.verbatimRows());
        assertEquals(1, rt.summary.blocks(BlockKind.PATH_SHORT));
        assertEquals(1, rt.summary.blocks(BlockKind.END_TABLE));
        assertEquals(1, rt.summary.blocks(BlockKind.SUMMARY_TABLE));
        assertEquals(1, rt.summary.blocks(BlockKind.SLACK_ONLY_TABLE));
        assertEquals(3, rt.summary.blocks(BlockKind.METRIC));
        assertEquals(1, rt.summary.blocks(BlockKind.NO_PATHS));
        ReportBlock end = rt.blocks.get(1);
        assertEquals(2, end.facts().pathCount());
        assertEquals(874, end.facts().slack());
        ReportBlock summary = rt.blocks.get(2);
        assertEquals(-12, summary.facts().slack());
        ReportBlock slackOnly = rt.blocks.get(3);
        assertEquals(-100, slackOnly.facts().slack());
        ReportBlock tns = rt.blocks.get(4);
        assertEquals(-1564101, tns.facts().slack());
        assertEquals("max", tns.aux(0));
        ReportBlock ws = rt.blocks.get(6);
        assertEquals(1040, ws.facts().slack());
        assertEquals(3, ws.facts().slackScale());
        assertEquals(0, rt.summary.skippedLines());
    }

    @Test
    void unconstrainedAndLatchBorrowing() {
        String in = """
            Startpoint: in1 (input port)
            Endpoint: out1 (output port)
            Path Group: unconstrained
            Path Type: max

              Delay    Time   Description
            ---------------------------------------------------------
               0.00    0.00 ^ in1 (in)
               0.10    0.10 ^ out1 (out)
                       0.10   data arrival time
            ---------------------------------------------------------
            (Path is unconstrained)


            Startpoint: latch1 (positive level-sensitive latch clocked by clk)
            Endpoint: latch2 (positive level-sensitive latch clocked by clk)
            Path Group: clk
            Path Type: max

              Delay    Time   Description
            ---------------------------------------------------------
               1.11    1.11   time given to startpoint
                       1.11   data arrival time
                       5.00   data required time
            ---------------------------------------------------------
                       3.89   slack (MET)

            Time Borrowing Information
            --------------------------------------------
            clk pulse width                         5.00
            library setup time                     -0.05
            --------------------------------------------
            max time borrow                         4.95
            actual time borrow                      1.11
            --------------------------------------------


            """;
        RoundTrip rt = RoundTrip.of(in).assertLossless();
        assertEquals(2, rt.blocks.size());
        assertEquals(PathStatus.UNCONSTRAINED, rt.blocks.get(0).facts().status());
        ReportBlock latch = rt.blocks.get(1);
        assertEquals(PathStatus.MET, latch.facts().status());
        assertEquals(0, rt.summary.verbatimRows());
        assertTrue(latch.rowCount() > 20);
    }

    @Test
    void jsonDocumentsOneBlockPerCheck() {
        String in = """
            {"checks": [
            {
              "type": "check",
              "path_group": "clk",
              "path_type": "max",
              "startpoint": "r1/Q",
              "endpoint": "r2/D",
              "source_path": [
                {
                  "pin": "r1/Q",
                  "arrival": 3.296e-10,
                  "slew": 3.612e-11
                }
              ],
              "data_arrival_time": 3.296e-10,
              "required_time": 9.879e-09,
              "slack": -9.550e-09
            },
            {
              "type": "unconstrained",
              "path_group": "unconstrained",
              "path_type": "max",
              "startpoint": "in1",
              "endpoint": "out1",
              "source_path": [
              ]
            }
            ]
            }
            {"checks": [
            ]
            }
            """;
        RoundTrip rt = RoundTrip.of(in).assertLossless();
        assertEquals(2, rt.summary.blocks(BlockKind.JSON_PATH));
        assertEquals(1, rt.summary.blocks(BlockKind.JSON_EMPTY));
        BlockFacts f = rt.blocks.get(0).facts();
        assertEquals(-9550, f.slack());
        assertEquals(12, f.slackScale());
        assertEquals(-9.55e-9, f.slackValue(), 1e-15);
        assertEquals(PathStatus.VIOLATED, f.status());
        assertEquals("r2/D", rt.blocks.get(0).aux(f.endRow()));
        assertEquals(PathStatus.UNCONSTRAINED, rt.blocks.get(1).facts().status());
        assertEquals(0, rt.summary.verbatimRows());
    }

    @Test
    void missingSlackLineIsABadBlockNamedByLineAndOffset() {
        String truncated = PATH.substring(0, PATH.indexOf("           8.77   slack (MET)"));
        String in = truncated.replace("\n\n\n", "\n") + PATH;
        RoundTrip rt = RoundTrip.of(in);
        assertEquals(1, rt.summary.badBlocks());
        assertEquals(1, rt.blocks.size());
        ParseProblem p = rt.problems.get(0);
        assertEquals(1, p.blockLine());
        assertTrue(p.reason().contains("slack"), p.reason());
        assertTrue(p.line() > 20 && p.offset() > 500, p.toString());
        ReportFormatException e = assertThrows(ReportFormatException.class,
            () -> RoundTrip.of(in, ParserOptions.DEFAULTS.withStrict(true)));
        assertEquals(p.line(), e.line());
        assertEquals(p.offset(), e.offset());
        assertTrue(e.getMessage().contains("test:" + p.line()), e.getMessage());
    }

    @Test
    void truncatedLastPathAndWrongColumnCount() {
        RoundTrip t = RoundTrip.of(PATH.substring(0, PATH.indexOf("data required time")));
        assertEquals(1, t.summary.badBlocks());
        assertTrue(t.problems.get(0).reason().contains("input ended"));
        RoundTrip w = RoundTrip.of(PATH.replace("   0.04    1.04 v u1/Y (NAND2X1)", "    0.04 v u1/Y (NAND2X1)"));
        assertEquals(1, w.summary.badBlocks());
        assertEquals(0, w.blocks.size());
    }

    @Test
    void longLinesAreBoundedAndReported() {
        String big = "x".repeat(200_000);
        RoundTrip outside = RoundTrip.of(big + "\n" + PATH, ParserOptions.DEFAULTS.withMaxLineLength(10_000));
        assertEquals(1, outside.blocks.size());
        assertEquals(1, outside.summary.skippedLines());
        String inside = PATH.replace("   0.04    1.04 v u1/Y (NAND2X1)", "   0.04    1.04 v u1/Y (" + big + ")");
        RoundTrip in = RoundTrip.of(inside, ParserOptions.DEFAULTS.withMaxLineLength(10_000));
        assertEquals(1, in.summary.badBlocks());
        assertTrue(in.problems.get(0).reason().contains("over the 10000-byte limit"), in.problems.get(0).reason());
    }

    @Test
    void finalLineWithoutNewlineRoundTrips() {
        String in = PATH.stripTrailing();
        RoundTrip rt = RoundTrip.of(in).assertLossless();
        assertEquals(in, rt.renderedText());
    }

    @Test
    void tablesAreCutIntoBoundedBlocks() {
        StringBuilder sb = new StringBuilder("Group                                  Slack\n--------------------------------------------\n");
        for (int i = 0; i < 10; i++) {
            sb.append(String.format("%-36s %7.2f%n", "g" + i, i / 10.0));
        }
        RoundTrip rt = RoundTrip.of(sb.toString(), ParserOptions.DEFAULTS.withTableChunkRows(4)).assertLossless();
        assertEquals(3, rt.blocks.size());
        assertEquals(10, rt.summary.paths());
        assertTrue(rt.blocks.get(1).hasFlag(ReportBlock.F_CONTINUATION));
    }

    /** Lines that parse but are not exactly what OpenSTA prints are kept verbatim, never normalised. */
    @Test
    void oddSpacingAndLeadingZerosStayVerbatim() {
        String[] odd = {"  00.04    1.04 v u1/Y (NAND2X1)", "   0.04    1.04 v u1/Y (NAND2X1) ", "    0.04   1.04 v u1/Y (NAND2X1)", "   0.04    1.04 vXu1/Y (NAND2X1)"};
        for (String line : odd) {
            String in = PATH.replace("   0.04    1.04 v u1/Y (NAND2X1)", line);
            RoundTrip rt = RoundTrip.of(in).assertLossless();
            assertEquals(1, rt.summary.verbatimRows(), line);
        }
        // A second space after the edge is part of the name: still exact, not verbatim.
        RoundTrip twoSpaces = RoundTrip.of(PATH.replace("1.04 v u1/Y (NAND2X1)", "1.04 v  u1/Y (NAND2X1)")).assertLossless();
        assertEquals(0, twoSpaces.summary.verbatimRows());
    }

    /** Blank lines count toward the row limit too: a flood of them cannot grow a block without bound. */
    @Test
    void blankLineFloodsDoNotGrowABlock() {
        ParserOptions small = ParserOptions.DEFAULTS.withMaxBlockRows(100).withTableChunkRows(10);
        String flood = "\n".repeat(1000);
        RoundTrip afterPath = RoundTrip.of(PATH + flood + PATH, small).assertLossless();
        assertEquals(2, afterPath.summary.paths());
        afterPath.blocks.forEach(b -> assertTrue(b.rowCount() <= 100, b.toString()));
        RoundTrip table = RoundTrip.of("Group                                  Slack\n"
            + "--------------------------------------------\nclk                                     8.74\n" + flood, small)
            .assertLossless();
        table.blocks.forEach(b -> assertTrue(b.rowCount() <= 100, b.toString()));
        RoundTrip midPath = RoundTrip.of(PATH.replace("data arrival time\n", "data arrival time\n" + flood), small);
        assertEquals(1, midPath.summary.badBlocks());
        assertTrue(midPath.problems.get(0).reason().contains("more than 100 lines"));
    }

    /** Regressions found in review: each input once lost or changed bytes, or grew a block past its limits. */
    @Test
    void reviewRegressions() {
        // the last line is skipped text without a newline: the block keeps its own final newline
        RoundTrip.of(PATH + "Warning: something").assertLossless();
        // a long line after a finished path: the path is kept, the line skipped
        ParserOptions shortLines = ParserOptions.DEFAULTS.withMaxLineLength(200);
        RoundTrip longAfter = RoundTrip.of(PATH + "x".repeat(300) + "\n", shortLines);
        assertEquals(1, longAfter.blocks.size());
        assertEquals(0, longAfter.summary.badBlocks());
        // a line of exactly the limit is not overlong
        RoundTrip exact = RoundTrip.of("y".repeat(200) + "\n" + PATH, shortLines);
        assertEquals(0, exact.summary.badBlocks());
        // a cut-off JSON check does not swallow the text report after it
        RoundTrip json = RoundTrip.of("{\"checks\": [\n{\n  \"type\": \"check\",\n" + PATH);
        assertEquals(1, json.summary.badBlocks());
        assertEquals(1, json.summary.blocks(BlockKind.PATH));
        // a title line the Fanout fix would re-render differently stays exactly as printed
        String oddHeader = ReportParserTest.class.getSimpleName().isEmpty() ? "" : """
            Startpoint: in2 (input port clocked by clk)
            Endpoint: r2 (rising edge-triggered flip-flop clocked by clk)
            Path Group: clk
            Path Type: max

             Fanout      Cap     Slew    Delay     Time   Description
            --------------------------------------------------------------------------------
                              0.000    0.000    0.000   clock clk (rise edge)
                                                8.735   slack (MET)


            """;
        RoundTrip.of(oddHeader).assertLossless();
        // many long header lines: a bad block, not an exhausted heap
        ParserOptions smallBlocks = ParserOptions.DEFAULTS.withMaxLineLength(100_000);
        StringBuilder big = new StringBuilder("Startpoint: a (input port)\n");
        String group = "Path Group: " + "g".repeat(90_000) + "\n";
        for (int i = 0; i < 800; i++) {
            big.append(group);
        }
        RoundTrip huge = RoundTrip.of(big.toString(), smallBlocks);
        assertEquals(1, huge.summary.badBlocks());
        assertTrue(huge.problems.get(0).reason().contains("bytes"), huge.problems.get(0).reason());
    }
}

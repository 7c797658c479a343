package io.stadb.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Named report scenarios over synthetic designs: each pairs design options with report commands and
 * with what the real OpenSTA 2.0.17 output must then show. The expected path counts come from
 * the design's endpoint model: with {@code -endpoint_count 1} sta reports one path per endpoint,
 * capped at {@code -group_count} per path group.
 */
public final class StaMatrix {

    /** How to count reported paths in a scenario's stdout. */
    public enum Counting {
        /** "Startpoint: " lines: full, full_clock, full_clock_expanded and short formats. */
        STARTPOINTS,
        /** Table rows ending in a slack (end, summary, slack_only formats). */
        ROWS,
        /** Not counted (e.g. tns/wns lines only). */
        NONE
    }

    /**
     * @param expect   regexes (MULTILINE) that must each match somewhere in stdout
     * @param forbid   regexes that must match nowhere
     */
    public record Scenario(String name, SyntheticDesign design, String commands, Counting counting,
                           int minPaths, int maxPaths, List<Pattern> expect, List<Pattern> forbid) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final SyntheticDesign BASE = SyntheticDesign.builder().seed(7).build();
    private static final SyntheticDesign PROPAGATED = BASE.toBuilder().propagatedClock(true).build();
    private static final SyntheticDesign CORNERS = BASE.toBuilder().twoCorners(true).build();
    private static final SyntheticDesign UNCONSTRAINED = BASE.toBuilder().constrainOutputs(false).build();
    private static final SyntheticDesign LONG_NAMES = BASE.toBuilder().longNames(true).flipFlops(16).build();
    private static final SyntheticDesign LATCHES = BASE.toBuilder().seed(11).latches(true).build();
    private static final SyntheticDesign ASYNC = BASE.toBuilder().seed(12).asyncSetReset(true).build();
    private static final SyntheticDesign NEG_EDGE = BASE.toBuilder().seed(13).negativeEdge(true).build();
    private static final SyntheticDesign ESCAPED = BASE.toBuilder().seed(14).escapedNames(true).build();
    private static final SyntheticDesign TWO_CLOCKS = BASE.toBuilder().seed(15).twoClocks(true).build();
    private static final SyntheticDesign GATED = BASE.toBuilder().seed(16).gatedClock(true).build();
    private static final SyntheticDesign KITCHEN_SINK = BASE.toBuilder().seed(17).flipFlops(24)
            .latches(true).asyncSetReset(true).negativeEdge(true).escapedNames(true).twoClocks(true)
            .gatedClock(true).propagatedClock(true).twoCorners(true).build();

    private static final String ALL = "-group_count 1000";
    private static final String[] FIELDS = {"capacitance", "slew", "input_pin", "net"};

    private StaMatrix() {
    }

    public static List<Scenario> all() {
        List<Scenario> s = new ArrayList<>();
        int base = paths(BASE, 1000, 1);

        // Every -format value 2.0.17 accepts.
        for (String format : List.of("full", "full_clock", "short")) {
            s.add(new Scenario("format_" + format, BASE, "report_checks -format " + format + " " + ALL,
                    Counting.STARTPOINTS, base, base, List.of(lit("Path Group: clk")), List.of()));
        }
        s.add(new Scenario("format_full_clock_expanded", PROPAGATED,
                "report_checks -format full_clock_expanded " + ALL, Counting.STARTPOINTS, base, base,
                List.of(lit("clock source latency"), lit("ckbuf_clk_root/Y (CLKBUF1)")), List.of()));
        s.add(new Scenario("format_end", BASE, "report_checks -format end " + ALL, Counting.ROWS, base, base,
                List.of(lit("max_delay/setup group clk"), rx("^Endpoint\\s+Delay\\s+Delay\\s+Slack$")),
                List.of(lit("Startpoint: "))));
        s.add(new Scenario("format_summary", BASE, "report_checks -format summary " + ALL, Counting.ROWS,
                base, base, List.of(rx("^Startpoint\\s+Endpoint\\s+Slack$")), List.of(lit("Startpoint: "))));
        s.add(new Scenario("format_slack_only", BASE, "report_checks -format slack_only " + ALL, Counting.ROWS,
                base, base, List.of(rx("^Group\\s+Slack$")), List.of(lit("Startpoint"))));

        // Tables at other -digits: the end table's "Required   Actual" title spreads with the columns.
        for (int d : new int[] {0, 3, 6}) {
            for (String format : List.of("end", "summary", "slack_only")) {
                s.add(new Scenario("format_" + format + "_digits" + d, BASE, "report_checks -format " + format
                        + " -digits " + d + " " + ALL, Counting.ROWS, base, base, List.of(), List.of(lit("Startpoint: "))));
            }
        }

        // -fields: every subset of the four fields 2.0.17 knows. Fanout is no field of its own:
        // its column comes with "net".
        for (int mask = 0; mask < 16; mask++) {
            List<String> chosen = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                if ((mask & (1 << b)) != 0) {
                    chosen.add(FIELDS[b]);
                }
            }
            String name = chosen.isEmpty() ? "fields_none" : "fields_" + String.join("_", chosen);
            String opt = chosen.isEmpty() ? "" : " -fields {" + String.join(" ", chosen) + "}";
            List<Pattern> expect = new ArrayList<>();
            List<Pattern> forbid = new ArrayList<>();
            (chosen.contains("capacitance") ? expect : forbid).add(rx("^.*\\bCap\\b.*Description$"));
            (chosen.contains("slew") ? expect : forbid).add(rx("^.*\\bSlew\\b.*Description$"));
            (chosen.contains("net") ? expect : forbid).add(rx("^Fanout\\b.*Description$"));
            (chosen.contains("net") ? expect : forbid).add(rx(" \\(net\\)$"));
            // An input pin line: zero incremental delay onto a gate input pin such as g12/A.
            (chosen.contains("input_pin") ? expect : forbid).add(rx("\\s0\\.00\\s+\\d+\\.\\d\\d [v^] g\\d+/[ABCDS] \\("));
            s.add(new Scenario(name, BASE, "report_checks -group_count 5" + opt, Counting.STARTPOINTS,
                    5, 5, expect, forbid));
        }
        s.add(new Scenario("fields_fanout_keyword_ignored", BASE, "report_checks -group_count 5 -fields {fanout}",
                Counting.STARTPOINTS, 5, 5, List.of(), List.of(rx("^Fanout\\b"))));
        s.add(new Scenario("fields_slew_cap_fanout_digits3", BASE,
                "report_checks -format full_clock -fields {slew cap fanout} -digits 3 -group_count 20",
                Counting.STARTPOINTS, 20, 20, List.of(rx("^\\s+Cap\\s+Slew\\s+Delay\\s+Time\\s+Description$")),
                List.of(rx("^Fanout\\b"))));

        // -digits 0..6: the slack line shows exactly that many decimals.
        for (int d = 0; d <= 6; d++) {
            String number = d == 0 ? "-?\\d+" : "-?\\d+\\.\\d{" + d + "}";
            s.add(new Scenario("digits_" + d, BASE, "report_checks -group_count 3 -fields {cap slew} -digits " + d,
                    Counting.STARTPOINTS, 3, 3, List.of(rx("^\\s+" + number + "   slack \\((MET|VIOLATED)\\)$")),
                    List.of()));
        }

        // -path_delay: min and max report every endpoint once, min_max twice.
        s.add(pathDelay("path_delay_min", "min", base, "min", "max"));
        s.add(pathDelay("path_delay_max", "max", base, "max", "min"));
        s.add(new Scenario("path_delay_min_max", BASE, "report_checks -path_delay min_max " + ALL,
                Counting.STARTPOINTS, 2 * base, 2 * base,
                List.of(lit("Path Type: min"), lit("Path Type: max"), lit("library hold time"),
                        lit("library setup time")), List.of()));
        s.add(pathDelay("path_delay_max_rise", "max_rise", base, "max", "min"));
        s.add(pathDelay("path_delay_min_fall", "min_fall", base, "min", "max"));

        // Two corners: without -corner the worst corner is reported per endpoint.
        s.add(new Scenario("corners_worst_of_both", CORNERS, "report_checks -fields {slew cap} " + ALL,
                Counting.STARTPOINTS, base, base, List.of(rx("^Corner: (fast|slow)$")), List.of()));
        s.add(new Scenario("corners_fast", CORNERS, "report_checks -corner fast " + ALL, Counting.STARTPOINTS,
                base, base, List.of(lit("Corner: fast")), List.of(lit("Corner: slow"))));
        s.add(new Scenario("corners_slow_min_max", CORNERS, "report_checks -corner slow -path_delay min_max "
                + "-format full_clock " + ALL, Counting.STARTPOINTS, 2 * base, 2 * base,
                List.of(lit("Corner: slow"), lit("Path Type: min")), List.of(lit("Corner: fast"))));
        s.add(new Scenario("corners_end", CORNERS, "report_checks -format end -path_delay min_max " + ALL,
                Counting.ROWS, 2 * base, 2 * base, List.of(lit("min_delay/hold group clk")), List.of()));

        // Unconstrained outputs. 2.0.17 lists the "(none)" group only for endpoints named with -to or
        // with -path_group (none); a bare -unconstrained report shows just the constrained groups.
        int constrained = paths(UNCONSTRAINED, 1000, 1);
        int outputs = UNCONSTRAINED.options().outputs();
        s.add(new Scenario("unconstrained", UNCONSTRAINED,
                "report_checks -unconstrained -to [get_ports {out*}] -fields {slew cap net} " + ALL,
                Counting.STARTPOINTS, outputs, outputs,
                List.of(lit("Path Group: (none)"), lit("(Path is unconstrained)"), rx("^Endpoint: out\\d+ \\(output port\\)$")),
                List.of(lit("Path Group: clk"))));
        s.add(new Scenario("unconstrained_without_to", UNCONSTRAINED, "report_checks -unconstrained " + ALL,
                Counting.STARTPOINTS, constrained, constrained + outputs, List.of(lit("Path Group: clk")), List.of()));
        s.add(new Scenario("unconstrained_path_group_none", UNCONSTRAINED,
                "report_checks -unconstrained -path_group (none) -group_count 10 -format short",
                Counting.STARTPOINTS, 10, 10, List.of(lit("(internal pin)")), List.of(lit("Path Group: clk"))));
        s.add(new Scenario("constrained_only", UNCONSTRAINED, "report_checks " + ALL, Counting.STARTPOINTS,
                constrained, constrained, List.of(), List.of(lit("(none)"))));

        // Long names: sta moves the "(... clocked by ...)" part to an indented line unless -no_line_splits.
        int longPaths = paths(LONG_NAMES, 8, 1);
        String longFields = "-fields {cap slew input_pin net} -group_count 8";
        s.add(new Scenario("long_names_line_splits", LONG_NAMES, "report_checks " + longFields,
                Counting.STARTPOINTS, longPaths, longPaths, List.of(rx("^Startpoint: \\S{60,}$"),
                rx("^ {12}\\((input port|rising edge-triggered flip-flop) clocked by clk\\)$")), List.of()));
        s.add(new Scenario("long_names_no_line_splits", LONG_NAMES, "report_checks -no_line_splits " + longFields,
                Counting.STARTPOINTS, longPaths, longPaths, List.of(rx("^Startpoint: \\S{60,} \\(.*clocked by clk\\)$")),
                List.of(rx("^ {10,12}\\("))));
        s.add(new Scenario("long_names_end", LONG_NAMES, "report_checks -format end -group_count 8",
                Counting.ROWS, longPaths, longPaths, List.of(rx("^\\S{60,} \\(output\\)|^\\S{60,}/D \\(DFFPOSX1\\)")),
                List.of()));

        // Sequential features.
        int latchPaths = paths(LATCHES, 1000, 1);
        s.add(new Scenario("latches", LATCHES, "report_checks -format full_clock " + ALL, Counting.STARTPOINTS,
                latchPaths, latchPaths, List.of(lit("Time Borrowing Information"), lit("positive level-sensitive latch"),
                lit("time borrowed from endpoint"), lit("clocked by clk')"), rx("^actual time borrow\\s+[1-9]\\d*\\.\\d\\d$")),
                List.of()));
        s.add(new Scenario("latches_min", LATCHES, "report_checks -path_delay min " + ALL, Counting.STARTPOINTS,
                latchPaths, latchPaths, List.of(lit("level-sensitive latch")), List.of(lit("Time Borrowing Information"))));
        int asyncPaths = paths(ASYNC, 1000, 1);
        s.add(new Scenario("async_set_reset", ASYNC, "report_checks -path_delay min_max " + ALL,
                Counting.STARTPOINTS, 2 * asyncPaths, 2 * asyncPaths,
                List.of(lit("Path Group: " + SyntheticDesign.ASYNC_GROUP), lit("recovery check against rising-edge clock clk"),
                        lit("removal check against rising-edge clock clk"), lit("library recovery time"),
                        lit("library removal time"), rx("/R \\(DFFSR\\)$"), rx("/S \\(DFFSR\\)$")), List.of()));
        s.add(new Scenario("async_set_reset_end", ASYNC, "report_checks -format end " + ALL, Counting.ROWS,
                asyncPaths, asyncPaths, List.of(lit("max_delay/setup group " + SyntheticDesign.ASYNC_GROUP)), List.of()));
        int negPaths = paths(NEG_EDGE, 1000, 1);
        s.add(new Scenario("negative_edge", NEG_EDGE, "report_checks -format full_clock " + ALL, Counting.STARTPOINTS,
                negPaths, negPaths, List.of(lit("falling edge-triggered flip-flop clocked by clk"),
                lit("clock clk (fall edge)"), lit("(DFFNEGX1)")), List.of()));
        int escPaths = paths(ESCAPED, 1000, 1);
        s.add(new Scenario("escaped_names", ESCAPED, "report_checks -fields {net input_pin} " + ALL,
                Counting.STARTPOINTS, escPaths, escPaths,
                List.of(lit("u_core/reg["), rx("^Endpoint: result\\.q\\[\\d+\\] \\(output port clocked by clk\\)$"),
                        rx("u_core/alu/n\\[\\d+\\](_y[cs])? \\(net\\)$")),
                List.of(lit("\\"))));
        s.add(new Scenario("escaped_input_ports", ESCAPED,
                "report_checks -from [get_ports {data.in\\[* cfg$mode+*}] -fields {net} -group_count 20",
                Counting.STARTPOINTS, 1, 20,
                List.of(rx("^Startpoint: (data\\.in\\[\\d+\\]|cfg\\$mode\\+\\d+) \\(input port clocked by clk\\)$")),
                List.of(lit("\\"))));
        int twoClockPaths = paths(TWO_CLOCKS, 1000, 1);
        s.add(new Scenario("two_clocks", TWO_CLOCKS, "report_checks -format full_clock " + ALL, Counting.STARTPOINTS,
                twoClockPaths, twoClockPaths, List.of(lit("Path Group: clk2"), lit("clocked by clk2"),
                lit("clock clk2 (rise edge)")), List.of()));
        int gatedPaths = paths(GATED, 1000, 1);
        s.add(new Scenario("gated_clock", GATED, "report_checks -path_delay min_max " + ALL, Counting.STARTPOINTS,
                2 * gatedPaths, 2 * gatedPaths, List.of(lit("Path Group: " + SyntheticDesign.GATING_GROUP),
                lit("clock gating-check end-point clocked by clk"), lit("clock gating setup time"),
                lit("clock gating hold time")), List.of()));
        s.add(new Scenario("propagated_clock", PROPAGATED, "report_checks -format full_clock -fields {slew} " + ALL,
                Counting.STARTPOINTS, base, base, List.of(lit("clock network delay (propagated)")),
                List.of(lit("clock network delay (ideal)"))));

        // Several paths per endpoint.
        s.add(new Scenario("endpoint_count_3", BASE, "report_checks -format short -group_count 1000 -endpoint_count 3",
                Counting.STARTPOINTS, base + 1, 3 * base, List.of(), List.of()));
        s.add(new Scenario("endpoint_count_3_unique", BASE,
                "report_checks -format short -group_count 1000 -endpoint_count 3 -unique_paths_to_endpoint",
                Counting.STARTPOINTS, base + 1, 3 * base, List.of(), List.of()));
        s.add(new Scenario("group_count_5", BASE, "report_checks -group_count 5", Counting.STARTPOINTS, 5, 5,
                List.of(), List.of()));
        s.add(new Scenario("default_one_path", BASE, "report_checks", Counting.STARTPOINTS, 1, 1, List.of(), List.of()));
        // -group_count caps each path group, except that -sort_by_slack merges the groups and then
        // caps the whole report.
        int perGroup = paths(ASYNC, 4, 1);
        s.add(new Scenario("group_count_per_group", ASYNC, "report_checks -format end -group_count 4",
                Counting.ROWS, perGroup, perGroup, List.of(lit("max_delay/setup group " + SyntheticDesign.ASYNC_GROUP)),
                List.of()));
        s.add(new Scenario("sort_by_slack", ASYNC, "report_checks -format end -sort_by_slack -group_count 4",
                Counting.ROWS, 4, 4, List.of(), List.of()));

        // Slack totals.
        s.add(new Scenario("tns_wns_worst_slack", BASE,
                "report_tns\nreport_wns\nreport_worst_slack\nreport_tns -digits 4\nreport_wns -digits 0\n"
                        + "report_worst_slack -digits 6", Counting.NONE, 0, 0,
                List.of(rx("^tns -?\\d+\\.\\d{2}$"), rx("^wns -?\\d+\\.\\d{2}$"), rx("^worst slack -?\\d+\\.\\d{2}$"),
                        rx("^tns -?\\d+\\.\\d{4}$"), rx("^wns -?\\d+$"), rx("^worst slack -?\\d+\\.\\d{6}$")),
                List.of()));

        // Everything at once, as a stress fixture for the parser.
        int sink = paths(KITCHEN_SINK, 1000, 1);
        s.add(new Scenario("kitchen_sink", KITCHEN_SINK,
                "report_checks -format full_clock_expanded -fields {capacitance slew input_pin net} -digits 3 "
                        + "-path_delay min_max " + ALL + "\nreport_tns -digits 3\nreport_wns -digits 3\n"
                        + "report_worst_slack -digits 3",
                Counting.STARTPOINTS, 2 * sink, 2 * sink,
                List.of(lit("Time Borrowing Information"), lit("Path Group: " + SyntheticDesign.ASYNC_GROUP),
                        lit("Path Group: " + SyntheticDesign.GATING_GROUP), lit("Path Group: clk2"),
                        rx("^Corner: (fast|slow)$"), lit("u_core/reg["), rx("^tns -?\\d+\\.\\d{3}$")),
                List.of()));
        return s;
    }

    /** Paths a report shows with -endpoint_count {@code perEndpoint}: per group, capped at groupCount. */
    public static int paths(SyntheticDesign design, int groupCount, int perEndpoint) {
        int total = 0;
        for (Map.Entry<String, Integer> g : design.endpointsByPathGroup().entrySet()) {
            total += Math.min(groupCount, g.getValue() * perEndpoint);
        }
        return total;
    }

    private static Scenario pathDelay(String name, String value, int paths, String type, String otherType) {
        return new Scenario(name, BASE, "report_checks -path_delay " + value + " " + ALL, Counting.STARTPOINTS,
                paths, paths, List.of(lit("Path Type: " + type)), List.of(lit("Path Type: " + otherType)));
    }

    private static Pattern lit(String literal) {
        return Pattern.compile(Pattern.quote(literal));
    }

    private static Pattern rx(String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE);
    }
}

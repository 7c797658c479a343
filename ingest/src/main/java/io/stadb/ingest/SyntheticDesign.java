package io.stadb.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * A deterministic, seeded gate-level netlist over the OSU 0.18/0.35 um cells, plus the Tcl that
 * constrains it, so that real OpenSTA reports can be produced on demand.
 *
 * <p>Shape: primary inputs and register outputs feed {@code logicDepth} levels of random gates;
 * every register D pin and every output buffer is driven from some level, so path depths vary and
 * every endpoint is constrained. Registers hang off a small CLKBUF1 tree per clock, which matters
 * once clocks are propagated. The same options always give the same bytes: only the seeded
 * {@link SplittableRandom} and insertion-ordered collections decide anything.
 */
public final class SyntheticDesign {

    public static final String VERILOG_FILE = "design.v";
    public static final String TOP_MODULE = "stadb_synth";
    public static final String CLOCK = "clk";
    public static final String CLOCK2 = "clk2";
    /**
     * OpenSTA 2.0.17's names for the path groups of recovery/removal and clock gating checks (newer
     * releases call them "asynchronous" and "gated clock").
     */
    public static final String ASYNC_GROUP = "**async_default**";
    public static final String GATING_GROUP = "**clock_gating_default**";

    public record Options(long seed, int flipFlops, int logicDepth, double fanoutSpread, int inputs,
                          int outputs, double clockPeriod, boolean latches, boolean asyncSetReset,
                          boolean negativeEdge, boolean escapedNames, boolean longNames, boolean twoClocks,
                          boolean gatedClock, boolean propagatedClock, boolean twoCorners,
                          boolean constrainOutputs) {
    }

    private enum Kind { DFFPOSX1, DFFNEGX1, DFFSR, LATCH }

    private record Cell(String name, List<String> inputs, List<String> outputs) {
    }

    // Combinational cells and their relative weights; TBUFX1 is left out because a floating
    // output adds tristate checks that no scenario asks for.
    private static final List<Cell> GATES = List.of(
            new Cell("INVX1", List.of("A"), List.of("Y")),
            new Cell("INVX2", List.of("A"), List.of("Y")),
            new Cell("BUFX2", List.of("A"), List.of("Y")),
            new Cell("AND2X1", List.of("A", "B"), List.of("Y")),
            new Cell("AND2X2", List.of("A", "B"), List.of("Y")),
            new Cell("OR2X1", List.of("A", "B"), List.of("Y")),
            new Cell("OR2X2", List.of("A", "B"), List.of("Y")),
            new Cell("NAND2X1", List.of("A", "B"), List.of("Y")),
            new Cell("NOR2X1", List.of("A", "B"), List.of("Y")),
            new Cell("XOR2X1", List.of("A", "B"), List.of("Y")),
            new Cell("XNOR2X1", List.of("A", "B"), List.of("Y")),
            new Cell("NAND3X1", List.of("A", "B", "C"), List.of("Y")),
            new Cell("NOR3X1", List.of("A", "B", "C"), List.of("Y")),
            new Cell("AOI21X1", List.of("A", "B", "C"), List.of("Y")),
            new Cell("OAI21X1", List.of("A", "B", "C"), List.of("Y")),
            new Cell("AOI22X1", List.of("A", "B", "C", "D"), List.of("Y")),
            new Cell("OAI22X1", List.of("A", "B", "C", "D"), List.of("Y")),
            new Cell("MUX2X1", List.of("A", "B", "S"), List.of("Y")),
            new Cell("HAX1", List.of("A", "B"), List.of("YC", "YS")),
            new Cell("FAX1", List.of("A", "B", "C"), List.of("YC", "YS")));

    private static final Pattern SIMPLE_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final String LONG = "pipeline_stage_datapath_block_with_a_deliberately_long_name_";
    private static final int REGISTERS_PER_CLOCK_BUFFER = 8;

    private final Options options;
    private final String verilog;
    private final List<String> clockPorts = new ArrayList<>();
    private final List<String> dataInputs = new ArrayList<>();
    private final List<String> outputPorts = new ArrayList<>();
    private final Map<String, Integer> endpoints = new LinkedHashMap<>();

    private SyntheticDesign(Options options) {
        this.options = options;
        this.verilog = new Generator().generate();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(options);
    }

    public Options options() {
        return options;
    }

    public String topModule() {
        return TOP_MODULE;
    }

    public String verilog() {
        return verilog;
    }

    /** Writes design.v into {@code dir} and returns the top module name for link_design. */
    public String writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(VERILOG_FILE), verilog, StandardCharsets.UTF_8);
        return TOP_MODULE;
    }

    /**
     * Timing endpoints per OpenSTA path group: one per register D pin and output port in the group
     * of its capturing clock, one per DFFSR R and S pin in "asynchronous", one gating pin in
     * "gated clock". With {@code -endpoint_count 1} a report holds at most this many paths per group.
     */
    public Map<String, Integer> endpointsByPathGroup() {
        return Collections.unmodifiableMap(endpoints);
    }

    public String tclPreamble(StaInstallation sta) {
        Path fast = sta.osu018().orElseThrow(() -> new IllegalStateException("osu018 liberty not found"));
        Path slow = options.twoCorners()
                ? sta.osu035().orElseThrow(() -> new IllegalStateException("osu035 liberty not found"))
                : null;
        return tclPreamble(fast, slow);
    }

    /**
     * Loads the libraries and design and applies constraints; design.v is read relative to the
     * directory sta runs in. {@code osu035} is used only for two corners (may be null otherwise):
     * corner "fast" gets osu018 and corner "slow" osu035, the syntax OpenSTA 2.0.17 accepts.
     */
    public String tclPreamble(Path osu018, Path osu035) {
        StringBuilder t = new StringBuilder();
        t.append("# stadb synthetic design: ").append(describe()).append('\n');
        if (options.twoCorners()) {
            if (osu035 == null) {
                throw new IllegalArgumentException("two corners need the osu035 liberty file");
            }
            t.append("define_corners fast slow\n");
            t.append("read_liberty -corner fast ").append(tclWord(osu018.toString())).append('\n');
            t.append("read_liberty -corner slow ").append(tclWord(osu035.toString())).append('\n');
        } else {
            t.append("read_liberty ").append(tclWord(osu018.toString())).append('\n');
        }
        t.append("read_verilog ").append(VERILOG_FILE).append('\n');
        t.append("link_design ").append(TOP_MODULE).append('\n');
        double period = options.clockPeriod();
        t.append("create_clock -name ").append(CLOCK).append(" -period ").append(fmt(period))
                .append(" [get_ports ").append(CLOCK).append("]\n");
        if (options.twoClocks()) {
            t.append("create_clock -name ").append(CLOCK2).append(" -period ").append(fmt(period * 1.5))
                    .append(" [get_ports ").append(CLOCK2).append("]\n");
        }
        double io = period * 0.2;
        t.append("set_input_delay ").append(fmt(io)).append(" -clock ").append(CLOCK).append(' ')
                .append(getPorts(dataInputs)).append('\n');
        if (options.constrainOutputs()) {
            t.append("set_output_delay ").append(fmt(io)).append(" -clock ").append(CLOCK).append(' ')
                    .append(getPorts(outputPorts)).append('\n');
        }
        // Realistic non-zero slews at the boundary instead of ideal edges.
        t.append("set_input_transition 0.050 [all_inputs]\n");
        t.append("set_load 0.010 [all_outputs]\n");
        if (options.propagatedClock()) {
            t.append("set_propagated_clock [all_clocks]\n");
        }
        return t.toString();
    }

    /** One-line summary of the options, used in generated file headers. */
    public String describe() {
        Options o = options;
        StringBuilder s = new StringBuilder();
        s.append("seed=").append(o.seed()).append(" flipFlops=").append(o.flipFlops())
                .append(" logicDepth=").append(o.logicDepth())
                .append(" fanoutSpread=").append(fmt(o.fanoutSpread()))
                .append(" inputs=").append(o.inputs()).append(" outputs=").append(o.outputs())
                .append(" clockPeriod=").append(fmt(o.clockPeriod()));
        for (Map.Entry<String, Boolean> f : features().entrySet()) {
            if (f.getValue()) {
                s.append(' ').append(f.getKey());
            }
        }
        return s.toString();
    }

    private Map<String, Boolean> features() {
        Map<String, Boolean> f = new LinkedHashMap<>();
        f.put("latches", options.latches());
        f.put("asyncSetReset", options.asyncSetReset());
        f.put("negativeEdge", options.negativeEdge());
        f.put("escapedNames", options.escapedNames());
        f.put("longNames", options.longNames());
        f.put("twoClocks", options.twoClocks());
        f.put("gatedClock", options.gatedClock());
        f.put("propagatedClock", options.propagatedClock());
        f.put("twoCorners", options.twoCorners());
        f.put("unconstrainedOutputs", !options.constrainOutputs());
        return f;
    }

    // get_ports takes patterns in which OpenSTA treats '/' as a hierarchy divider and '[...]' as a
    // bus index, so an escaped Verilog name such as data/in[3] must be written data\/in\[3\].
    // 2.0.17's get_ports splits its one argument on spaces and keeps backslashes ("string map"
    // before foreach), so the patterns go in a single braced word, not a Tcl [list].
    private static String getPorts(List<String> ports) {
        StringBuilder s = new StringBuilder("[get_ports {");
        for (int i = 0; i < ports.size(); i++) {
            s.append(i == 0 ? "" : " ").append(ports.get(i).replaceAll("([/\\[\\]*?\\\\])", "\\\\$1"));
        }
        return s.append("}]").toString();
    }

    private static String tclWord(String s) {
        return s.matches("[A-Za-z0-9_./+-]+") ? s : "{" + s + "}";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A Verilog identifier: plain if possible, else escaped ({@code \name } with the trailing space). */
    static String vid(String name) {
        return SIMPLE_ID.matcher(name).matches() ? name : "\\" + name + " ";
    }

    private final class Generator {
        private final SplittableRandom rng = new SplittableRandom(options.seed());
        private final List<String> wires = new ArrayList<>();
        private final StringBuilder body = new StringBuilder();
        private int gateCount;

        String generate() {
            Options o = options;
            clockPorts.add(CLOCK);
            if (o.twoClocks()) {
                clockPorts.add(CLOCK2);
            }
            for (int i = 0; i < o.inputs(); i++) {
                dataInputs.add(o.escapedNames() ? escapedInput(i) : o.longNames() ? LONG + "in" + i : "in" + i);
            }
            List<String> logicInputs = new ArrayList<>(dataInputs);
            if (o.asyncSetReset()) {
                dataInputs.add("rst_n");
                dataInputs.add("set_n");
            }
            if (o.gatedClock()) {
                dataInputs.add("clk_en");
            }
            for (int i = 0; i < o.outputs(); i++) {
                outputPorts.add(o.escapedNames() ? "result.q[" + i + "]" : o.longNames() ? LONG + "out" + i : "out" + i);
            }

            List<Register> regs = registers();
            buildClockTrees(regs);

            // Level 0 holds the startpoints: primary inputs and register outputs.
            List<List<String>> levels = new ArrayList<>();
            List<String> sources = new ArrayList<>(logicInputs);
            for (Register r : regs) {
                sources.add(r.q);
            }
            levels.add(sources);
            for (int level = 1; level <= o.logicDepth(); level++) {
                levels.add(buildLevel(levels, level, Math.max(4, (regs.size() + o.outputs()) / 2)));
            }

            for (Register r : regs) {
                r.d = pickEndpointDriver(levels);
                emitRegister(r);
                endpoints.merge(r.domain, 1, Integer::sum);
                if (r.kind == Kind.DFFSR) {
                    endpoints.merge(ASYNC_GROUP, 2, Integer::sum);
                }
            }
            for (int i = 0; i < outputPorts.size(); i++) {
                instance("BUFX2", name("obuf", "u_io/obuf[" + i + "]", i),
                        "A", pickEndpointDriver(levels), "Y", outputPorts.get(i));
                if (o.constrainOutputs()) {
                    endpoints.merge(CLOCK, 1, Integer::sum);
                }
            }
            if (o.gatedClock()) {
                endpoints.merge(GATING_GROUP, 1, Integer::sum);
            }
            return render();
        }

        // Port names need an escape but avoid '/' and a '[' before the end: 2.0.17 finds such a port
        // by name but not its pin, so set_input_delay fails with 'invalid command name "NULL"'.
        // Instances and nets have no such limit and get the full treatment (u_core/reg[7]$x).
        private String escapedInput(int i) {
            return i % 2 == 0 ? "data.in[" + i + "]" : "cfg$mode+" + i;
        }

        private List<Register> registers() {
            Options o = options;
            List<Register> regs = new ArrayList<>();
            // Fixed interleaving rather than random draws, so the mix of kinds and domains is exact.
            for (int k = 0; k < o.flipFlops(); k++) {
                Kind kind = Kind.DFFPOSX1;
                if (o.asyncSetReset() && k % 4 == 1) {
                    kind = Kind.DFFSR;
                } else if (o.negativeEdge() && k % 4 == 2) {
                    kind = Kind.DFFNEGX1;
                }
                String domain = o.twoClocks() && k % 3 == 2 ? CLOCK2 : CLOCK;
                regs.add(new Register(kind, name("reg", "u_core/reg[" + k + "]$x", k),
                        name("q", "u_core/q[" + k + "]", k), domain));
            }
            if (o.latches()) {
                int n = Math.max(2, o.flipFlops() / 4);
                for (int k = 0; k < n; k++) {
                    regs.add(new Register(Kind.LATCH, name("lat", "u_core/lat[" + k + "]", k),
                            name("lq", "u_core/lq[" + k + "]", k), CLOCK));
                }
            }
            return regs;
        }

        private void buildClockTrees(List<Register> regs) {
            for (String clock : clockPorts) {
                String root = clock + "_root";
                wires.add(root);
                instance("CLKBUF1", "ckbuf_" + clock + "_root", "A", clock, "Y", root);
                List<Register> mine = regs.stream().filter(r -> r.domain.equals(clock)).toList();
                int leaves = Math.max(1, (mine.size() + REGISTERS_PER_CLOCK_BUFFER - 1) / REGISTERS_PER_CLOCK_BUFFER);
                for (int j = 0; j < leaves; j++) {
                    String leaf = clock + "_leaf" + j;
                    wires.add(leaf);
                    instance("CLKBUF1", "ckbuf_" + clock + "_" + j, "A", root, "Y", leaf);
                }
                String gated = null;
                String inverted = null;
                if (clock.equals(CLOCK) && options.gatedClock()) {
                    // Clock gating: OpenSTA infers a gating check on the enable pin of this AND.
                    gated = CLOCK + "_gated";
                    wires.add(gated);
                    instance("AND2X1", "clk_gate", "A", root, "B", "clk_en", "Y", gated);
                }
                int latches = 0;
                for (int i = 0; i < mine.size(); i++) {
                    Register r = mine.get(i);
                    r.clock = clock + "_leaf" + (i / REGISTERS_PER_CLOCK_BUFFER);
                    boolean oddLatch = r.kind == Kind.LATCH && latches++ % 2 == 1;
                    if (oddLatch) {
                        // Latches open on the falling edge so that deep paths really borrow time.
                        if (inverted == null) {
                            inverted = CLOCK + "_root_n";
                            wires.add(inverted);
                            instance("INVX1", "ckinv_" + CLOCK, "A", root, "Y", inverted);
                        }
                        r.clock = inverted;
                    } else if (gated != null && r.kind != Kind.LATCH && i % 4 == 3) {
                        r.clock = gated;
                    }
                }
            }
        }

        private List<String> buildLevel(List<List<String>> levels, int level, int width) {
            List<String> out = new ArrayList<>();
            for (int w = 0; w < width; w++) {
                Cell cell = GATES.get(rng.nextInt(GATES.size()));
                List<String> pins = new ArrayList<>();
                List<String> used = new ArrayList<>();
                for (int p = 0; p < cell.inputs().size(); p++) {
                    // The first input comes from the previous level so the level really is that deep;
                    // the others may reach back up to three levels, which makes reconvergent paths.
                    int from = p == 0 ? level - 1 : Math.max(0, level - 1 - rng.nextInt(3));
                    String n = pickNet(levels.get(from), used);
                    used.add(n);
                    pins.add(cell.inputs().get(p));
                    pins.add(n);
                }
                int g = gateCount++;
                for (int p = 0; p < cell.outputs().size(); p++) {
                    // A second output (HAX1/FAX1 YS) gets a suffixed net: n7 and n7_ys.
                    String suffix = p == 0 ? "" : "_" + cell.outputs().get(p).toLowerCase(Locale.ROOT);
                    String n = name("n", "u_core/alu/n[" + g + "]", g) + suffix;
                    wires.add(n);
                    out.add(n);
                    pins.add(cell.outputs().get(p));
                    pins.add(n);
                }
                instance(cell.name(), name("g", "u_core/alu/g[" + g + "]", g), pins.toArray(String[]::new));
            }
            return out;
        }

        // fanoutSpread 0 picks uniformly; towards 1 it favours the first few nets of a level, so
        // some nets get a large fanout and others none.
        private String pickNet(List<String> pool, List<String> avoid) {
            String pick = null;
            for (int attempt = 0; attempt < 4; attempt++) {
                double u = Math.pow(rng.nextDouble(), 1.0 + 2.0 * options.fanoutSpread());
                pick = pool.get(Math.min(pool.size() - 1, (int) (u * pool.size())));
                if (!avoid.contains(pick)) {
                    break;
                }
            }
            return pick;
        }

        private String pickEndpointDriver(List<List<String>> levels) {
            int depth = levels.size() - 1;
            int level = rng.nextBoolean() ? depth : 1 + rng.nextInt(depth);
            List<String> pool = levels.get(level);
            return pool.get(rng.nextInt(pool.size()));
        }

        private void emitRegister(Register r) {
            switch (r.kind) {
                case DFFSR -> instance("DFFSR", r.name, "D", r.d, "CLK", r.clock, "R", "rst_n", "S", "set_n", "Q", r.q);
                default -> instance(r.kind.name(), r.name, "D", r.d, "CLK", r.clock, "Q", r.q);
            }
            wires.add(r.q);
        }

        // Instance and net names: plain "reg3", escaped "u_core/reg[3]$x", or either with a long prefix.
        private String name(String plain, String escaped, int index) {
            if (options.escapedNames()) {
                return options.longNames() ? "u_core/" + LONG + escaped.substring(escaped.indexOf('/') + 1) : escaped;
            }
            return options.longNames() ? LONG + plain + index : plain + index;
        }

        private void instance(String cell, String name, String... pinNets) {
            body.append("  ").append(cell).append(' ').append(vid(name)).append(" (");
            for (int i = 0; i < pinNets.length; i += 2) {
                if (i > 0) {
                    body.append(", ");
                }
                body.append('.').append(pinNets[i]).append('(').append(vid(pinNets[i + 1])).append(')');
            }
            body.append(");\n");
        }

        private String render() {
            StringBuilder v = new StringBuilder();
            v.append("// Synthetic gate-level netlist written by stadb SyntheticDesign; do not edit.\n");
            v.append("// ").append(describe()).append('\n');
            List<String> ports = new ArrayList<>(clockPorts);
            ports.addAll(dataInputs);
            ports.addAll(outputPorts);
            v.append("module ").append(TOP_MODULE).append(" (");
            for (int i = 0; i < ports.size(); i++) {
                v.append(i == 0 ? "" : ", ").append(vid(ports.get(i)));
            }
            v.append(");\n");
            for (String p : clockPorts) {
                v.append("  input ").append(vid(p)).append(";\n");
            }
            for (String p : dataInputs) {
                v.append("  input ").append(vid(p)).append(";\n");
            }
            for (String p : outputPorts) {
                v.append("  output ").append(vid(p)).append(";\n");
            }
            for (String w : wires) {
                v.append("  wire ").append(vid(w)).append(";\n");
            }
            v.append(body);
            v.append("endmodule\n");
            return v.toString();
        }
    }

    private static final class Register {
        final Kind kind;
        final String name;
        final String q;
        final String domain;
        String clock;
        String d;

        Register(Kind kind, String name, String q, String domain) {
            this.kind = kind;
            this.name = name;
            this.q = q;
            this.domain = domain;
        }
    }

    public static final class Builder {
        private long seed = 1;
        private int flipFlops = 40;
        private int logicDepth = 8;
        private double fanoutSpread = 0.25;
        private int inputs = 8;
        private int outputs = 8;
        private double clockPeriod = 2.5;
        private boolean latches;
        private boolean asyncSetReset;
        private boolean negativeEdge;
        private boolean escapedNames;
        private boolean longNames;
        private boolean twoClocks;
        private boolean gatedClock;
        private boolean propagatedClock;
        private boolean twoCorners;
        private boolean constrainOutputs = true;

        private Builder() {
        }

        private Builder(Options o) {
            seed = o.seed();
            flipFlops = o.flipFlops();
            logicDepth = o.logicDepth();
            fanoutSpread = o.fanoutSpread();
            inputs = o.inputs();
            outputs = o.outputs();
            clockPeriod = o.clockPeriod();
            latches = o.latches();
            asyncSetReset = o.asyncSetReset();
            negativeEdge = o.negativeEdge();
            escapedNames = o.escapedNames();
            longNames = o.longNames();
            twoClocks = o.twoClocks();
            gatedClock = o.gatedClock();
            propagatedClock = o.propagatedClock();
            twoCorners = o.twoCorners();
            constrainOutputs = o.constrainOutputs();
        }

        public Builder seed(long v) { seed = v; return this; }
        public Builder flipFlops(int v) { flipFlops = v; return this; }
        public Builder logicDepth(int v) { logicDepth = v; return this; }
        /** 0 = inputs drawn uniformly; 1 = strongly skewed, giving a few high-fanout nets. */
        public Builder fanoutSpread(double v) { fanoutSpread = v; return this; }
        public Builder inputs(int v) { inputs = v; return this; }
        public Builder outputs(int v) { outputs = v; return this; }
        /** Period of clk in ns; clk2 (twoClocks) runs at 1.5 times this. */
        public Builder clockPeriod(double v) { clockPeriod = v; return this; }
        public Builder latches(boolean v) { latches = v; return this; }
        public Builder asyncSetReset(boolean v) { asyncSetReset = v; return this; }
        public Builder negativeEdge(boolean v) { negativeEdge = v; return this; }
        public Builder escapedNames(boolean v) { escapedNames = v; return this; }
        /** Names of 60+ characters, which make sta split report lines unless -no_line_splits. */
        public Builder longNames(boolean v) { longNames = v; return this; }
        public Builder twoClocks(boolean v) { twoClocks = v; return this; }
        public Builder gatedClock(boolean v) { gatedClock = v; return this; }
        public Builder propagatedClock(boolean v) { propagatedClock = v; return this; }
        public Builder twoCorners(boolean v) { twoCorners = v; return this; }
        /** false leaves outputs without set_output_delay, so only -unconstrained reports them. */
        public Builder constrainOutputs(boolean v) { constrainOutputs = v; return this; }

        public SyntheticDesign build() {
            if (flipFlops < 1 || logicDepth < 1 || inputs < 1 || outputs < 1) {
                throw new IllegalArgumentException("flipFlops, logicDepth, inputs and outputs must be >= 1");
            }
            if (!(fanoutSpread >= 0 && fanoutSpread <= 1)) {
                throw new IllegalArgumentException("fanoutSpread must be in [0, 1]: " + fanoutSpread);
            }
            if (!(clockPeriod > 0)) {
                throw new IllegalArgumentException("clockPeriod must be positive: " + clockPeriod);
            }
            return new SyntheticDesign(new Options(seed, flipFlops, logicDepth, fanoutSpread, inputs, outputs,
                    clockPeriod, latches, asyncSetReset, negativeEdge, escapedNames, longNames, twoClocks,
                    gatedClock, propagatedClock, twoCorners, constrainOutputs));
        }
    }
}

package io.stadb.ingest;

import io.stadb.codec.BlockKind;
import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.Col;
import io.stadb.codec.Layout;
import io.stadb.codec.Num;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic {@code report_checks} report (full format) of any size, streaming, in the exact text
 * OpenSTA prints: paths are built as {@link ReportBlock}s and rendered by the same {@link BlockRenderer}
 * the store uses, so the parser reads every line back. Shaped like real output: a fixed netlist (gates,
 * nets, registers) whose arcs always have the same delay and whose pins the same slew, several paths per
 * endpoint through shared fan-in cones, depths spread like a synthesized design, paths sorted by slack in
 * batches (as report_checks sorts a group), optional extra corners. Deterministic per seed.
 */
public final class ReportGenerator {
    /** What to generate. */
    public record Options(long paths, long seed, int corners, boolean allFields, int digits, int batch) {
        public Options {
            if (paths < 0 || corners < 1 || corners > 16 || digits < 0 || digits > 8 || batch < 1) {
                throw new IllegalArgumentException("bad generator options");
            }
        }

        public static Options of(long paths, long seed) {
            return new Options(paths, seed, 1, true, 3, 4096);
        }
    }

    private static final String[] CELLS = {"NAND2X1", "NOR2X1", "INVX1", "AOI21X1", "OAI21X1", "XOR2X1", "BUFX2",
        "AND2X2", "OR2X2", "MUX2X1", "NAND3X1", "INVX2"};
    private static final String[] IN_PINS = {"A", "B", "C"};

    private final Options o;
    private final int gates;
    private final int registers;
    private final long scale;
    private final long period;
    private final ByteBuilder text = new ByteBuilder(64);

    public ReportGenerator(Options options) {
        this.o = options;
        // A design sized to the report: about one register per 24 paths and ten gates per register, as a
        // synthesized block has; paths reuse gates the way real fan-in cones overlap.
        this.registers = (int) Math.max(16, Math.min(2_000_000, o.paths() / 24));
        this.gates = registers * 10;
        this.scale = (long) Num.pow10(o.digits());
        this.period = 2 * scale;
    }

    /** Writes the whole report to {@code out} (not closed); returns the number of paths written. */
    public long write(OutputStream out) throws IOException {
        BlockRenderer renderer = new BlockRenderer();
        List<ReportBlock> batch = new ArrayList<>();
        List<ReportBlock> pool = new ArrayList<>();
        long written = 0;
        SplittableRandom rnd = new SplittableRandom(o.seed());
        long perCorner = (o.paths() + o.corners() - 1) / o.corners();
        for (int corner = 0; corner < o.corners() && written < o.paths(); corner++) {
            for (long i = 0; i < perCorner && written < o.paths(); i++) {
                ReportBlock b = pool.isEmpty() ? new ReportBlock() : pool.remove(pool.size() - 1);
                path(b, rnd, corner);
                batch.add(b);
                written++;
                if (batch.size() == o.batch()) {
                    flush(batch, pool, renderer, out);
                }
            }
            flush(batch, pool, renderer, out);
        }
        return written;
    }

    private static void flush(List<ReportBlock> batch, List<ReportBlock> pool, BlockRenderer r, OutputStream out)
        throws IOException {
        batch.sort(Comparator.comparingLong(b -> b.facts().slack()));
        for (ReportBlock b : batch) {
            r.render(b, out);
        }
        pool.addAll(batch);
        batch.clear();
    }

    /** One path: from a register through a chain of gates of the endpoint's fan-in cone to a register. */
    private void path(ReportBlock b, SplittableRandom rnd, int corner) {
        b.clear(BlockKind.PATH);
        Layout l = b.layout();
        int w = o.digits() + 5;
        if (o.allFields()) {
            l.enable(Col.FANOUT, 6).enable(Col.CAP, w).enable(Col.SLEW, w);
        }
        l.enable(Col.DELAY, w).enable(Col.TIME, w).setDigits(o.digits());
        int end = rnd.nextInt(registers);
        // Paths to one endpoint share its cone: the gate at each level depends on the endpoint and a
        // small choice, so the same arcs recur with the same delays.
        int depth = 4 + (int) Math.min(28, Math.abs(rnd.nextGaussian() * 6 + 10));
        int start = Math.floorMod(end * 31 + rnd.nextInt(6) * 7919, registers);
        String clk = "clk";
        String reason = "rising edge-triggered flip-flop clocked by " + clk;
        row(b, RowKind.STARTPOINT, "reg" + start, reason);
        row(b, RowKind.ENDPOINT, "reg" + end, reason);
        row(b, RowKind.PATH_GROUP, clk, null);
        row(b, RowKind.PATH_TYPE, "max", null);
        if (o.corners() > 1) {
            row(b, RowKind.CORNER, "corner" + corner, null);
        }
        b.addRow(RowKind.BLANK);
        b.addRow(RowKind.COLUMN_HEADER);
        dash(b, l.pathDashLength());
        long t = 0;
        t = point(b, "clock " + clk, "rise edge", ' ', 0, t, -1);
        t = point(b, "clock network delay", "ideal", ' ', 0, t, -1);
        t = point(b, "reg" + start + "/CLK", "DFFPOSX1", '^', 0, t, 0);
        boolean rise = (start & 1) == 0;
        t = point(b, "reg" + start + "/Q", "DFFPOSX1", rise ? '^' : 'v', delay(start, 0, corner), t,
            slew(start, 0, corner));
        int prevGate = start;
        for (int k = 0; k < depth; k++) {
            // Endpoints in a cluster of eight share a cone; neighbouring clusters share parts of theirs.
            int gate = (int) Math.floorMod(mix((end >> 3) + rnd.nextInt(3), k, 17), gates);
            String cell = CELLS[gate % CELLS.length];
            String net = "n" + prevGate;
            if (o.allFields()) {
                int r = row(b, RowKind.POINT, net, "net");
                b.setNum(r, Col.FANOUT, 1 + prevGate % 7);
                b.setNum(r, Col.CAP, cap(prevGate, corner));
            }
            String pin = IN_PINS[gate % 3 % (cell.startsWith("INV") || cell.startsWith("BUF") ? 1 : 2)];
            t = point(b, "g" + gate + "/" + pin, cell, rise ? '^' : 'v', 0, t, slew(prevGate, 1, corner));
            boolean invert = !cell.startsWith("AND") && !cell.startsWith("OR") && !cell.startsWith("BUF")
                && !cell.startsWith("MUX");
            rise = invert != rise;
            t = point(b, "g" + gate + "/Y", cell, rise ? '^' : 'v', delay(gate, rise ? 1 : 2, corner), t,
                slew(gate, rise ? 1 : 2, corner));
            prevGate = gate;
        }
        if (o.allFields()) {
            int r = row(b, RowKind.POINT, "n" + prevGate, "net");
            b.setNum(r, Col.FANOUT, 1 + prevGate % 7);
            b.setNum(r, Col.CAP, cap(prevGate, corner));
        }
        t = point(b, "reg" + end + "/D", "DFFPOSX1", rise ? '^' : 'v', 0, t, slew(prevGate, 3, corner));
        long arrival = t;
        label(b, "data arrival time", arrival);
        b.addRow(RowKind.BLANK);
        long c = 0;
        c = point(b, "clock " + clk, "rise edge", ' ', period, c, -1);
        c = point(b, "clock network delay", "ideal", ' ', 0, c, -1);
        c = point(b, "clock reconvergence pessimism", null, ' ', 0, c, -1);
        c = point(b, "reg" + end + "/CLK", "DFFPOSX1", '^', Num.BLANK, c, -1);
        long setup = -(scale / 10 + end % 50 * scale / 1000);
        c = point(b, "library setup time", null, ' ', setup, c, -1);
        long required = c;
        label(b, "data required time", required);
        dash(b, l.pathDashLength());
        label(b, "data required time", required);
        label(b, "data arrival time", arrival == 0 ? Num.NEG_ZERO : -arrival);
        dash(b, l.pathDashLength());
        long slack = required - arrival;
        int sr = label(b, "slack", slack);
        byte[] st = (slack < 0 ? "VIOLATED" : "MET").getBytes(StandardCharsets.ISO_8859_1);
        b.setAux(sr, st, 0, st.length);
        b.addRow(RowKind.BLANK);
        b.addRow(RowKind.BLANK);
        b.deriveFacts();
    }

    private long delay(int node, int arc, int corner) {
        long h = mix(node, arc, corner);
        long base = scale / 20 + Math.floorMod(h, scale * 3 / 10 + 1);
        return base * (10 + corner * 3) / 10;
    }

    private long slew(int node, int arc, int corner) {
        return scale / 50 + Math.floorMod(mix(node, arc + 7, corner), scale / 2 + 1) * (10 + corner * 2) / 10;
    }

    private long cap(int node, int corner) {
        return scale / 100 + Math.floorMod(mix(node, 11, corner), scale / 5 + 1);
    }

    private static long mix(long a, long b, long c) {
        long h = (a * 0x9E3779B97F4A7C15L) ^ (b * 0xBF58476D1CE4E5B9L) ^ (c * 0x94D049BB133111EBL);
        h ^= h >>> 31;
        return h * 0x2545F4914F6CDD1DL;
    }

    /** A point row; returns the new time. {@code delay} BLANK prints no delay (time only). */
    private long point(ReportBlock b, String name, String aux, char edge, long delay, long time, long slew) {
        int r = row(b, RowKind.POINT, name, aux);
        long t = delay == Num.BLANK ? time : time + delay;
        if (delay != Num.BLANK) {
            b.setNum(r, Col.DELAY, delay);
        }
        b.setNum(r, Col.TIME, t);
        if (slew >= 0 && b.layout().has(Col.SLEW)) {
            b.setNum(r, Col.SLEW, slew);
        }
        b.setEdge(r, (byte) edge);
        return t;
    }

    private int label(ReportBlock b, String name, long time) {
        int r = row(b, RowKind.POINT, name, null);
        b.setNum(r, Col.TIME, time);
        return r;
    }

    private void dash(ReportBlock b, int length) {
        int r = b.addRow(RowKind.DASH);
        b.setNum(r, Col.LENGTH, length);
    }

    private int row(ReportBlock b, byte kind, String name, String aux) {
        int r = b.addRow(kind);
        text.clear();
        text.append(name);
        b.setName(r, text.array(), 0, text.length());
        if (aux != null) {
            text.clear();
            text.append(aux);
            b.setAux(r, text.array(), 0, text.length());
        }
        return r;
    }

    public Options options() {
        return o;
    }
}

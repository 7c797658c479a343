package io.stadb.engine.internal;

import io.stadb.codec.BlockFacts;
import io.stadb.codec.BlockKind;
import io.stadb.codec.Col;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.Num;
import io.stadb.codec.PathStatus;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import io.stadb.engine.PathIndexFormat;
import io.stadb.engine.PinKind;
import java.io.IOException;

/**
 * Turns blocks, in stage order, into path index records: one per path block or JSON check, one per row
 * of an end/summary/slack_only table. Names are interned in the store's dictionary (which the stage's
 * commit persists). A table's group and min/max come from its {@code max_delay/setup group clk} title,
 * which a long table's continuation blocks do not repeat, so that context is carried across blocks.
 */
public final class PathIndexBuilder {
    private final NameDictionary names;
    private final PathIndexWriter out;
    private final PathIndexRecord rec = new PathIndexRecord();
    private int tableGroup = -1;
    private byte tableMinMax;

    public PathIndexBuilder(NameDictionary names, PathIndexWriter out) {
        this.names = names;
        this.out = out;
    }

    public void add(ReportBlock b, int blockIndex) throws IOException {
        BlockKind k = b.kind();
        if (k == BlockKind.PATH || k == BlockKind.PATH_SHORT) {
            addPath(b, blockIndex, false);
        } else if (k == BlockKind.JSON_PATH) {
            addPath(b, blockIndex, true);
        } else if (k.isTable()) {
            addTableRows(b, blockIndex);
        }
    }

    public long records() {
        return out.records();
    }

    private void addPath(ReportBlock b, int blockIndex, boolean json) throws IOException {
        BlockFacts f = b.facts();
        rec.reset(blockIndex);
        // JSON keeps values in the aux slot ("key": value) and times in seconds; text keeps them in name.
        rec.startpoint = json ? auxId(b, f.startRow()) : nameId(b, f.startRow());
        rec.endpoint = json ? auxId(b, f.endRow()) : nameId(b, f.endRow());
        rec.group = json ? auxId(b, f.groupRow()) : nameId(b, f.groupRow());
        rec.corner = nameId(b, f.cornerRow());
        rec.mode = nameId(b, f.modeRow());
        int type = f.typeRow();
        if (type >= 0) {
            boolean isMax = json ? b.auxIs(type, "max") : b.nameIs(type, "max");
            boolean isMin = json ? b.auxIs(type, "min") : b.nameIs(type, "min");
            rec.minMax = isMax ? PathIndexFormat.MAX : isMin ? PathIndexFormat.MIN : 0;
        }
        if (!json) {
            rec.startKind = (byte) reasonKind(b, f.startRow()).ordinal();
            rec.endKind = (byte) reasonKind(b, f.endRow()).ordinal();
        }
        int secondsShift = json ? 9 : 0;
        rec.slack = indexTime(f.slack(), f.slackScale() - secondsShift);
        rec.arrival = indexTime(f.arrival(), f.arrivalScale() - secondsShift);
        rec.required = indexTime(f.required(), f.requiredScale() - secondsShift);
        rec.status = (byte) f.status().ordinal();
        out.add(rec);
    }

    private void addTableRows(ReportBlock b, int blockIndex) throws IOException {
        int digits = b.layout().digits();
        for (int r = 0; r < b.rowCount(); r++) {
            byte kind = b.rowKind(r);
            if (b.rowHas(r, RowKind.F_VERBATIM)) {
                continue;
            }
            if (kind == RowKind.GROUP_HEADER) {
                tableTitle(b, r);
                continue;
            }
            if (kind != RowKind.END_ROW && kind != RowKind.SUMMARY_ROW && kind != RowKind.SLACK_ONLY_ROW) {
                continue;
            }
            rec.reset(blockIndex);
            rec.row = r;
            rec.minMax = tableMinMax;
            rec.group = tableGroup;
            long slack = b.num(r, Col.SLACK);
            rec.slack = indexTime(slack, digits);
            rec.status = (byte) (Num.isFinite(slack) && slack < 0 || slack == Num.NEG_INF
                ? PathStatus.VIOLATED : PathStatus.MET).ordinal();
            if (kind == RowKind.END_ROW) {
                rec.endpoint = nameId(b, r);
                rec.endKind = (byte) portKind(b, r).ordinal();
                rec.required = indexTime(b.num(r, Col.REQUIRED), digits);
                rec.arrival = indexTime(b.num(r, Col.ARRIVAL), digits);
            } else if (kind == RowKind.SUMMARY_ROW) {
                rec.startpoint = nameId(b, r);
                rec.startKind = (byte) portKind(b, r).ordinal();
                summaryEnd(b, r);
            } else {
                rec.group = nameId(b, r);
            }
            out.add(rec);
        }
    }

    /** {@code max_delay/setup group clk}: the group and min/max of the rows that follow. */
    private void tableTitle(ReportBlock b, int r) {
        byte[] a = b.arena();
        int off = b.nameOff(r);
        int len = b.nameLen(r);
        tableMinMax = len >= 3 && a[off] == 'm' && a[off + 1] == 'a' && a[off + 2] == 'x' ? PathIndexFormat.MAX
            : len >= 3 && a[off] == 'm' && a[off + 1] == 'i' && a[off + 2] == 'n' ? PathIndexFormat.MIN : 0;
        tableGroup = -1;
        for (int i = off; i + 7 <= off + len; i++) {
            if (a[i] == ' ' && a[i + 1] == 'g' && a[i + 2] == 'r' && a[i + 3] == 'o' && a[i + 4] == 'u'
                && a[i + 5] == 'p' && a[i + 6] == ' ') {
                tableGroup = names.intern(a, i + 7, off + len - (i + 7));
                return;
            }
        }
    }

    /** A summary row's extra slot is {@code end_pin (cell)}. */
    private void summaryEnd(ReportBlock b, int r) {
        byte[] a = b.arena();
        int off = b.extraOff(r);
        int len = b.extraLen(r);
        int cut = len;
        for (int i = off + len - 1; i > off; i--) {
            if (a[i] == '(' && a[i - 1] == ' ') {
                cut = i - 1 - off;
                int cellLen = off + len - 1 - (i + 1);
                rec.endKind = (byte) (regionIs(a, i + 1, cellLen, "output") ? PinKind.OUTPUT_PORT
                    : PinKind.OTHER).ordinal();
                break;
            }
        }
        if (len > 0) {
            rec.endpoint = names.intern(a, off, cut);
        }
    }

    private static boolean regionIs(byte[] a, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (a[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static PinKind portKind(ReportBlock b, int r) {
        if (!b.rowHas(r, RowKind.F_AUX)) {
            return PinKind.UNKNOWN;
        }
        return b.auxIs(r, "input") ? PinKind.INPUT_PORT : b.auxIs(r, "output") ? PinKind.OUTPUT_PORT : PinKind.OTHER;
    }

    private static PinKind reasonKind(ReportBlock b, int r) {
        if (r < 0 || !b.rowHas(r, RowKind.F_AUX)) {
            return PinKind.UNKNOWN;
        }
        return PinKind.ofReason(b.arena(), b.auxOff(r), b.auxLen(r));
    }

    private int nameId(ReportBlock b, int r) {
        return r < 0 ? -1 : names.intern(b.arena(), b.nameOff(r), b.nameLen(r));
    }

    private int auxId(ReportBlock b, int r) {
        return r < 0 ? -1 : names.intern(b.arena(), b.auxOff(r), b.auxLen(r));
    }

    /**
     * A report value (unscaled, {@code scale} fraction digits) as index fixed point. Values with more
     * digits than the index keeps are rounded toward negative infinity (the block keeps the exact value).
     */
    static long indexTime(long v, int scale) {
        if (v == Num.BLANK || v == Num.INVALID) {
            return PathIndexFormat.NO_TIME;
        }
        if (v == Num.NEG_ZERO) {
            return 0;
        }
        if (v == Num.INF) {
            return PathIndexFormat.POS_INF;
        }
        if (v == Num.NEG_INF) {
            return PathIndexFormat.NEG_INF;
        }
        int shift = PathIndexFormat.TIME_DIGITS - scale;
        if (shift >= 0) {
            long m = shift > 18 ? Long.MAX_VALUE : (long) Num.pow10(shift);
            long hi = Math.multiplyHigh(v, m);
            long lo = v * m;
            if (hi != (lo >> 63) || lo >= PathIndexFormat.POS_INF || lo <= PathIndexFormat.NEG_INF) {
                return v < 0 ? PathIndexFormat.NEG_INF : PathIndexFormat.POS_INF;
            }
            return lo;
        }
        return -shift > 18 ? (v < 0 ? -1 : 0) : Math.floorDiv(v, (long) Num.pow10(-shift));
    }
}

package io.stadb.ingest.internal;

import static io.stadb.ingest.internal.Bytes.*;

import io.stadb.codec.Col;
import io.stadb.codec.Layout;
import io.stadb.codec.Num;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;

/**
 * Parses one report line into a row of a {@link ReportBlock}. Each method returns the new row's index,
 * or -1 (after removing any half-made row) when the line does not have the shape. Whether the row
 * re-renders exactly is checked by the caller, not here.
 */
public final class RowParsers {
    private RowParsers() {
    }

    private static final byte[] DESCRIPTION = ascii("Description");
    private static final String[] TITLES = {"Fanout", "Cap", "Slew", "Delay", "Variation", "Time"};
    private static final byte[][] TITLE_BYTES = new byte[TITLES.length][];

    static {
        for (int i = 0; i < TITLES.length; i++) {
            TITLE_BYTES[i] = ascii(TITLES[i]);
        }
    }

    /** {@code Label: text}: a header line (Path Group, Corner…). */
    public static int labeled(ReportBlock blk, byte kind, byte[] b, int s, int e, int labelLength) {
        int r = blk.addRow(kind);
        blk.setName(r, b, s + labelLength, e - s - labelLength);
        return r;
    }

    /** {@code Startpoint: name (reason)} or the first line of a split one ({@code Startpoint: name}). */
    public static int endPoint(ReportBlock blk, byte kind, byte[] b, int s, int e, int labelLength) {
        int r = blk.addRow(kind);
        splitDescription(blk, r, b, s + labelLength, e);
        return r;
    }

    /** Puts {@code name (aux)} into the name and aux slots, or all of it into name. */
    public static void splitDescription(ReportBlock blk, int r, byte[] b, int s, int e) {
        if (e - s >= 3 && b[e - 1] == ')') {
            int i = lastIndexOfSpaceParen(b, s, e);
            if (i >= 0) {
                blk.setNameAndAux(r, b, s, i - s, i + 2, e - 1 - (i + 2));
                return;
            }
        }
        blk.setName(r, b, s, e - s);
    }

    /**
     * The column titles of a path table. Widths come from where each title ends (titles are
     * right-justified); a title wider than its field (Fanout in a 5-wide field) is fixed by
     * {@link #fixWidthsFromDash} when the dash line arrives.
     */
    public static int columnHeader(ReportBlock blk, byte[] b, int s, int e) {
        int d = indexOf(b, s, e, DESCRIPTION);
        if (d < 0) {
            return -1;
        }
        Layout l = blk.layout();
        l.clear();
        int p = s;
        int prevEnd = -1;
        int lastCol = -1;
        while (true) {
            p = skipSpaces(b, p, d);
            if (p >= d) {
                break;
            }
            int t = p;
            while (p < d && b[p] != ' ') {
                p++;
            }
            int col = titleColumn(b, t, p);
            if (col == Integer.MAX_VALUE || col <= lastCol) {
                l.clear();
                return -1;
            }
            int fieldStart = prevEnd < 0 ? s : prevEnd + 1;
            if (p - fieldStart > Layout.MAX_FIELD_WIDTH) {
                l.clear();
                return -1;
            }
            l.enable(col, p - fieldStart);
            prevEnd = p;
            lastCol = col;
        }
        if (!l.has(Col.TIME) || !l.has(Col.DELAY) || l.width(Col.TIME) < 5) {
            l.clear();
            return -1;
        }
        l.setDigits(l.width(Col.TIME) - 5);
        int r = blk.addRow(RowKind.COLUMN_HEADER);
        int afterTitle = d + DESCRIPTION.length;
        if (afterTitle < e) {
            int x = skipSpaces(b, afterTitle, e);
            blk.setExtra(r, b, x, e - x);
        }
        return r;
    }

    private static int titleColumn(byte[] b, int s, int e) {
        for (int c = 0; c < TITLE_BYTES.length; c++) {
            if (Bytes.equals(b, s, e, TITLE_BYTES[c])) {
                return c;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** OpenSTA draws the dash line as sum(widths) + 43; a difference is the Fanout width (5 before 2020). */
    public static void fixWidthsFromDash(Layout l, int dashLength) {
        int expected = l.pathDashLength();
        if (dashLength != expected && l.has(Col.FANOUT)) {
            int w = l.width(Col.FANOUT) + dashLength - expected;
            if (w >= 1 && w <= l.width(Col.FANOUT)) {
                l.setWidth(Col.FANOUT, w);
            }
        }
    }

    /** Outcome codes of {@link #point}, besides a row index. */
    public static final int BAD_NUMBER = -2;
    public static final int BAD_EDGE = -3;
    public static final int TOO_SHORT = -4;

    /**
     * A path table line: the enabled numeric fields (each blank or one right-justified token that may
     * overflow its width), the edge, then the description and any extra columns.
     */
    public static int point(ReportBlock blk, byte[] b, int s, int e, boolean extraColumns) {
        return point(blk, b, s, e, extraColumns, null);
    }

    /**
     * As {@link #point(ReportBlock, byte[], int, int, boolean)}; when {@code canonical} is given, its
     * first element is set to 1 if the line is exactly what the renderer prints for the row (numbers
     * right-justified without leading zeros, single separators, no trailing space), so the caller can
     * skip re-rendering it. Lines with extra columns are never reported canonical.
     */
    public static int point(ReportBlock blk, byte[] b, int s, int e, boolean extraColumns, int[] canonical) {
        Layout l = blk.layout();
        int rows = blk.rowCount();
        int r = blk.addRow(RowKind.POINT);
        int p = s;
        boolean exact = !extraColumns && (e == s || b[e - 1] != ' ');
        for (int fields = l.fieldMask(); fields != 0; fields &= fields - 1) {
            int c = Integer.numberOfTrailingZeros(fields);
            int w = l.width(c);
            long fast = NumberField.parse(b, p, w, l.digitsOf(c), e);
            if (fast != NumberField.SLOW) {
                // Blank or canonical: `exact` stays as it is; NumberField saw the separator (or the end).
                blk.setNum(r, c, fast);
                p += w;
                if (p < e) {
                    p++;
                }
                continue;
            }
            if (p + w <= e && allSpaces(b, p, p + w)) {
                p += w;
            } else {
                int fieldStart = p;
                p = skipSpaces(b, p, e);
                int t = p;
                while (p < e && b[p] != ' ') {
                    p++;
                }
                int digits = l.digitsOf(c);
                long v = Num.parse(b, t, p, digits);
                if (v == Num.INVALID) {
                    blk.truncateRows(rows);
                    return t == p ? TOO_SHORT : BAD_NUMBER;
                }
                int len = p - t;
                exact &= t - fieldStart == Math.max(0, w - len) && Num.width(v, digits) == len;
                blk.setNum(r, c, v);
            }
            if (p < e) {
                if (b[p] != ' ') {
                    blk.truncateRows(rows);
                    return BAD_NUMBER;
                }
                p++;
            }
        }
        if (p >= e) {
            blk.truncateRows(rows);
            return TOO_SHORT;
        }
        byte edge = b[p];
        if (edge != ' ' && edge != '^' && edge != 'v') {
            blk.truncateRows(rows);
            return BAD_EDGE;
        }
        blk.setEdge(r, edge);
        p++;
        if (p < e) {
            exact &= b[p] == ' ';
            p++;
        }
        int de = e;
        if (extraColumns && e - p > Layout.DESCRIPTION_WIDTH) {
            int w = Layout.DESCRIPTION_WIDTH;
            int xs = -1;
            if (b[p + w] == ' ' && (b[p + w - 1] == ' ' || b[p + w - 1] == ')')) {
                de = trimRight(b, p, p + w);
                xs = p + w + 1;
            } else {
                int i = indexOfParenSpace(b, p + w, e);
                if (i >= 0) {
                    de = i + 1;
                    xs = i + 2;
                }
            }
            if (xs >= 0) {
                blk.setExtra(r, b, xs, e - xs);
            }
        }
        splitDescription(blk, r, b, p, de);
        if (canonical != null) {
            canonical[0] = exact ? 1 : 0;
        }
        return r;
    }

    /** A borrowing-block line: a label padded to 36, then one number. */
    public static int labelValue(ReportBlock blk, byte kind, int col, byte[] b, int s, int e) {
        int t = lastTokenStart(b, s, e);
        if (t <= s || t == e) {
            return -1;
        }
        long v = Num.parse(b, t, e, blk.layout().digits());
        if (v == Num.INVALID) {
            return -1;
        }
        int r = blk.addRow(kind);
        blk.setNum(r, col, v);
        int ne = trimRight(b, s, t);
        blk.setName(r, b, s, ne - s);
        return r;
    }

    /** Table rows read their numbers from the right; returns the start of the leftmost one, or -1. */
    private static int numbersFromRight(ReportBlock blk, int r, byte[] b, int s, int e, int[] cols) {
        int digits = blk.layout().digits();
        int end = e;
        for (int i = cols.length - 1; i >= 0; i--) {
            end = trimRight(b, s, end);
            int t = lastTokenStart(b, s, end);
            if (t == end || t <= s) {
                return -1;
            }
            long v = Num.parse(b, t, end, digits);
            if (v == Num.INVALID) {
                return -1;
            }
            blk.setNum(r, cols[i], v);
            end = t;
        }
        return end;
    }

    private static final int[] END_COLS = {Col.REQUIRED, Col.ARRIVAL, Col.SLACK};
    private static final int[] SLACK_COL = {Col.SLACK};

    /** {@code pin (cell)   required   arrival   slack (MET)}. */
    public static int endRow(ReportBlock blk, byte[] b, int s, int e) {
        int st = lastTokenStart(b, s, e);
        if (st <= s || e - st < 3 || b[st] != '(' || b[e - 1] != ')') {
            return -1;
        }
        int rows = blk.rowCount();
        int r = blk.addRow(RowKind.END_ROW);
        int numStart = numbersFromRight(blk, r, b, s, st - 1, END_COLS);
        if (numStart < 0) {
            blk.truncateRows(rows);
            return -1;
        }
        int de = trimRight(b, s, numStart);
        splitDescription(blk, r, b, s, de);
        blk.setExtra(r, b, st + 1, e - 1 - (st + 1));
        return r;
    }

    /** {@code start (cell)   end (cell)   slack}. */
    public static int summaryRow(ReportBlock blk, byte[] b, int s, int e) {
        int rows = blk.rowCount();
        int r = blk.addRow(RowKind.SUMMARY_ROW);
        int numStart = numbersFromRight(blk, r, b, s, e, SLACK_COL);
        int rest = numStart < 0 ? -1 : trimRight(b, s, numStart);
        int w = Layout.DESCRIPTION_WIDTH;
        int d1 = -1;
        int d2 = -1;
        if (rest > s + w + 1 && b[s + w] == ' ' && (b[s + w - 1] == ' ' || b[s + w - 1] == ')')) {
            d1 = trimRight(b, s, s + w);
            d2 = s + w + 1;
        } else if (rest > 0) {
            int i = indexOfParenSpace(b, s + w, rest);
            if (i >= 0) {
                d1 = i + 1;
                d2 = i + 2;
            }
        }
        if (d1 < 0) {
            blk.truncateRows(rows);
            return -1;
        }
        splitDescription(blk, r, b, s, d1);
        blk.setExtra(r, b, d2, rest - d2);
        return r;
    }

    /** {@code group   slack}. */
    public static int slackOnlyRow(ReportBlock blk, byte[] b, int s, int e) {
        int rows = blk.rowCount();
        int r = blk.addRow(RowKind.SLACK_ONLY_ROW);
        int numStart = numbersFromRight(blk, r, b, s, e, SLACK_COL);
        if (numStart < 0) {
            blk.truncateRows(rows);
            return -1;
        }
        int ne = trimRight(b, s, numStart);
        if (ne == s) {
            blk.truncateRows(rows);
            return -1;
        }
        blk.setName(r, b, s, ne - s);
        return r;
    }

    private static final byte[] TNS = ascii("tns");
    private static final byte[] WNS = ascii("wns");
    private static final byte[] WORST_SLACK = ascii("worst slack");
    private static final byte[] MAX = ascii("max");
    private static final byte[] MIN = ascii("min");

    /** {@code tns [max|min] value}, {@code wns …}, {@code worst slack …}; sets the block's digits. */
    public static int metric(ReportBlock blk, byte[] b, int s, int e) {
        int nameEnd;
        if (startsWith(b, s, e, WORST_SLACK)) {
            nameEnd = s + WORST_SLACK.length;
        } else if (startsWith(b, s, e, TNS) || startsWith(b, s, e, WNS)) {
            nameEnd = s + 3;
        } else {
            return -1;
        }
        if (nameEnd >= e || b[nameEnd] != ' ') {
            return -1;
        }
        int p = nameEnd + 1;
        int auxStart = -1;
        if (e - p > 4 && (startsWith(b, p, e, MAX) || startsWith(b, p, e, MIN)) && b[p + 3] == ' ') {
            auxStart = p;
            p += 4;
        }
        int digits = Num.fractionDigits(b, p, e);
        long v = Num.parse(b, p, e, digits);
        if (v == Num.INVALID) {
            return -1;
        }
        int r = blk.addRow(RowKind.METRIC);
        blk.layout().setDigits(digits);
        blk.setNum(r, Col.SLACK, v);
        blk.setName(r, b, s, nameEnd - s);
        if (auxStart >= 0) {
            blk.setAux(r, b, auxStart, 3);
        }
        return r;
    }

    /** A line of a JSON document: indent, optional {@code "key": }, value, optional comma. */
    public static int json(ReportBlock blk, byte[] b, int s, int e) {
        int r = blk.addRow(RowKind.JSON_LINE);
        int p = skipSpaces(b, s, e);
        blk.setNum(r, Col.LENGTH, p - s);
        byte flags = 0;
        if (p < e && b[p] == '"') {
            int k = p + 1;
            while (k < e && b[k] != '"') {
                k++;
            }
            if (k + 2 < e && b[k + 1] == ':' && b[k + 2] == ' ') {
                blk.setName(r, b, p + 1, k - p - 1);
                flags |= RowKind.F_KEY;
                p = k + 3;
            }
        }
        int ve = e;
        if (ve > p && b[ve - 1] == ',') {
            flags |= RowKind.F_COMMA;
            ve--;
        }
        if (ve - p >= 2 && b[p] == '"' && b[ve - 1] == '"') {
            flags |= RowKind.F_STRING;
            p++;
            ve--;
        }
        blk.setAux(r, b, p, ve - p);
        blk.addRowFlag(r, flags);
        return r;
    }
}

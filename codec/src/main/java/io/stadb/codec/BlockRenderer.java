package io.stadb.codec;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns rows back into the exact text OpenSTA printed. The parser uses {@link #renderRow} to check
 * each parsed line (a line that does not come back byte for byte is kept verbatim instead), so what is
 * stored always renders to the input. Stateless apart from its scratch buffer: one per thread.
 */
public final class BlockRenderer {
    private static final byte[] STARTPOINT = ascii("Startpoint: ");
    private static final byte[] ENDPOINT = ascii("Endpoint: ");
    private static final byte[] PATH_GROUP = ascii("Path Group: ");
    private static final byte[] PATH_TYPE = ascii("Path Type: ");
    private static final byte[] MODE = ascii("Mode: ");
    private static final byte[] CORNER = ascii("Corner: ");
    private static final byte[] DESCRIPTION = ascii("Description");
    private static final byte[] UNCONSTRAINED = ascii("(Path is unconstrained)");
    private static final byte[] BORROW_TITLE = ascii("Time Borrowing Information");
    private static final byte[] NO_PATHS = ascii("No paths found.");
    /** Indent of the reason line of a split Startpoint ("Startpoint: ".length()). */
    public static final int START_SPLIT_INDENT = 12;
    /** Indent of the reason line of a split Endpoint ("Endpoint: ".length()). */
    public static final int END_SPLIT_INDENT = 10;

    private final ByteBuilder line = new ByteBuilder(512);

    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    /** Writes every row of {@code b}, each followed by a newline (but the last when the input had none). */
    public void render(ReportBlock b, OutputStream out) throws IOException {
        int n = b.rowCount();
        for (int r = 0; r < n; r++) {
            line.clear();
            renderRow(b, r, line);
            if (r < n - 1 || !b.hasFlag(ReportBlock.F_NO_FINAL_NEWLINE)) {
                line.append((byte) '\n');
            }
            line.writeTo(out);
        }
    }

    /** Appends the text of {@code b}'s block (all rows, with newlines) to {@code out}. */
    public void render(ReportBlock b, ByteBuilder out) {
        int n = b.rowCount();
        for (int r = 0; r < n; r++) {
            renderRow(b, r, out);
            if (r < n - 1 || !b.hasFlag(ReportBlock.F_NO_FINAL_NEWLINE)) {
                out.append((byte) '\n');
            }
        }
    }

    /**
     * Appends row {@code r} without its final newline. A split start/end point row spans two lines and
     * so contains one newline.
     */
    public static void renderRow(ReportBlock b, int r, ByteBuilder out) {
        byte kind = b.rowKind(r);
        if (b.rowHas(r, RowKind.F_VERBATIM)) {
            name(b, r, out);
            return;
        }
        switch (kind) {
            case RowKind.BLANK -> {
            }
            case RowKind.VERBATIM, RowKind.GROUP_HEADER, RowKind.TABLE_HEADER -> name(b, r, out);
            case RowKind.STARTPOINT -> endPoint(b, r, out, STARTPOINT, START_SPLIT_INDENT);
            case RowKind.ENDPOINT -> endPoint(b, r, out, ENDPOINT, END_SPLIT_INDENT);
            case RowKind.PATH_GROUP -> name(b, r, out.append(PATH_GROUP));
            case RowKind.PATH_TYPE -> name(b, r, out.append(PATH_TYPE));
            case RowKind.MODE -> name(b, r, out.append(MODE));
            case RowKind.CORNER -> name(b, r, out.append(CORNER));
            case RowKind.COLUMN_HEADER -> columnHeader(b, r, out);
            case RowKind.DASH -> out.appendRepeated((byte) '-', (int) b.num(r, Col.LENGTH));
            case RowKind.POINT -> point(b, r, out);
            case RowKind.UNCONSTRAINED -> out.append(UNCONSTRAINED);
            case RowKind.BORROW_TITLE -> out.append(BORROW_TITLE);
            case RowKind.BORROW_LINE -> {
                padded(b, r, out);
                out.append((byte) ' ');
                Layout l = b.layout();
                Num.formatRight(b.num(r, Col.TIME), l.digits(), l.width(Col.TIME), out);
            }
            case RowKind.END_ROW -> endRow(b, r, out);
            case RowKind.SUMMARY_ROW -> {
                padded(b, r, out);
                out.append((byte) ' ');
                int start = out.length();
                out.append(b.arena(), b.extraOff(r), b.extraLen(r));
                out.appendSpaces(Layout.DESCRIPTION_WIDTH - (out.length() - start));
                out.append((byte) ' ');
                tableNum(b, r, Col.SLACK, out);
            }
            case RowKind.SLACK_ONLY_ROW -> {
                padded(b, r, out);
                out.append((byte) ' ');
                tableNum(b, r, Col.SLACK, out);
            }
            case RowKind.NO_PATHS -> out.append(NO_PATHS);
            case RowKind.METRIC -> {
                name(b, r, out);
                if (b.rowHas(r, RowKind.F_AUX)) {
                    out.append((byte) ' ').append(b.arena(), b.auxOff(r), b.auxLen(r));
                }
                out.append((byte) ' ');
                Num.format(b.num(r, Col.SLACK), b.layout().digits(), out);
            }
            case RowKind.JSON_LINE -> json(b, r, out);
            default -> throw new CorruptBlockException(null, -1, "unknown row kind " + kind + " in row " + r);
        }
    }

    private static void name(ReportBlock b, int r, ByteBuilder out) {
        out.append(b.arena(), b.nameOff(r), b.nameLen(r));
    }

    /** {@code name (aux)} or {@code name}: a description as OpenSTA prints it. */
    private static void description(ReportBlock b, int r, ByteBuilder out) {
        out.append(b.arena(), b.nameOff(r), b.nameLen(r));
        if (b.rowHas(r, RowKind.F_AUX)) {
            out.append((byte) ' ').append((byte) '(').append(b.arena(), b.auxOff(r), b.auxLen(r)).append((byte) ')');
        }
    }

    /** The description padded to the 36-wide column (longer ones are not cut). */
    private static void padded(ReportBlock b, int r, ByteBuilder out) {
        int start = out.length();
        description(b, r, out);
        out.appendSpaces(Layout.DESCRIPTION_WIDTH - (out.length() - start));
    }

    private static void endPoint(ReportBlock b, int r, ByteBuilder out, byte[] label, int splitIndent) {
        out.append(label);
        name(b, r, out);
        if (b.rowHas(r, RowKind.F_AUX)) {
            if (b.rowHas(r, RowKind.F_SPLIT)) {
                out.append((byte) '\n').appendSpaces(splitIndent);
            } else {
                out.append((byte) ' ');
            }
            out.append((byte) '(').append(b.arena(), b.auxOff(r), b.auxLen(r)).append((byte) ')');
        }
    }

    private static void columnHeader(ReportBlock b, int r, ByteBuilder out) {
        Layout l = b.layout();
        for (int c = 0; c < Col.COUNT; c++) {
            if (l.has(c)) {
                String t = Col.title(c);
                out.appendSpaces(l.width(c) - t.length()).append(t).append((byte) ' ');
            }
        }
        out.append((byte) ' ').append((byte) ' ');
        extraColumns(b, r, out, DESCRIPTION, 0, DESCRIPTION.length);
    }

    private static void point(ReportBlock b, int r, ByteBuilder out) {
        Layout l = b.layout();
        for (int c = 0; c < Col.COUNT; c++) {
            if (l.has(c)) {
                long v = b.num(r, c);
                if (v == Num.BLANK) {
                    out.appendSpaces(l.width(c));
                } else {
                    Num.formatRight(v, l.digitsOf(c), l.width(c), out);
                }
                out.append((byte) ' ');
            }
        }
        out.append(b.edge(r)).append((byte) ' ');
        int start = out.length();
        description(b, r, out);
        if (b.rowHas(r, RowKind.F_EXTRA)) {
            out.appendSpaces(Layout.DESCRIPTION_WIDTH - (out.length() - start));
            out.append((byte) ' ').append(b.arena(), b.extraOff(r), b.extraLen(r));
        }
        out.trimRight();
    }

    /** Appends {@code first} then, when the row has extra columns, pads it to 36 and appends them. */
    private static void extraColumns(ReportBlock b, int r, ByteBuilder out, byte[] first, int off, int len) {
        out.append(first, off, len);
        if (b.rowHas(r, RowKind.F_EXTRA)) {
            out.appendSpaces(Layout.DESCRIPTION_WIDTH - len);
            out.append((byte) ' ').append(b.arena(), b.extraOff(r), b.extraLen(r));
        }
        out.trimRight();
    }

    private static void endRow(ReportBlock b, int r, ByteBuilder out) {
        padded(b, r, out);
        out.append((byte) ' ');
        tableNum(b, r, Col.REQUIRED, out);
        out.append((byte) ' ');
        tableNum(b, r, Col.ARRIVAL, out);
        out.append((byte) ' ');
        tableNum(b, r, Col.SLACK, out);
        out.append((byte) ' ').append((byte) '(').append(b.arena(), b.extraOff(r), b.extraLen(r)).append((byte) ')');
    }

    private static void tableNum(ReportBlock b, int r, int col, ByteBuilder out) {
        Layout l = b.layout();
        long v = b.num(r, col);
        if (v == Num.BLANK) {
            out.appendSpaces(l.width(Col.SLACK));
        } else {
            Num.formatRight(v, l.digits(), l.width(Col.SLACK), out);
        }
    }

    private static void json(ReportBlock b, int r, ByteBuilder out) {
        out.appendSpaces((int) b.num(r, Col.LENGTH));
        if (b.rowHas(r, RowKind.F_KEY)) {
            out.append((byte) '"').append(b.arena(), b.nameOff(r), b.nameLen(r)).append((byte) '"')
                .append((byte) ':').append((byte) ' ');
        }
        boolean str = b.rowHas(r, RowKind.F_STRING);
        if (str) {
            out.append((byte) '"');
        }
        out.append(b.arena(), b.auxOff(r), b.auxLen(r));
        if (str) {
            out.append((byte) '"');
        }
        if (b.rowHas(r, RowKind.F_COMMA)) {
            out.append((byte) ',');
        }
    }
}

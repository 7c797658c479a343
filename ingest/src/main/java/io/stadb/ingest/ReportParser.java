package io.stadb.ingest;

import static io.stadb.ingest.internal.Bytes.*;

import io.stadb.codec.BlockKind;
import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.Col;
import io.stadb.codec.Layout;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import io.stadb.codec.StadbException;
import io.stadb.ingest.internal.Bytes;
import io.stadb.ingest.internal.LineReader;
import io.stadb.ingest.internal.RowParsers;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming parser for OpenSTA / OpenROAD {@code report_checks} output of any version and format. It
 * reads the input in bounded chunks and hands each finished block to a {@link ParseListener}, so memory
 * is bounded by one block (tables are cut into chunks), never by the input.
 *
 * <p>Reports are found by their own keywords, not by blank-line framing. Every line ends up either in
 * a block or skipped (non-report text, or a bad block), and every row is checked to re-render to its
 * exact bytes; a row that does not is kept verbatim. So rendering the blocks gives back the input minus
 * the skipped lines, byte for byte. Blank lines after a block belong to it.
 *
 * <p>Single-threaded: one parser per input.
 */
public final class ReportParser {
    private enum State {
        IDLE, PATH_HEADER, PATH_AFTER_HEADER, PATH_EXPECT_DASH, PATH_TABLE, PATH_DONE, BORROW, TRAILING,
        TABLE, JSON_START, JSON_BARE_START, JSON_CHECK, JSON_BETWEEN, JSON_ARRAY_CLOSE, JSON_DOC_CLOSE
    }

    private static final byte[] STARTPOINT = ascii("Startpoint: ");
    private static final byte[] ENDPOINT = ascii("Endpoint: ");
    private static final byte[] PATH_GROUP = ascii("Path Group: ");
    private static final byte[] PATH_TYPE = ascii("Path Type: ");
    private static final byte[] MODE = ascii("Mode: ");
    private static final byte[] CORNER = ascii("Corner: ");
    private static final byte[] NO_PATHS = ascii("No paths found.");
    private static final byte[] UNCONSTRAINED = ascii("(Path is unconstrained)");
    private static final byte[] BORROW_TITLE = ascii("Time Borrowing Information");
    private static final byte[] MAX_GROUP = ascii("max_delay/setup group ");
    private static final byte[] MIN_GROUP = ascii("min_delay/hold group ");
    private static final byte[] SUMMARY_START = ascii("Startpoint ");
    private static final byte[] SUMMARY_END = ascii("Endpoint");
    private static final byte[] GROUP = ascii("Group ");
    private static final byte[] SLACK = ascii("Slack");
    private static final byte[] REQUIRED = ascii("Required");
    private static final byte[] ACTUAL = ascii("Actual");
    private static final byte[] END_TABLE_TITLE = ascii("Endpoint ");
    private static final byte[] JSON_OPEN = ascii("{\"checks\": [");
    private static final byte[] JSON_KEY_INDENT = ascii("  \"");
    private static final byte[] OPEN_BRACE = ascii("{");
    private static final byte[] SPLIT_START = ascii("            (");
    private static final byte[] SPLIT_END = ascii("          (");
    private static final byte[][] MESSAGES = {
        ascii("Warning: "), ascii("Warning "), ascii("Error: "), ascii("Error "), ascii("[INFO"),
        ascii("[WARNING"), ascii("[ERROR"), ascii("[DEBUG"), ascii("[CRITICAL")
    };

    private final ParserOptions options;
    private final ParseListener listener;
    private final ReportBlock block = new ReportBlock();
    private final ByteBuilder scratch = new ByteBuilder(512);
    /** Set by the point parser: 1 when the line is exactly its row's rendering (no re-render needed). */
    private final int[] canonical = new int[1];
    private ParseSummary summary;
    private String source;

    private State state = State.IDLE;
    private boolean extraColumns;
    private boolean tableRows;
    private boolean bareJson;
    private int tableDataRows;
    /** The input's lines; where the current line is (number, offset) is read from it when needed. */
    private LineReader lines;
    /** The last line read went to no block (so a missing final newline is not the block's). */
    private boolean lastLineSkipped;
    /** The column title line, kept until the dash line under it fixes the Fanout width. */
    private final ByteBuilder headerLine = new ByteBuilder(256);
    private int headerRow;
    /** The layout {@link #headerLine} gives (before the dash line fixes it), and where its extra text starts. */
    private final Layout headerLayout = new Layout();
    private int headerExtraAt = -1;
    /** The dash-line length with which {@link #headerLine}'s row re-rendered, or -1. */
    private int headerVerifiedDash = -1;

    public ReportParser(ParserOptions options, ParseListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /**
     * Parses all of {@code in} (not closed). {@code source} names the input in problems and errors.
     *
     * @throws ReportFormatException in strict mode, at the first bad block
     * @throws StadbException when reading fails
     */
    public ParseSummary parse(InputStream in, String source) {
        this.source = source;
        this.summary = new ParseSummary();
        this.state = State.IDLE;
        long t0 = System.nanoTime();
        LineReader lines = new LineReader(in, options.chunkSize(), options.maxLineLength());
        this.lines = lines;
        try {
            while (lines.next()) {
                if (lines.overlong()) {
                    overlong(lines);
                } else {
                    line(lines.buffer(), lines.start(), lines.end());
                }
            }
        } catch (IOException e) {
            throw new StadbException(source, lines.lineNumber(), lines.bytesRead(), "read failed: " + e.getMessage(), e);
        }
        summary.lines = lines.lineNumber();
        endOfInput();
        summary.bytes = lines.bytesRead();
        summary.nanos = System.nanoTime() - t0;
        return summary;
    }

    private void overlong(LineReader lines) {
        String reason = "line is " + lines.overlongLength() + " bytes, over the " + options.maxLineLength()
            + "-byte limit";
        if (finished() || state == State.TABLE) {
            // The block before is complete: keep it, and the long line is text outside any report.
            emit();
            state = State.IDLE;
        }
        if (state != State.IDLE) {
            fail(reason);
        } else {
            skipped(lines.buffer(), lines.start(), lines.end());
        }
    }

    /** 1-based number of the current line. */
    private long lineNo() {
        return lines.lineNumber();
    }

    /** Byte offset of the current line's first byte. */
    private long lineOffset() {
        return lines.lineOffset();
    }

    /** The current block reached the row or byte limit (meaningless in state IDLE: there is none). */
    private boolean blockIsFull() {
        return block.rowCount() >= options.maxBlockRows() || block.arenaLength() > options.maxBlockBytes();
    }

    private void line(byte[] b, int s, int e) {
        lastLineSkipped = false;
        boolean full = blockIsFull();
        if (state == State.PATH_TABLE && s < e && b[s] == ' ' && !full) {
            pointLine(b, s, e); // the common line, first: what the switch below does for it, without it
            return;
        }
        if (state != State.IDLE && full) {
            overfull();
        }
        switch (state) {
            case IDLE -> dispatch(b, s, e);
            case PATH_HEADER -> pathHeader(b, s, e);
            case PATH_AFTER_HEADER -> pathAfterHeader(b, s, e);
            case PATH_EXPECT_DASH -> pathExpectDash(b, s, e);
            case PATH_TABLE -> pathTable(b, s, e);
            case PATH_DONE -> pathDone(b, s, e);
            case BORROW -> borrow(b, s, e);
            case TRAILING -> trailing(b, s, e);
            case TABLE -> table(b, s, e);
            default -> json(b, s, e);
        }
    }

    // ---- outside blocks -------------------------------------------------------------------------

    private void dispatch(byte[] b, int s, int e) {
        if (s == e) {
            skipped(b, s, e);
        } else if (startsWith(b, s, e, STARTPOINT)) {
            begin(BlockKind.PATH);
            RowParsers.endPoint(block, RowKind.STARTPOINT, b, s, e, STARTPOINT.length);
            state = State.PATH_HEADER;
        } else if (Bytes.equals(b, s, e, NO_PATHS)) {
            begin(BlockKind.NO_PATHS);
            block.addRow(RowKind.NO_PATHS);
            state = State.TRAILING;
        } else if (startsWith(b, s, e, MAX_GROUP) || startsWith(b, s, e, MIN_GROUP)) {
            beginTable(BlockKind.END_TABLE);
            RowParsers.labeled(block, RowKind.GROUP_HEADER, b, s, e, 0);
        } else if (isSummaryHeader(b, s, e) && validWidth(e - s - 2 * Layout.DESCRIPTION_WIDTH - 2)) {
            beginTable(BlockKind.SUMMARY_TABLE);
            tableHeader(b, s, e, e - s - 2 * Layout.DESCRIPTION_WIDTH - 2);
        } else if (isSlackOnlyHeader(b, s, e) && validWidth(e - s - Layout.DESCRIPTION_WIDTH - 1)) {
            beginTable(BlockKind.SLACK_ONLY_TABLE);
            tableHeader(b, s, e, e - s - Layout.DESCRIPTION_WIDTH - 1);
        } else if (isEndTableTitle(b, s, e)) {
            // HEAD prints the end table header with no group line before "No paths found.".
            beginTable(BlockKind.END_TABLE);
            RowParsers.labeled(block, RowKind.TABLE_HEADER, b, s, e, 0);
        } else if (Bytes.equals(b, s, e, JSON_OPEN)) {
            begin(BlockKind.JSON_PATH);
            RowParsers.json(block, b, s, e);
            bareJson = false;
            state = State.JSON_START;
        } else if (e - s == 1 && b[s] == '{') {
            // sta::report_path_end in json format prints a check with no {"checks": [ wrapper; it is
            // one only if the next line is a key.
            begin(BlockKind.JSON_PATH);
            RowParsers.json(block, b, s, e);
            bareJson = true;
            state = State.JSON_BARE_START;
        } else {
            begin(BlockKind.METRIC);
            int r = RowParsers.metric(block, b, s, e);
            if (r >= 0 && verify(r, b, s, e)) {
                state = State.TRAILING;
            } else {
                state = State.IDLE;
                skipped(b, s, e);
            }
        }
    }

    private static boolean isSummaryHeader(byte[] b, int s, int e) {
        int w = Layout.DESCRIPTION_WIDTH;
        return startsWith(b, s, e, SUMMARY_START) && e - s > 2 * w + 2 + 4
            && startsWith(b, s + w + 1, e, SUMMARY_END) && endsWith(b, s, e, SLACK);
    }

    private static boolean isSlackOnlyHeader(byte[] b, int s, int e) {
        int w = Layout.DESCRIPTION_WIDTH;
        return startsWith(b, s, e, GROUP) && e - s >= w + 1 + 5 && allSpaces(b, s + GROUP.length, s + w + 1)
            && endsWith(b, s, e, SLACK) && allSpaces(b, s + w + 1, e - SLACK.length);
    }

    /**
     * {@code "Required"} and {@code "Actual"} right-aligned in the number columns after 36 spaces: two
     * spaces apart at -digits 2, more at wider digits ({@code "Required   Actual"} at 3).
     */
    private static boolean isEndTableTitle(byte[] b, int s, int e) {
        if (e - s <= Layout.DESCRIPTION_WIDTH || !endsWith(b, s, e, ACTUAL)) {
            return false;
        }
        int gap = e - ACTUAL.length;
        int req = gap;
        while (req > s && b[req - 1] == ' ') {
            req--;
        }
        return req < gap && req - REQUIRED.length >= s + Layout.DESCRIPTION_WIDTH
            && Bytes.equals(b, req - REQUIRED.length, req, REQUIRED) && allSpaces(b, s, req - REQUIRED.length);
    }

    private static boolean isMessage(byte[] b, int s, int e) {
        if (s == e || (b[s] != 'W' && b[s] != 'E' && b[s] != '[')) {
            return false;
        }
        for (byte[] m : MESSAGES) {
            if (startsWith(b, s, e, m)) {
                return true;
            }
        }
        return false;
    }

    private void begin(BlockKind kind) {
        block.clear(kind);
        block.setSource(lineOffset(), lineNo());
        extraColumns = false;
    }

    // ---- path blocks ----------------------------------------------------------------------------

    private void pathHeader(byte[] b, int s, int e) {
        int last = block.rowCount() - 1;
        if (s == e) {
            if (!hasRow(RowKind.ENDPOINT)) {
                fail("path header has no Endpoint line");
                return;
            }
            block.addRow(RowKind.BLANK);
            state = State.PATH_AFTER_HEADER;
        } else if (startsWith(b, s, e, ENDPOINT)) {
            RowParsers.endPoint(block, RowKind.ENDPOINT, b, s, e, ENDPOINT.length);
        } else if (startsWith(b, s, e, SPLIT_START) && block.rowKind(last) == RowKind.STARTPOINT
            && b[e - 1] == ')' && !block.rowHas(last, RowKind.F_SPLIT)) {
            splitReason(last, b, s + SPLIT_START.length - 1, e, STARTPOINT.length);
        } else if (startsWith(b, s, e, SPLIT_END) && block.rowKind(last) == RowKind.ENDPOINT
            && b[e - 1] == ')' && !block.rowHas(last, RowKind.F_SPLIT)) {
            splitReason(last, b, s + SPLIT_END.length - 1, e, ENDPOINT.length);
        } else if (startsWith(b, s, e, PATH_GROUP)) {
            RowParsers.labeled(block, RowKind.PATH_GROUP, b, s, e, PATH_GROUP.length);
        } else if (startsWith(b, s, e, PATH_TYPE)) {
            RowParsers.labeled(block, RowKind.PATH_TYPE, b, s, e, PATH_TYPE.length);
        } else if (startsWith(b, s, e, MODE)) {
            RowParsers.labeled(block, RowKind.MODE, b, s, e, MODE.length);
        } else if (startsWith(b, s, e, CORNER)) {
            RowParsers.labeled(block, RowKind.CORNER, b, s, e, CORNER.length);
        } else if (isMessage(b, s, e)) {
            skipped(b, s, e);
        } else {
            failAndRedispatch("unexpected line in a path header", b, s, e);
        }
    }

    /**
     * The reason of a split start/end point: the row's whole first-line text is its name (it may have
     * been split at a parenthesis of the name itself), the reason its aux.
     */
    private void splitReason(int r, byte[] b, int rs, int e, int labelLength) {
        scratch.clear();
        BlockRenderer.renderRow(block, r, scratch);
        byte[] first = scratch.toByteArray();
        block.setName(r, first, labelLength, first.length - labelLength);
        block.setAux(r, b, rs + 1, e - 1 - (rs + 1));
        block.addRowFlag(r, RowKind.F_SPLIT);
    }

    private void pathAfterHeader(byte[] b, int s, int e) {
        if (s == e) {
            block.setKind(BlockKind.PATH_SHORT);
            block.addRow(RowKind.BLANK);
            state = State.TRAILING;
        } else if (isMessage(b, s, e)) {
            skipped(b, s, e);
        } else {
            int r = headerLine.contentEquals(b, s, e) ? sameColumnHeader(b, s, e) : newColumnHeader(b, s, e);
            if (r >= 0) {
                extraColumns = block.rowHas(r, RowKind.F_EXTRA);
                // Checked once the dash line under it has fixed the Fanout width.
                headerRow = r;
                state = State.PATH_EXPECT_DASH;
            } else {
                // A short-format path followed by something else with a single blank line.
                block.setKind(BlockKind.PATH_SHORT);
                emitAndRedispatch(b, s, e);
            }
        }
    }

    /*
     * Every path of a report repeats the column title line and the dash line under it. The layout read
     * from a title line is a function of its bytes, and whether the header row re-renders is a function
     * of those bytes and the dash line's length, so both are kept from the last path and reused when the
     * lines are equal, instead of being parsed and re-rendered once per path.
     */

    /** A title line not seen just before: parsed, and remembered with the layout it gives. */
    private int newColumnHeader(byte[] b, int s, int e) {
        int r = RowParsers.columnHeader(block, b, s, e);
        if (r >= 0) {
            headerLine.clear();
            headerLine.append(b, s, e - s);
            headerLayout.copyFrom(block.layout());
            headerExtraAt = block.rowHas(r, RowKind.F_EXTRA) ? e - s - block.extraLen(r) : -1;
            headerVerifiedDash = -1;
        }
        return r;
    }

    /** The title line equals {@link #headerLine}: the row {@link RowParsers#columnHeader} would make. */
    private int sameColumnHeader(byte[] b, int s, int e) {
        block.layout().copyFrom(headerLayout);
        int r = block.addRow(RowKind.COLUMN_HEADER);
        if (headerExtraAt >= 0) {
            block.setExtra(r, b, s + headerExtraAt, e - s - headerExtraAt);
        }
        return r;
    }

    private void pathExpectDash(byte[] b, int s, int e) {
        if (allDashes(b, s, e)) {
            RowParsers.fixWidthsFromDash(block.layout(), e - s);
            if (headerRow == block.rowCount() - 1 && headerVerifiedDash != e - s
                && verify(headerRow, headerLine.array(), 0, headerLine.length())) {
                headerVerifiedDash = e - s;
            }
            dash(e - s);
            state = State.PATH_TABLE;
        } else if (isMessage(b, s, e)) {
            skipped(b, s, e);
        } else {
            failAndRedispatch("expected the dash line under the column titles", b, s, e);
        }
    }

    private void pathTable(byte[] b, int s, int e) {
        if (s < e && b[s] == ' ') {
            pointLine(b, s, e); // a blank first column: none of the lines tested below starts with a space
        } else if (s == e) {
            block.addRow(RowKind.BLANK);
        } else if (allDashes(b, s, e)) {
            dash(e - s);
        } else if (Bytes.equals(b, s, e, UNCONSTRAINED)) {
            block.addRow(RowKind.UNCONSTRAINED);
            state = State.PATH_DONE;
        } else if (startsWith(b, s, e, STARTPOINT)) {
            failAndRedispatch("path ended without a slack line", b, s, e);
        } else if (isMessage(b, s, e)) {
            skipped(b, s, e);
        } else {
            pointLine(b, s, e);
        }
    }

    /** A path table's row: a point, a net, a label line (data arrival time, slack…). */
    private void pointLine(byte[] b, int s, int e) {
        int r = RowParsers.point(block, b, s, e, extraColumns, canonical);
        if (r < 0) {
            fail(switch (r) {
                case RowParsers.BAD_EDGE -> "path line has no rise/fall edge column where the layout puts it";
                case RowParsers.TOO_SHORT -> "path line has fewer columns than its header";
                default -> "path line has a number that does not fit the column layout ("
                    + block.layout().digits() + " digits)";
            });
            return;
        }
        if (canonical[0] == 0) {
            verify(r, b, s, e);
        }
        if (block.nameIs(r, "slack") && (block.auxIs(r, "MET") || block.auxIs(r, "VIOLATED"))) {
            state = State.PATH_DONE;
        }
        checkSize();
    }

    private void pathDone(byte[] b, int s, int e) {
        if (s == e) {
            block.addRow(RowKind.BLANK);
        } else if (Bytes.equals(b, s, e, BORROW_TITLE)) {
            block.addRow(RowKind.BORROW_TITLE);
            state = State.BORROW;
        } else if (isMessage(b, s, e)) {
            skipped(b, s, e);
        } else {
            emitAndRedispatch(b, s, e);
        }
    }

    private void borrow(byte[] b, int s, int e) {
        if (s == e) {
            block.addRow(RowKind.BLANK);
            state = State.TRAILING;
        } else if (allDashes(b, s, e)) {
            dash(e - s);
        } else if (isMessage(b, s, e)) {
            skipped(b, s, e);
        } else {
            int r = RowParsers.labelValue(block, RowKind.BORROW_LINE, Col.TIME, b, s, e);
            if (r < 0) {
                emitAndRedispatch(b, s, e);
            } else {
                verify(r, b, s, e);
                checkSize();
            }
        }
    }

    private void trailing(byte[] b, int s, int e) {
        if (s == e) {
            block.addRow(RowKind.BLANK);
        } else if (isMessage(b, s, e)) {
            skipped(b, s, e);
        } else {
            emitAndRedispatch(b, s, e);
        }
    }

    /**
     * A block reached the row or byte limit (blank lines count too): a finished block is emitted and what
     * follows is outside it, a table goes on in a new block, anything else is a bad block. Memory stays
     * bounded.
     */
    private void overfull() {
        if (finished()) {
            emit();
            state = State.IDLE;
        } else if (state == State.TABLE) {
            continueTable(lineOffset(), lineNo());
        } else {
            fail("block has more than " + options.maxBlockRows() + " lines or " + options.maxBlockBytes() + " bytes");
        }
    }

    /** True in states where the current block is complete and only trailing lines may still join it. */
    private boolean finished() {
        return state == State.TRAILING || state == State.PATH_DONE || state == State.BORROW;
    }

    private void dash(int length) {
        int r = block.addRow(RowKind.DASH);
        block.setNum(r, Col.LENGTH, length);
    }

    private boolean hasRow(byte kind) {
        for (int r = 0; r < block.rowCount(); r++) {
            if (block.rowKind(r) == kind) {
                return true;
            }
        }
        return false;
    }

    // ---- tables ---------------------------------------------------------------------------------

    private void beginTable(BlockKind kind) {
        begin(kind);
        state = State.TABLE;
        tableRows = false;
        tableDataRows = 0;
    }

    /** Widths come from header text: only sane ones are taken (they are stored in a byte). */
    private static boolean validWidth(int w) {
        return w >= 1 && w <= Layout.MAX_FIELD_WIDTH;
    }

    /** A table title line that fixes the number width ({@code w = digits + 5}). */
    private void tableHeader(byte[] b, int s, int e, int width) {
        block.layout().setDigits(Math.max(0, width - 5)).setWidth(Col.SLACK, width);
        RowParsers.labeled(block, RowKind.TABLE_HEADER, b, s, e, 0);
    }

    private void table(byte[] b, int s, int e) {
        BlockKind kind = block.kind();
        if (s == e) {
            block.addRow(RowKind.BLANK);
        } else if (allDashes(b, s, e)) {
            dash(e - s);
            tableRows = true;
        } else if (isMessage(b, s, e)) {
            skipped(b, s, e);
        } else if (Bytes.equals(b, s, e, NO_PATHS)) {
            block.addRow(RowKind.NO_PATHS);
        } else if (kind == BlockKind.END_TABLE && (startsWith(b, s, e, MAX_GROUP) || startsWith(b, s, e, MIN_GROUP))) {
            RowParsers.labeled(block, RowKind.GROUP_HEADER, b, s, e, 0);
            tableRows = false;
        } else if (kind == BlockKind.END_TABLE && !tableRows && isEndTableTitle(b, s, e)) {
            RowParsers.labeled(block, RowKind.TABLE_HEADER, b, s, e, 0);
        } else if (kind == BlockKind.END_TABLE && !tableRows && startsWith(b, s, e, END_TABLE_TITLE)
            && endsWith(b, s, e, SLACK) && validWidth((e - s - Layout.DESCRIPTION_WIDTH) / 3 - 1)) {
            tableHeader(b, s, e, (e - s - Layout.DESCRIPTION_WIDTH) / 3 - 1);
        } else if (tableRows) {
            int r = switch (kind) {
                case END_TABLE -> RowParsers.endRow(block, b, s, e);
                case SUMMARY_TABLE -> RowParsers.summaryRow(block, b, s, e);
                default -> RowParsers.slackOnlyRow(block, b, s, e);
            };
            if (r < 0 || !verifyTableRow(r, b, s, e)) {
                emitAndRedispatch(b, s, e);
                return;
            }
            if (++tableDataRows >= options.tableChunkRows()) {
                continueTable(lines.bytesRead(), lineNo() + 1);
            }
        } else {
            emitAndRedispatch(b, s, e);
        }
    }

    /** Emits the rows so far and goes on with the same table in a new block (bounded memory). */
    private void continueTable(long offset, long line) {
        BlockKind kind = block.kind();
        int digits = block.layout().digits();
        int width = block.layout().width(Col.SLACK);
        emit();
        begin(kind);
        block.setFlags(ReportBlock.F_CONTINUATION);
        block.setSource(offset, line);
        block.layout().setDigits(digits).setWidth(Col.SLACK, width);
        state = State.TABLE;
        tableRows = true;
        tableDataRows = 0;
    }

    private boolean verifyTableRow(int r, byte[] b, int s, int e) {
        scratch.clear();
        BlockRenderer.renderRow(block, r, scratch);
        if (scratch.contentEquals(b, s, e)) {
            return true;
        }
        block.truncateRows(r);
        return false;
    }

    // ---- JSON -----------------------------------------------------------------------------------

    private void json(byte[] b, int s, int e) {
        if (isMessage(b, s, e)) {
            skipped(b, s, e);
            return;
        }
        if (state == State.JSON_BARE_START) {
            if (!startsWith(b, s, e, JSON_KEY_INDENT)) {
                // The "{" was not a check after all: give it back as skipped text.
                state = State.IDLE;
                summary.skippedLines++;
                listener.onSkippedLine(block.sourceLine(), block.sourceOffset(), OPEN_BRACE, 0, 1);
                dispatch(b, s, e);
                return;
            }
            state = State.JSON_CHECK;
        }
        int r = RowParsers.json(block, b, s, e);
        verify(r, b, s, e);
        boolean top = block.num(r, Col.LENGTH) == 0 && !block.rowHas(r, RowKind.F_KEY);
        boolean open = top && block.auxIs(r, "{") && !block.rowHas(r, RowKind.F_COMMA);
        boolean close = top && block.auxIs(r, "}");
        boolean arrayClose = top && block.auxIs(r, "]") && !block.rowHas(r, RowKind.F_COMMA);
        switch (state) {
            case JSON_START -> {
                if (open) {
                    state = State.JSON_CHECK;
                } else if (arrayClose) {
                    block.setKind(BlockKind.JSON_EMPTY);
                    state = State.JSON_DOC_CLOSE;
                } else {
                    failAndRedispatch("expected '{' or ']' after {\"checks\": [", b, s, e);
                }
            }
            case JSON_BETWEEN -> {
                if (open) {
                    state = State.JSON_CHECK;
                } else {
                    failAndRedispatch("expected '{' to open the next JSON check", b, s, e);
                }
            }
            case JSON_CHECK -> {
                if (close && block.rowHas(r, RowKind.F_COMMA)) {
                    emit();
                    begin(BlockKind.JSON_PATH);
                    block.setSource(lineOffset() + (e - s) + 1, lineNo() + 1);
                    state = State.JSON_BETWEEN;
                } else if (close && bareJson) {
                    state = State.TRAILING;
                } else if (close) {
                    state = State.JSON_ARRAY_CLOSE;
                } else if (open || arrayClose || startsWith(b, s, e, STARTPOINT) || Bytes.equals(b, s, e, JSON_OPEN)) {
                    failAndRedispatch("JSON check not closed", b, s, e);
                } else {
                    checkSize();
                }
            }
            case JSON_ARRAY_CLOSE -> {
                if (!arrayClose) {
                    failAndRedispatch("expected ']' to close the JSON checks", b, s, e);
                }
            }
            default -> { // JSON_DOC_CLOSE; the ']' row was taken in JSON_ARRAY_CLOSE
                if (close && !block.rowHas(r, RowKind.F_COMMA)) {
                    state = State.TRAILING;
                } else {
                    failAndRedispatch("expected '}' to close the JSON document", b, s, e);
                }
            }
        }
        if (state == State.JSON_ARRAY_CLOSE && arrayClose) {
            state = State.JSON_DOC_CLOSE;
        }
    }

    // ---- common ---------------------------------------------------------------------------------

    /** Keeps row {@code r} only if it re-renders to the line; otherwise keeps the line verbatim. */
    private boolean verify(int r, byte[] b, int s, int e) {
        scratch.clear();
        BlockRenderer.renderRow(block, r, scratch);
        if (scratch.contentEquals(b, s, e)) {
            return true;
        }
        byte kind = block.rowKind(r);
        block.truncateRows(r);
        int v = block.addRow(kind);
        block.setName(v, b, s, e - s);
        block.setRowFlags(v, RowKind.F_VERBATIM);
        summary.verbatimRows++;
        return false;
    }

    private void checkSize() {
        if (block.rowCount() > options.maxBlockRows()) {
            fail("block has more than " + options.maxBlockRows() + " lines");
        } else if (block.arenaLength() > options.maxBlockBytes()) {
            fail("block text is over " + options.maxBlockBytes() + " bytes");
        }
    }

    private void emit() {
        block.deriveFacts();
        summary.blocks++;
        summary.rows += block.rowCount();
        summary.paths += block.facts().pathCount();
        summary.blocksByCode[block.kind().code()]++;
        listener.onBlock(block);
    }

    private void emitAndRedispatch(byte[] b, int s, int e) {
        emit();
        state = State.IDLE;
        dispatch(b, s, e);
    }

    private void fail(String reason) {
        ParseProblem p = new ParseProblem(source, block.sourceLine(), lineNo(), lineOffset(), reason);
        state = State.IDLE;
        if (options.strict()) {
            throw new ReportFormatException(p);
        }
        summary.problem(p);
        listener.onProblem(p);
    }

    private void failAndRedispatch(String reason, byte[] b, int s, int e) {
        fail(reason);
        dispatch(b, s, e);
    }

    private void skipped(byte[] b, int s, int e) {
        lastLineSkipped = true;
        summary.skippedLines++;
        listener.onSkippedLine(lineNo(), lineOffset(), b, s, e);
    }

    private void endOfInput() {
        switch (state) {
            case IDLE -> {
                return;
            }
            case PATH_HEADER -> {
                fail("input ended inside a path header");
                return;
            }
            case PATH_AFTER_HEADER -> block.setKind(BlockKind.PATH_SHORT);
            case PATH_EXPECT_DASH, PATH_TABLE -> {
                fail("input ended before the path's slack line");
                return;
            }
            case JSON_BARE_START -> {
                summary.skippedLines++;
                listener.onSkippedLine(block.sourceLine(), block.sourceOffset(), OPEN_BRACE, 0, 1);
                state = State.IDLE;
                return;
            }
            case JSON_START, JSON_CHECK, JSON_BETWEEN, JSON_ARRAY_CLOSE, JSON_DOC_CLOSE -> {
                fail("input ended inside a JSON document");
                return;
            }
            default -> {
            }
        }
        if (!lines.hasNewline() && !lastLineSkipped) {
            block.setFlags(block.flags() | ReportBlock.F_NO_FINAL_NEWLINE);
        }
        emit();
        state = State.IDLE;
    }
}

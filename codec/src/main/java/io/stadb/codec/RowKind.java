package io.stadb.codec;

/**
 * What one report line of a block is. Stored as a byte per row (and on disk): never renumber.
 * Rows carry numbers in the columns named by {@link Col} and text in three slots: name, aux, extra.
 */
public final class RowKind {
    private RowKind() {
    }

    /** An empty line. */
    public static final byte BLANK = 0;
    /** A line inside a block that has no known shape; its raw text is in the name slot. */
    public static final byte VERBATIM = 1;
    /** {@code Startpoint: name (aux)}; flag {@link #F_SPLIT} when the reason is on its own line. */
    public static final byte STARTPOINT = 2;
    /** {@code Endpoint: name (aux)}; flag {@link #F_SPLIT} as for the start point. */
    public static final byte ENDPOINT = 3;
    /** {@code Path Group: name}. */
    public static final byte PATH_GROUP = 4;
    /** {@code Path Type: name} (max or min). */
    public static final byte PATH_TYPE = 5;
    /** {@code Mode: name} (OpenSTA 3.x with several modes). */
    public static final byte MODE = 6;
    /** {@code Corner: name}. */
    public static final byte CORNER = 7;
    /** The column titles of a path table; extra titles after Description are in the extra slot. */
    public static final byte COLUMN_HEADER = 8;
    /** A line of dashes; the count is in column 0. */
    public static final byte DASH = 9;
    /** A path table line: numbers, edge, then {@code name (aux)} and optional extra columns. */
    public static final byte POINT = 10;
    /** {@code (Path is unconstrained)}. */
    public static final byte UNCONSTRAINED = 11;
    /** {@code Time Borrowing Information}. */
    public static final byte BORROW_TITLE = 12;
    /** A line of the borrowing block: label padded to 36, value in column {@link Col#TIME}. */
    public static final byte BORROW_LINE = 13;
    /** {@code max_delay/setup group NAME}: name holds the whole line. */
    public static final byte GROUP_HEADER = 14;
    /** A title line of an end, summary or slack_only table: name holds the whole line. */
    public static final byte TABLE_HEADER = 15;
    /** {@code pin (cell)  required  arrival  slack (MET)}. */
    public static final byte END_ROW = 16;
    /** {@code start (cell)  end (cell)  slack}: the endpoint description is in the extra slot. */
    public static final byte SUMMARY_ROW = 17;
    /** {@code group  slack}. */
    public static final byte SLACK_ONLY_ROW = 18;
    /** {@code No paths found.}. */
    public static final byte NO_PATHS = 19;
    /** {@code tns max -1.23}: name is tns/wns/worst slack, aux is max/min or absent. */
    public static final byte METRIC = 20;
    /** A line of a JSON document: indent in column 0, key in name, value in aux. */
    public static final byte JSON_LINE = 21;

    public static final int COUNT = 22;

    /** Row flag: render the raw text kept in the name slot (the parsed shape did not re-render exactly). */
    public static final byte F_VERBATIM = 1;
    /** Row flag: the start/end point reason was printed on a second line. */
    public static final byte F_SPLIT = 2;
    /** Row flag: the row has a parenthesised part, {@code " (" + aux + ")"}, or (JSON) a value. */
    public static final byte F_AUX = 4;
    /** Row flag: the row has text in the extra slot. */
    public static final byte F_EXTRA = 8;
    /** Row flag (JSON): the line ends with a comma. */
    public static final byte F_COMMA = 16;
    /** Row flag (JSON): the value is a quoted string. */
    public static final byte F_STRING = 32;
    /** Row flag (JSON): the line has a {@code "key": } part. */
    public static final byte F_KEY = 64;

    private static final String[] NAMES = {
        "blank", "verbatim", "startpoint", "endpoint", "path_group", "path_type", "mode", "corner",
        "column_header", "dash", "point", "unconstrained", "borrow_title", "borrow_line", "group_header",
        "table_header", "end_row", "summary_row", "slack_only_row", "no_paths", "metric", "json_line"
    };

    public static String name(byte kind) {
        return kind >= 0 && kind < NAMES.length ? NAMES[kind] : "kind#" + kind;
    }
}

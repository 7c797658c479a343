package io.stadb.codec;

/** What a {@link ReportBlock} is. The code is stored on disk: never renumber. */
public enum BlockKind {
    /** A {@code full}, {@code full_clock} or {@code full_clock_expanded} path (header + point table). */
    PATH(1),
    /** A {@code -format short} path: the header lines only. */
    PATH_SHORT(2),
    /** Rows of a {@code -format end} table (a long table is split into several blocks). */
    END_TABLE(3),
    /** Rows of a {@code -format summary} table. */
    SUMMARY_TABLE(4),
    /** Rows of a {@code -format slack_only} table. */
    SLACK_ONLY_TABLE(5),
    /** One check of a {@code -format json} document, with the document's opening or closing lines. */
    JSON_PATH(6),
    /** A JSON document with no checks. */
    JSON_EMPTY(7),
    /** A {@code tns}, {@code wns} or {@code worst slack} line. */
    METRIC(8),
    /** A lone {@code No paths found.}. */
    NO_PATHS(9);

    private final byte code;

    BlockKind(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    private static final BlockKind[] BY_CODE = new BlockKind[16];

    static {
        for (BlockKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    /** The kind of a stored code, or null when the code is unknown (the caller reports corruption). */
    public static BlockKind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** True for blocks whose rows are table rows (end, summary, slack_only). */
    public boolean isTable() {
        return this == END_TABLE || this == SUMMARY_TABLE || this == SLACK_ONLY_TABLE;
    }
}

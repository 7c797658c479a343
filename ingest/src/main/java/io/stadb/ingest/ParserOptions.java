package io.stadb.ingest;

/**
 * Limits and policy of a {@link ReportParser}. The limits bound memory on hostile input: one line, one
 * block and one table chunk are the most the parser ever holds.
 *
 * @param strict          stop at the first bad block ({@link ReportFormatException}) instead of skipping it
 * @param maxLineLength   longer lines are an error (inside a block) or skipped (outside)
 * @param maxBlockRows    a path or JSON check with more lines is an error
 * @param maxBlockBytes   a block whose text exceeds this is an error
 * @param tableChunkRows  end/summary/slack_only tables are cut into blocks of this many rows
 * @param chunkSize       bytes read from the input at a time
 */
public record ParserOptions(boolean strict, int maxLineLength, int maxBlockRows, int maxBlockBytes,
                            int tableChunkRows, int chunkSize) {

    public static final ParserOptions DEFAULTS = new ParserOptions(false, 1 << 20, 1 << 16, 64 << 20, 4096, 1 << 16);

    public ParserOptions {
        if (maxLineLength < 64 || maxBlockRows < 16 || maxBlockBytes < 1024 || tableChunkRows < 1 || chunkSize < 64) {
            throw new IllegalArgumentException("parser limits too small");
        }
    }

    public ParserOptions withStrict(boolean s) {
        return new ParserOptions(s, maxLineLength, maxBlockRows, maxBlockBytes, tableChunkRows, chunkSize);
    }

    public ParserOptions withMaxLineLength(int n) {
        return new ParserOptions(strict, n, maxBlockRows, maxBlockBytes, tableChunkRows, chunkSize);
    }

    public ParserOptions withMaxBlockRows(int n) {
        return new ParserOptions(strict, maxLineLength, n, maxBlockBytes, tableChunkRows, chunkSize);
    }

    public ParserOptions withTableChunkRows(int n) {
        return new ParserOptions(strict, maxLineLength, maxBlockRows, maxBlockBytes, n, chunkSize);
    }

    public ParserOptions withChunkSize(int n) {
        return new ParserOptions(strict, maxLineLength, maxBlockRows, maxBlockBytes, tableChunkRows, n);
    }
}

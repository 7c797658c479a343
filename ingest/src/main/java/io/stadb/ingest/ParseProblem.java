package io.stadb.ingest;

/**
 * A bad block that was skipped (or, in strict mode, stopped the run): where it started, where the
 * parser found it bad, and why.
 *
 * @param source     the input's name
 * @param blockLine  1-based line where the bad block started
 * @param line       1-based line where the problem was found
 * @param offset     byte offset of that line
 * @param reason     what was wrong
 */
public record ParseProblem(String source, long blockLine, long line, long offset, String reason) {
    @Override
    public String toString() {
        return source + ":" + line + " (byte " + offset + "): " + reason
            + (blockLine != line && blockLine > 0 ? " (block from line " + blockLine + ")" : "");
    }
}

package io.stadb.ingest;

import io.stadb.codec.ReportBlock;

/**
 * Receives what a {@link ReportParser} finds, on the parser's thread, in input order. The block passed
 * to {@link #onBlock} is reused by the parser: copy or encode it before returning.
 */
public interface ParseListener {
    /** A complete, well-formed block. */
    void onBlock(ReportBlock block);

    /** A line that belongs to no report (tool banner, warnings, Tcl output); for diagnostics and tests. */
    default void onSkippedLine(long line, long offset, byte[] b, int s, int e) {
    }

    /** A bad block that was skipped (non-strict mode). */
    default void onProblem(ParseProblem problem) {
    }
}

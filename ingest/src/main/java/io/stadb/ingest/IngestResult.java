package io.stadb.ingest;

import io.stadb.engine.StageInfo;

/**
 * What one ingest stored, and what the parser made of its input.
 *
 * @param resumedBlocks blocks an interrupted ingest of the same source had journaled, found identical in
 *                      the input and not journaled again (0 unless the ingest resumed one)
 */
public record IngestResult(StageInfo stage, ParseSummary parse, long nanos, long resumedBlocks) {
    /** Input MB (10^6 bytes) per second, end to end (parse, journal, commit). */
    public double megabytesPerSecond() {
        return nanos == 0 ? 0 : parse.bytes() / 1e6 / (nanos / 1e9);
    }
}

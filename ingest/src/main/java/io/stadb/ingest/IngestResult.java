package io.stadb.ingest;

import io.stadb.engine.StageInfo;

/** What one ingest stored, and what the parser made of its input. */
public record IngestResult(StageInfo stage, ParseSummary parse, long nanos) {
    /** Input MB (10^6 bytes) per second, end to end (parse, journal, commit). */
    public double megabytesPerSecond() {
        return nanos == 0 ? 0 : parse.bytes() / 1e6 / (nanos / 1e9);
    }
}

package io.stadb.ingest.internal;

import io.stadb.codec.ReportBlock;

/**
 * Test seam of the ingest pipeline: runs on the journal thread just before each block is journaled,
 * so tests can slow the real writer down (backpressure) or fail it (disk full) without mocking the store.
 */
@FunctionalInterface
public interface AppendHook {
    /** Called with the block about to be appended; an exception fails the stage as a journal error would. */
    void beforeAppend(ReportBlock block);

    AppendHook NONE = b -> {
    };
}

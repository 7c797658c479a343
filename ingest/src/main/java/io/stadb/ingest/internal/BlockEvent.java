package io.stadb.ingest.internal;

import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ReportBlock;

/**
 * One slot of the ingest ring: a pre-allocated block the parser's thread copies into, or the command
 * that ends the run. The producer writes the fields between {@code next()} and {@code publish()}, the
 * writer thread reads them after; the ring's sequences order the two, so nothing here is volatile.
 */
final class BlockEvent {
    enum Kind {
        /** {@link #block} holds a parsed block to journal. */
        BLOCK,
        /** Nothing to do: a slot whose copy failed (it must still be published, see IngestPipeline). */
        SKIP,
        /** The input was read to its end: commit with {@link #sourceBytes} and {@link #sourceCrc}. */
        COMMIT,
        /** The producer failed: drop the stage. */
        ABORT
    }

    Kind kind = Kind.SKIP;
    /** Owned by the slot, reused from run to run; the writer thread may swap in a smaller one. */
    ReportBlock block = new ReportBlock();
    /**
     * The block's journal record, when the writer codes on chunk coder threads: made by the journal thread,
     * read by the writer thread after it (the writer's sequence is gated on the journal's).
     */
    ByteBuilder record = new ByteBuilder(0);
    /** Rows the producer counted against the in-flight budget for this slot; the writer gives them back. */
    int rows;
    long sourceBytes;
    int sourceCrc;
}

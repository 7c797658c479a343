package io.stadb.ingest.internal;

import com.lmax.disruptor.EventHandler;
import io.stadb.codec.ReportBlock;
import io.stadb.engine.StageWriter;

/**
 * The first consumer of the ingest ring, run only by the journal thread: journals each block
 * ({@link StageWriter#journal}) and, at the end event, closes the journal on this thread, which owns its
 * Chronicle appender. The coder ({@link StageWriterHandler}) runs behind it on its own thread, so
 * journaling a block overlaps coding the ones before it; the dependency between the two handlers is what
 * guarantees that the chunks never hold a block the journal does not.
 *
 * <p>After a failure it keeps consuming, dropping blocks, and the coder, which sees {@link #failure()}
 * through the sequence barrier, drops the stage at the end event.
 */
final class JournalHandler implements EventHandler<BlockEvent> {
    private final StageWriter writer;
    private final AppendHook hook;
    /** Written only by the journal thread. */
    private volatile Throwable failure;

    JournalHandler(StageWriter writer, AppendHook hook) {
        this.writer = writer;
        this.hook = hook;
    }

    @Override
    public void onEvent(BlockEvent e, long sequence, boolean endOfBatch) {
        switch (e.kind) {
            case BLOCK -> journal(e);
            case COMMIT -> end(e.sourceBytes);
            case ABORT -> end(-1);
            case SKIP -> {
                // a failed copy: nothing to journal
            }
        }
    }

    private void journal(BlockEvent e) {
        ReportBlock b = e.block;
        if (failure == null) {
            try {
                hook.beforeAppend(b);
                writer.journal(b, e.record);
            } catch (Throwable t) { // a disk-full as much as an Error: the producer and the coder must hear of it
                failure = t;
            }
        }
    }

    private void end(long inputBytes) {
        try {
            writer.endJournal(inputBytes);
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            }
        }
    }

    /** What failed on the journal thread, or null. */
    Throwable failure() {
        return failure;
    }
}

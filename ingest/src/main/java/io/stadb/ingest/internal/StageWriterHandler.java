package io.stadb.ingest.internal;

import com.lmax.disruptor.EventHandler;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ReportBlock;
import io.stadb.engine.StageInfo;
import io.stadb.engine.StageWriter;
import java.util.concurrent.CountDownLatch;

/**
 * The second consumer of the ingest ring, run only by the writer thread, behind the {@link JournalHandler}:
 * it codes each journaled block into the stage's chunks and path index ({@link StageWriter#code}), then
 * commits or aborts. It is the last consumer of a slot, so it releases the slot's rows from the budget.
 *
 * <p>After a failure the handler keeps draining the ring, dropping blocks, so a producer blocked in
 * {@code next()} always moves on, sees {@link #failure()} and stops; the stage is dropped when the
 * producer's end event (commit or abort) arrives. The outcome is handed to the producer through
 * {@link #awaitEnd()}, whose latch also makes the store's catalog changes visible to it.
 */
final class StageWriterHandler implements EventHandler<BlockEvent> {
    /**
     * A slot whose block grew past these (a 4 096-row table chunk takes ~0.5 MB) gets a fresh block after
     * use: otherwise a ring that once carried table chunks would keep ring-size of them for the whole run.
     */
    static final int KEEP_ROWS = 1024;
    static final int KEEP_ARENA_BYTES = 128 << 10;

    private final java.util.concurrent.atomic.AtomicLong rowsInFlight = new java.util.concurrent.atomic.AtomicLong();
    private final Object budget = new Object();
    private volatile boolean producerWaiting;
    private final StageWriter writer;
    private final JournalHandler journal;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Written only by the writer thread; read by the producer before each publish. */
    private volatile Throwable failure;
    /** Written only by the writer thread (so ++ is safe); read by progress reports. */
    private volatile long paths;
    private volatile long blocks;
    /** Published to the producer by {@link #ended}. */
    private StageInfo committed;

    StageWriterHandler(StageWriter writer, JournalHandler journal) {
        this.writer = writer;
        this.journal = journal;
    }

    @Override
    public void onEvent(BlockEvent e, long sequence, boolean endOfBatch) {
        switch (e.kind) {
            case BLOCK -> append(e);
            case COMMIT -> end(() -> commit(e));
            case ABORT -> end(this::abort);
            case SKIP -> release(e.rows); // a failed copy: nothing to journal
        }
    }

    private void append(BlockEvent e) {
        ReportBlock b = e.block;
        if (failure == null && journal.failure() == null) {
            try {
                writer.code(b, e.record);
                paths += b.facts().pathCount();
                blocks++;
            } catch (Throwable t) { // a disk-full from the journal as much as an Error: the caller must hear of it
                failure = t;
            }
        }
        release(e.rows);
        if (b.rowCount() > KEEP_ROWS || b.arenaLength() > KEEP_ARENA_BYTES) {
            e.block = new ReportBlock();
        }
        if (e.record.array().length > KEEP_ARENA_BYTES) {
            e.record = new ByteBuilder(0);
        }
    }

    /**
     * Producer side: waits until {@code rows} more fit in the row budget (one block always fits when
     * nothing is in flight, so a block larger than the budget still passes).
     */
    void acquire(int rows) {
        if (rowsInFlight.get() + rows > IngestPipeline.MAX_ROWS_IN_FLIGHT && rowsInFlight.get() > 0) {
            synchronized (budget) {
                producerWaiting = true;
                try {
                    while (rowsInFlight.get() > 0 && rowsInFlight.get() + rows > IngestPipeline.MAX_ROWS_IN_FLIGHT) {
                        budget.wait(100); // the writer notifies; the timeout only guards a missed wake-up
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                } finally {
                    producerWaiting = false;
                }
            }
        }
        rowsInFlight.addAndGet(rows);
    }

    /** Writer side: a block's rows have left the ring. */
    private void release(int rows) {
        rowsInFlight.addAndGet(-rows);
        if (producerWaiting) {
            synchronized (budget) {
                budget.notifyAll();
            }
        }
    }

    private void commit(BlockEvent e) {
        if (failure == null && journal.failure() == null) {
            try {
                committed = writer.commit(e.sourceBytes, e.sourceCrc);
                return;
            } catch (Throwable t) { // commit already dropped what it could
                failure = t;
            }
        }
        abort();
    }

    /** Drops the stage (a no-op when the writer already did); a failing abort is reported, not thrown. */
    private void abort() {
        try {
            writer.abort();
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            } else if (failure != t) {
                failure.addSuppressed(t);
            }
        }
    }

    private void end(Runnable action) {
        try {
            action.run();
        } finally {
            ended.countDown();
        }
    }

    /** Waits, not interruptibly (the stage must be settled before the ingest returns), for the end event. */
    void awaitEnd() {
        boolean interrupted = false;
        while (true) {
            try {
                ended.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What failed on the journal or the writer thread (the journal's first: it comes first), or null. */
    Throwable failure() {
        Throwable j = journal.failure();
        return j != null ? j : failure;
    }

    /** The committed stage, after {@link #awaitEnd()} of a commit that did not fail. */
    StageInfo committed() {
        return committed;
    }

    long paths() {
        return paths;
    }

    long blocks() {
        return blocks;
    }
}

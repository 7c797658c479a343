package io.stadb.ingest.internal;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.StageInfo;
import io.stadb.engine.StageWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The three threads of one ingest. The ingesting thread parses and {@link #publish}es each block into a
 * ring of pre-allocated {@link BlockEvent}s (single producer: all methods here belong to that one
 * thread); a daemon journal thread, {@value #JOURNAL_THREAD_NAME}, journals them ({@link JournalHandler}),
 * and a daemon writer thread, {@value #THREAD_NAME}, codes each journaled block into chunks and the path
 * index ({@link StageWriterHandler}), gated on the journal thread's sequence, so a block reaches the
 * chunks only after the journal. The coder is the slowest of the three: with the journal beside it
 * instead of on its thread, the writer thread does only the coding; with coder threads
 * ({@link StageWriter#coderThreads}) it keeps only the order-dependent part of it (interning names, the
 * path index, appending finished chunks in order) and whole chunks are coded on those threads, which the
 * writer thread's commit or abort stops and joins before the end event is answered.
 *
 * <p>Backpressure: when the ring is full, {@code next()} holds the parser, so a slow disk slows the
 * reading of the input (and a live {@code sta} through its pipe) instead of growing the heap. Blocks in
 * flight are at most the ring size, and their rows at most {@link #MAX_ROWS_IN_FLIGHT}
 * (plus one block). The writer waits with {@link BlockingWaitStrategy}: on two cores a
 * spinning consumer would steal the parser's core.
 *
 * <p>The run ends with one event, {@link #commit} or {@link #abort}, executed on the writer thread after
 * the last block; the producer waits for it, then stops and joins the thread, so none outlives the ingest.
 */
public final class IngestPipeline {
    public static final String THREAD_NAME = "stadb-ingest-writer";
    public static final String JOURNAL_THREAD_NAME = "stadb-ingest-journal";
    /**
     * Rows the producer may have in flight before it waits (besides the ring's slot count): a ring of
     * 1 024 path blocks is ~50 K rows, but 1 024 table chunks would be 4 M rows, hundreds of MB of heap.
     */
    public static final long MAX_ROWS_IN_FLIGHT = 1 << 16;

    private final Disruptor<BlockEvent> disruptor;
    private final RingBuffer<BlockEvent> ring;
    private final StageWriterHandler handler;
    private final String stage;
    private final List<Thread> threads = new ArrayList<>(2);
    private boolean ended;

    private IngestPipeline(StageWriter writer, int ringSize, AppendHook hook) {
        stage = writer.info().name();
        JournalHandler journal = new JournalHandler(writer, hook);
        handler = new StageWriterHandler(writer, journal);
        disruptor = new Disruptor<>(BlockEvent::new, ringSize, r -> {
            // Called by start() on this thread, once per handler in the order they were added: the journal
            // handler's thread first. The threads are kept to be joined.
            Thread t = new Thread(r, threads.isEmpty() ? JOURNAL_THREAD_NAME : THREAD_NAME);
            t.setDaemon(true);
            threads.add(t);
            return t;
        }, ProducerType.SINGLE, new BlockingWaitStrategy());
        disruptor.handleEventsWith(journal).then(handler);
        ring = disruptor.start();
    }

    /**
     * Starts the writer thread for {@code writer}, which must not have been used yet.
     *
     * @param ringSize blocks in flight, a power of two
     */
    public static IngestPipeline start(StageWriter writer, int ringSize, AppendHook hook) {
        return new IngestPipeline(writer, ringSize, hook);
    }

    /**
     * Copies {@code block} (which the parser reuses) into the ring, waiting while the ring is full.
     *
     * @throws StadbException when the writer thread has failed; its exception is the cause
     */
    public void publish(ReportBlock block) {
        Throwable f = handler.failure();
        if (f != null) {
            throw writerFailed(f);
        }
        int rows = block.rowCount();
        handler.acquire(rows); // bounds the rows in flight too: table chunks are large
        long seq = ring.next();
        BlockEvent e = ring.get(seq);
        try {
            // A claimed slot must be published whatever happens, or the writer would wait for it forever.
            e.kind = BlockEvent.Kind.SKIP;
            e.rows = rows;
            e.block.copyFrom(block);
            e.kind = BlockEvent.Kind.BLOCK;
        } finally {
            ring.publish(seq);
        }
    }

    /**
     * Commits the stage on the writer thread after the last block and stops the pipeline.
     *
     * @throws StadbException when anything failed on the writer thread (the stage is then dropped)
     */
    public StageInfo commit(long sourceBytes, int sourceCrc) {
        end(BlockEvent.Kind.COMMIT, sourceBytes, sourceCrc);
        Throwable f = handler.failure();
        if (f != null) {
            throw writerFailed(f);
        }
        return handler.committed();
    }

    /**
     * Drops the stage on the writer thread after the blocks already published and stops the pipeline.
     * {@code cause}, the producer's failure, is left to the caller to throw; a different failure of the
     * writer thread is added to it as suppressed.
     */
    public void abort(Throwable cause) {
        end(BlockEvent.Kind.ABORT, 0, 0);
        Throwable f = handler.failure();
        if (f != null && f != cause && f != cause.getCause()) {
            cause.addSuppressed(f);
        }
    }

    /** Paths journaled so far by the writer thread (for progress: behind the parser by the ring at most). */
    public long paths() {
        return handler.paths();
    }

    /** Blocks journaled so far by the writer thread. */
    public long blocks() {
        return handler.blocks();
    }

    private void end(BlockEvent.Kind kind, long sourceBytes, int sourceCrc) {
        if (ended) {
            throw new IllegalStateException("pipeline already ended");
        }
        ended = true;
        long seq = ring.next();
        BlockEvent e = ring.get(seq);
        e.kind = kind;
        e.sourceBytes = sourceBytes;
        e.sourceCrc = sourceCrc;
        ring.publish(seq);
        handler.awaitEnd();
        // halt, not shutdown: shutdown busy-waits for the backlog, and the end event, now handled by both
        // consumers (the writer's is the later), was the last one. halt wakes the threads out of their
        // wait; joining them means none outlives the ingest.
        disruptor.halt();
        joinThreads();
    }

    private void joinThreads() {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private StadbException writerFailed(Throwable f) {
        String why = f.getMessage() != null ? f.getMessage() : f.getClass().getName();
        return new StadbException("writing stage '" + stage + "' failed: " + why, f);
    }
}

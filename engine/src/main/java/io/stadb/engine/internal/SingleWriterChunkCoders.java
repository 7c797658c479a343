package io.stadb.engine.internal;

import io.stadb.codec.BlockRecordReader;
import io.stadb.codec.BlockRecordWriter;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ChunkNames;
import io.stadb.codec.ChunkReader;
import io.stadb.codec.ChunkWriter;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Codes a stage's chunks on {@code threads} coder threads while one thread, the <em>single writer</em>
 * (the stage writer's thread), keeps everything whose result depends on order: it interns each chunk's
 * names ({@link ChunkNames}), fills a {@link Slot} with the chunk's blocks, {@link #submit}s it,
 * and gets the finished chunks back strictly in submission order through the {@link Sink} (the segment
 * file has one writer and chunk i must be the i-th). So the stored bytes are those of coding every chunk
 * on the writer thread: a chunk depends on nothing but its blocks, its base and the names interned ahead.
 *
 * <p>Contract: every method is called by the single writer; coder threads run only
 * {@link Slot#code()}. A slot belongs to the writer while free or being filled, to one coder from
 * {@link #submit} until its task ends, and to the writer again once it has been taken back; the executor's
 * submit and the task's {@link Future#get()} are the happens-before edges of those hand-overs, so nothing in
 * a slot needs to be volatile. The coders read, besides their slot, only the mapped, committed segment of a
 * delta's base (read-only) and the snapshot of the names in {@link ChunkNames} (entries the dictionary
 * never writes again); they never touch the dictionary, the segment or the path index.
 *
 * <p>Memory: {@code threads + 1} slots, so at most that many chunks are held at once (the one being filled
 * and one per coder); {@link #acquire} blocks in {@link Future#get()}, never spins, while all are in flight.
 * A slot holds its blocks as block records ({@link BlockRecordWriter}, the journal's lossless form, about a
 * sixth of a {@link ReportBlock}'s heap on generated paths), decoded one at a time by the coder: held as
 * ReportBlocks, two slots of 4 096 path blocks took ~80 MB more heap than the whole ingest before.
 *
 * <p>Failure: a coder's exception is kept in its slot and rethrown, the very same object, on the writer
 * thread when that slot is taken back (or at once by {@link #checkFailure}, which the writer calls per
 * block): what the writer thread would have thrown coding the chunk itself. {@link #close} cancels what is
 * queued, stops what runs at its next block, and waits for every coder thread to end, uninterruptibly: a
 * coder may be reading a mapped segment, which must not be unmapped under it.
 */
public final class SingleWriterChunkCoders implements AutoCloseable {
    /** Names of the coder threads: this prefix, then 1, 2, … */
    public static final String THREAD_NAME = "stadb-chunk-coder-";

    /** Where finished chunks go, in order, on the writer thread (it throws what a sequential append throws). */
    public interface Sink {
        void append(byte[] chunk, int length, long baseStage);
    }

    /**
     * A slot's decoding block, grown past these (a table block), and its records buffer, grown past
     * {@link #KEEP_RECORD_BYTES}, are dropped after coding, as the ingest ring drops its slots' blocks (see
     * StageWriterHandler): otherwise every slot would keep its largest chunk's size for the whole run.
     */
    static final int KEEP_ROWS = 1024;
    static final int KEEP_ARENA_BYTES = 128 << 10;
    static final int KEEP_RECORD_BYTES = 16 << 20;

    private final ThreadPoolExecutor executor;
    private final ArrayDeque<Slot> free = new ArrayDeque<>();
    /** Submitted slots in submission order: the head is the next chunk of the segment. */
    private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
    private final Sink sink;
    /** Set by coders (the first failure), read by the writer per block: the failing slot may be far back. */
    private volatile Throwable failure;
    /** Set by {@link #close}: coders stop at their next block. */
    private volatile boolean cancelled;
    private boolean closed;
    /** Test seam: runs on the coder thread before each block is coded. */
    private final Consumer<ReportBlock> beforeCoding;
    /** The writer thread's: encodes blocks into the slot being filled. */
    private final BlockRecordWriter records = new BlockRecordWriter();
    /**
     * Each coder thread's own detached writer: a chunk model's tables and streams take tens of MB, so one
     * per thread, not one per slot. Confined to its thread; gone with it.
     */
    private final ThreadLocal<ChunkWriter> coderWriter;

    /**
     * @param threads      coder threads, at least 1
     * @param zstdLevel    as {@link ChunkWriter}'s
     * @param beforeCoding run on the coder thread before each block (tests inject failures there); may be null
     */
    public SingleWriterChunkCoders(int threads, int zstdLevel, Sink sink, Consumer<ReportBlock> beforeCoding) {
        if (threads < 1) {
            throw new IllegalArgumentException("coder threads: " + threads);
        }
        this.sink = sink;
        this.beforeCoding = beforeCoding;
        this.coderWriter = ThreadLocal.withInitial(() -> ChunkWriter.detached(zstdLevel));
        int[] n = {0};
        // Threads are made on demand by submit (on the writer thread), daemons like the ingest's own, and
        // all joined by close(): none outlives the stage writer.
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, THREAD_NAME + (++n[0]));
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i <= threads; i++) {
            free.add(new Slot());
        }
    }

    /**
     * A free slot to fill with the next chunk ({@link Slot#reset} done). Appends, in order, the chunks
     * finished so far; when every slot is in flight, waits (blocking) for the oldest.
     */
    public Slot acquire() {
        requireOpen();
        while (true) {
            while (!inFlight.isEmpty() && inFlight.peekFirst().task.isDone()) {
                takeBack();
            }
            Slot s = free.pollFirst();
            if (s != null) {
                s.reset();
                return s;
            }
            takeBack(); // the oldest chunk: waits for it
        }
    }

    /** Hands a filled slot (names ended) to a coder thread. */
    public void submit(Slot s) {
        requireOpen();
        s.task = executor.submit(s::code);
        inFlight.addLast(s);
    }

    /** Returns a slot that was acquired but not submitted (a stage that ends with an empty chunk). */
    public void release(Slot s) {
        s.reset();
        free.addFirst(s);
    }

    /** Waits for every submitted chunk and appends them all, in order. */
    public void drain() {
        requireOpen();
        while (!inFlight.isEmpty()) {
            takeBack();
        }
    }

    /** Rethrows a coder's failure on the writer thread, if one failed. */
    public void checkFailure() {
        Throwable f = failure;
        if (f != null) {
            throw rethrow(f);
        }
    }

    /** Takes back the oldest submitted slot, waiting for it: rethrows its failure, else appends its chunk. */
    private void takeBack() {
        Slot s = inFlight.peekFirst();
        awaitUninterruptibly(s.task);
        inFlight.pollFirst();
        if (s.failure != null) {
            Throwable f = s.failure;
            free.addLast(s);
            throw rethrow(f);
        }
        try {
            sink.append(s.out.array(), s.length, s.baseStage);
        } finally {
            free.addLast(s);
        }
    }

    private static void awaitUninterruptibly(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return; // Slot.code keeps its failure in the slot; nothing else throws
                } catch (java.util.concurrent.CancellationException e) {
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The coder's exception as the writer thread's: the same object when it is unchecked. */
    private static RuntimeException rethrow(Throwable f) {
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return new StadbException("chunk coder failed: " + f, f);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("chunk coders closed");
        }
    }

    /**
     * Stops the coders: queued chunks are dropped, running ones stop at their next block, and every coder
     * thread has ended when this returns (waits uninterruptibly; the caller unmaps and deletes after it).
     * Idempotent; the chunks not taken back are lost (the stage is being aborted, or was drained).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelled = true;
        executor.shutdown(); // no interrupts: a coder is never stopped inside zstd or a mapped read
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        inFlight.clear();
        free.clear();
    }

    /** Threads that have been started (for tests). */
    public int threadsStarted() {
        return executor.getLargestPoolSize();
    }

    /**
     * One chunk in flight: its blocks (copies, owned by the slot), the names interned for them, its delta
     * base, and, once coded, its bytes. With its own base reader, and the coder thread's own detached
     * {@link ChunkWriter}, a coder needs nothing shared to code it.
     */
    public final class Slot {
        private final ChunkNames names = new ChunkNames();
        /** Made over the names' snapshot: it only primes this slot's writer with a delta's base. */
        private final ChunkReader baseReader = new ChunkReader(names.view());
        /** The chunk's blocks as records, back to back; record i ends at {@code ends[i]}. */
        private ByteBuilder blocks = new ByteBuilder(1 << 16);
        private int[] ends = new int[4096];
        private int count;
        /** Coder thread: decodes the records, one block at a time. */
        private final BlockRecordReader reader = new BlockRecordReader();
        private ReportBlock block = new ReportBlock();
        private long baseStage = -1;
        private boolean delta;
        private final ByteBuilder out = new ByteBuilder(1 << 16);
        private int length;
        private Throwable failure;
        private Future<?> task;

        private Slot() {
        }

        private void reset() {
            count = 0;
            blocks.clear();
            baseStage = -1;
            delta = false;
            length = 0;
            failure = null;
            task = null;
        }

        /** Writer thread: the names to intern this chunk's blocks into (begin, add per block, end). */
        public ChunkNames names() {
            return names;
        }

        /** Writer thread: the reader to open the delta base chunk in (over the names' snapshot). */
        public ChunkReader baseReader() {
            return baseReader;
        }

        /** Writer thread: the chunk is a delta of the chunk open in {@link #baseReader()}, of {@code stage}. */
        public void delta(long stage) {
            delta = true;
            baseStage = stage;
        }

        /** Writer thread: adds {@code b}, as a record (the caller may reuse {@code b} at once). */
        public void add(ReportBlock b) {
            int n = records.write(b);
            addRecord(records.buffer(), n);
        }

        /** Writer thread: adds a block as its record {@code record[0, n)}, made by a {@link BlockRecordWriter}. */
        public void addRecord(byte[] record, int n) {
            blocks.append(record, 0, n);
            if (count == ends.length) {
                ends = java.util.Arrays.copyOf(ends, 2 * count);
            }
            ends[count++] = blocks.length();
        }

        public int blockCount() {
            return count;
        }

        /** Coder thread: codes the chunk into {@link #out}; a failure is kept for the writer. */
        private void code() {
            try {
                ChunkWriter writer = coderWriter.get();
                if (delta) {
                    writer.beginDelta(baseReader, baseStage, names);
                } else {
                    writer.begin(names);
                }
                byte[] a = blocks.array();
                for (int i = 0; i < count; i++) {
                    if (cancelled) {
                        return;
                    }
                    int start = i == 0 ? 0 : ends[i - 1];
                    reader.read(a, start, ends[i] - start, block, "chunk block"); // derives the facts too
                    if (beforeCoding != null) {
                        beforeCoding.accept(block);
                    }
                    writer.add(block);
                }
                out.clear();
                length = writer.finish(out);
            } catch (Throwable t) {
                failure = t;
                if (SingleWriterChunkCoders.this.failure == null) {
                    SingleWriterChunkCoders.this.failure = t; // racy first-wins: any failure will do
                }
            } finally {
                names.release();
                if (block.rowCount() > KEEP_ROWS || block.arena().length > KEEP_ARENA_BYTES) {
                    block = new ReportBlock();
                }
                if (blocks.array().length > KEEP_RECORD_BYTES) {
                    blocks = new ByteBuilder(1 << 16);
                }
            }
        }
    }
}

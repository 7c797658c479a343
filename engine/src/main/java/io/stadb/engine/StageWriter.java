package io.stadb.engine;

import io.stadb.codec.BlockRecordWriter;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ChunkReader;
import io.stadb.codec.ChunkWriter;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.JournalParts;
import io.stadb.engine.internal.PathIndexBuilder;
import io.stadb.engine.internal.PathIndexWriter;
import io.stadb.engine.internal.SegmentReader;
import io.stadb.engine.internal.SegmentWriter;
import io.stadb.engine.internal.SingleWriterChunkCoders;
import io.stadb.engine.internal.SingleWriterJournal;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Writes one stage: each block goes to the journal (as a block record) and into columnar chunks of
 * {@link ChunkWriter#DEFAULT_CHUNK_BLOCKS} blocks in the stage's segment. Chunk i is coded as a delta of
 * chunk i of the parent stage (or of that chunk's own base: chains are one link long) when the parent has
 * one. Nothing is visible to readers until {@link #commit}; closing without committing aborts and deletes
 * what was written.
 *
 * <p>Threads: {@link #append} does everything on one thread. An ingest pipeline may instead split a block's
 * work over two threads, each the single writer of its part: the <em>journal thread</em> calls
 * {@link #journal} for every block and then {@link #endJournal} once (Chronicle appenders belong to the
 * thread that made them, so the journal is opened, written and closed there), and the <em>coder thread</em>
 * calls {@link #code} for the same blocks in the same order, then {@link #commit} or {@link #abort}. The
 * caller must order each block's {@code journal} before its {@code code}, and {@code endJournal} before
 * {@code commit}, with a happens-before edge (a Disruptor sequence barrier is one): then the journal
 * always holds every block the chunks hold, which is what resume relies on.
 *
 * <p>Chunk coder threads ({@link #coderThreads}, none by default): the coder thread above then keeps only
 * the work whose result depends on order: interning each chunk's names in the store's dictionary (and the
 * path index's names, in between, as always), filling the path index, and appending finished chunks to
 * the segment in order. It hands each chunk's blocks (as block records) with their names' ids to one of N
 * chunk coder threads ({@link SingleWriterChunkCoders}, "stadb-chunk-coder-N"), which code whole chunks
 * and touch no shared state. Every stored byte (segment, path index, names) is what coding on the coder
 * thread stores. The calls and their threads stay as above; {@link #commit} and {@link #abort} wait for
 * the chunk coders, and none outlives either.
 *
 * <p>A resumed stage (see {@link Store#beginStage}) gets the journal an interrupted ingest of the same source
 * left: the input is read again from its start, each block is checked against the record journaled for
 * it and coded into chunks, but not journaled twice; blocks past the journaled ones are journaled as usual.
 */
public final class StageWriter implements AutoCloseable {
    private final Store store;
    private final StageInfo info;
    private final StageInfo replaces;
    private final long parentId;
    private final SingleWriterJournal journal;
    private final SegmentWriter segment;
    private final BlockRecordWriter encoder = new BlockRecordWriter();
    private final ChunkWriter chunks;
    /** The store's dictionary: interned into only by the coder thread (the caller of {@link #code}). */
    private final NameDictionary dict;
    private final ChunkReader header;
    private final ChunkReader base;
    private final ByteBuilder chunkBytes = new ByteBuilder(1 << 16);
    private final PathIndexWriter indexFile;
    private final PathIndexBuilder index;
    private int inChunk;
    private long inChunkRows;
    /**
     * A chunk also ends after this many rows: table blocks carry up to 4 096 rows each, and the coder's
     * streams grow with the rows of a chunk, so a chunk of 4 096 table blocks would hold 16 M rows in the
     * writer's heap. The rule depends only on the blocks, so a re-run's chunks line up with its parent's.
     */
    static final int MAX_CHUNK_ROWS = 1 << 18;
    private long paths;
    private long blocks;
    private boolean done;
    /** What the interrupted ingest journaled, not yet checked (null when not resuming, or all checked). */
    private JournalParts journaled;
    private long verified;
    /** Set by {@link #endJournal}, on the journal thread; read after it by {@link #commit} and {@link #abort}. */
    private boolean journalEnded;
    /** Most chunk coder threads a stage may have. */
    public static final int MAX_CODER_THREADS = 64;
    /** Chunk coder threads, besides the coder thread; 0 codes chunks on the coder thread itself. */
    private int coderThreads;
    /** With chunk coder threads: the coders (made at the first chunk), and the chunk being filled. */
    private SingleWriterChunkCoders coders;
    private SingleWriterChunkCoders.Slot filling;
    /** Test seam: runs on a chunk coder thread before each block is coded there. */
    private Consumer<ReportBlock> beforeCoding;
    /** Whether the first chunk was begun (at the first block, or at commit when there is none). */
    private boolean begun;
    /** The index in the segment of the chunk being filled: chunks ended before it. */
    private int chunkIndex;

    StageWriter(Store store, StageInfo info, SingleWriterJournal journal, JournalParts journaled, SegmentWriter segment,
                StageInfo replaces, long parentId) {
        this.store = store;
        this.info = info;
        this.journal = journal;
        this.journaled = journaled;
        this.segment = segment;
        this.replaces = replaces;
        this.parentId = parentId;
        this.dict = store.names();
        this.chunks = new ChunkWriter(dict, ChunkWriter.DEFAULT_LEVEL);
        this.header = new ChunkReader(store.names());
        this.base = new ChunkReader(store.names());
        try {
            this.indexFile = new PathIndexWriter(store.io(), store.pathIndexFile(info.id()));
        } catch (IOException e) {
            throw new StadbException(store.pathIndexFile(info.id()).toString(), -1, -1,
                "cannot create the path index: " + e.getMessage(), e);
        }
        this.index = new PathIndexBuilder(store.names(), indexFile);
        // The first chunk begins with the first block (or at commit): coderThreads can be set till then.
        // Nothing interns before that, so its labels get the ids they got when it began here.
    }

    /**
     * Codes chunks on {@code threads} chunk coder threads of their own (0, the default: on the coder thread),
     * with the same stored bytes either way. Call before the first block.
     *
     * @throws IllegalArgumentException unless {@code 0 <= threads <=} {@value #MAX_CODER_THREADS}
     */
    public StageWriter coderThreads(int threads) {
        if (threads < 0 || threads > MAX_CODER_THREADS) {
            throw new IllegalArgumentException("coder threads must be 0.." + MAX_CODER_THREADS + ": " + threads);
        }
        if (begun || done) {
            throw new IllegalStateException("set the coder threads before the first block");
        }
        coderThreads = threads;
        return this;
    }

    /** Test seam: {@code hook} runs on a chunk coder thread before each block is coded there (none without). */
    void beforeCoding(Consumer<ReportBlock> hook) {
        beforeCoding = hook;
    }

    public StageInfo info() {
        return info;
    }

    /** Journals one block and adds it to the current chunk (its facts must be derived, as the parser leaves them). */
    public void append(ReportBlock block) {
        journal(block);
        code(block);
    }

    /**
     * Journal thread: journals one block, or, resuming, checks it against the record the interrupted
     * ingest journaled for it.
     */
    public void journal(ReportBlock block) {
        journal(block, null);
    }

    /**
     * {@link #journal(ReportBlock)}; with chunk coder threads the block's record is also copied into
     * {@code record} (cleared first; left empty without them) for {@link #code(ReportBlock, ByteBuilder)}:
     * coder threads take blocks as these records, and the journal thread has just made this one.
     */
    public void journal(ReportBlock block, ByteBuilder record) {
        int n = encoder.write(block);
        if (!alreadyJournaled(block, n)) {
            journal.append(encoder.buffer(), 0, n);
        }
        if (record != null) {
            record.clear();
            if (coderThreads > 0) {
                record.append(encoder.buffer(), 0, n);
            }
        }
    }

    /**
     * Journal thread, after the last {@link #journal}: a resumed journal must have run out too, and the
     * appender is closed on the thread that owns it. {@code inputBytes} is where the input ended (-1 on an
     * abort), for the error. Idempotent; {@link #commit} does it when not called.
     */
    public void endJournal(long inputBytes) {
        if (journalEnded) {
            return;
        }
        journalEnded = true;
        try {
            if (journaled != null && journaled.readNext() >= 0) {
                throw sourceDiffers(-1, inputBytes, "the input ended after " + verified
                    + " blocks, but the interrupted ingest had journaled more");
            }
        } finally {
            closeJournaled();
            journal.close();
        }
    }

    /** Coder thread: adds a journaled block to the current chunk and to the path index. */
    public void code(ReportBlock block) {
        code(block, null);
    }

    /**
     * {@link #code(ReportBlock)} given the block's journal record as {@link #journal(ReportBlock, ByteBuilder)}
     * made it (empty or null: none): with chunk coder threads the block is handed on as that record instead
     * of being encoded again on this thread, the one every block passes through.
     */
    public void code(ReportBlock block, ByteBuilder record) {
        if (!begun) {
            beginChunk();
        }
        if (coders == null) {
            chunks.add(block);
        } else {
            // What chunks.add interns, interned here in the same order; the block is coded on a chunk coder.
            ChunkWriter.checkBlock(block);
            coders.checkFailure();
            filling.names().add(dict, block);
            if (record != null && record.length() > 0) {
                filling.addRecord(record.array(), record.length());
            } else {
                filling.add(block);
            }
        }
        try {
            index.add(block, (int) blocks);
        } catch (IOException e) {
            throw new StadbException(indexFile.file().toString(), -1, -1, "path index write failed: " + e.getMessage(), e);
        }
        blocks++;
        paths += block.facts().pathCount();
        inChunkRows += block.rowCount();
        if (++inChunk == ChunkWriter.DEFAULT_CHUNK_BLOCKS || inChunkRows >= MAX_CHUNK_ROWS) {
            flushChunk();
            beginChunk();
        }
    }

    /**
     * Resuming: whether the block just encoded (record bytes [0, n)) is the next one the interrupted ingest
     * journaled. The record holds the block's line and byte offset too, so equal bytes mean the same block
     * at the same place of the same input; any difference fails the ingest (the stage is then dropped).
     */
    private boolean alreadyJournaled(ReportBlock block, int n) {
        if (journaled == null) {
            return false;
        }
        int len = journaled.readNext();
        if (len < 0) {
            closeJournaled();
            return false;
        }
        if (!Arrays.equals(journaled.record(), 0, len, encoder.buffer(), 0, n)) {
            throw sourceDiffers(block.sourceLine(), block.sourceOffset(), "block " + (verified + 1)
                + " differs from what the interrupted ingest journaled (" + journaled.where() + ")");
        }
        verified++;
        return true;
    }

    private StadbException sourceDiffers(long line, long offset, String what) {
        return new StadbException(info.source(), line, offset, "the source differs from the interrupted ingest of stage '"
            + info.name() + "' here: " + what + "; nothing was stored, and the interrupted ingest is discarded"
            + " (run again to ingest from scratch)", null);
    }

    private void closeJournaled() {
        if (journaled != null) {
            journaled.close();
            journaled = null;
        }
    }

    /** Blocks of a resumed stage found already journaled and verified against the input (0 when not resumed). */
    public long resumedBlocks() {
        return verified;
    }

    /** The stage whose chunk of this index the next chunk is a delta of, or -1. */
    private long baseStage() {
        if (parentId < 0) {
            return -1;
        }
        int index = chunkIndex;
        SegmentReader p = store.segment(parentId);
        if (index >= p.chunkCount()) {
            return -1;
        }
        long b = p.baseStage(index);
        return b >= 0 ? b : parentId; // a delta's base is a full chunk; stay one link from it
    }

    private long currentBase = -1;

    private void beginChunk() {
        begun = true;
        inChunk = 0;
        inChunkRows = 0;
        currentBase = baseStage();
        if (coderThreads == 0) {
            if (currentBase < 0) {
                chunks.begin();
            } else {
                chunks.beginDelta(store.segment(currentBase).open(chunkIndex, base), currentBase);
            }
            return;
        }
        if (coders == null) {
            coders = new SingleWriterChunkCoders(coderThreads, ChunkWriter.DEFAULT_LEVEL, this::appendChunk, beforeCoding);
        }
        // May append finished chunks, and waits while every slot is being coded (memory stays bounded).
        filling = coders.acquire();
        // The names' snapshot and the labels, where chunks.begin/beginDelta would prime and intern.
        filling.names().begin(dict);
        if (currentBase >= 0) {
            // Opened here (the store's segment cache is this thread's), read by the coder: the committed
            // base segment stays mapped until the store closes, which closes this writer, and its coders, first.
            store.segment(currentBase).open(chunkIndex, filling.baseReader());
            filling.delta(currentBase);
        }
    }

    private void flushChunk() {
        if (coders == null) {
            chunkBytes.clear();
            int len = chunks.finish(chunkBytes);
            appendChunk(chunkBytes.array(), len, currentBase);
        } else {
            filling.names().end(dict); // the dictionary size chunks.finish would record
            coders.submit(filling);
            filling = null;
        }
        chunkIndex++;
    }

    /** Appends a finished chunk to the segment (chunks come in order, from either path). */
    private void appendChunk(byte[] chunk, int len, long baseStage) {
        try {
            header.open(chunk, 0, len, "new chunk");
            segment.append(chunk, len, header, baseStage);
        } catch (IOException e) {
            throw new StadbException(segment.file().toString(), -1, -1, "segment write failed: " + e.getMessage(), e);
        }
    }

    public long paths() {
        return paths;
    }

    public long blocks() {
        return blocks;
    }

    /** Makes the stage durable (segment, journal and new names fsync'd) and visible; moves the head to it. */
    public StageInfo commit(long sourceBytes, int sourceCrc) {
        if (done) {
            throw new StadbException("stage already committed or aborted");
        }
        try {
            endJournal(sourceBytes);
            if (!begun) {
                beginChunk();
            }
            if (inChunk > 0) {
                flushChunk();
            }
            if (coders != null) {
                if (filling != null) {
                    coders.release(filling); // begun after the last full chunk, and empty
                    filling = null;
                }
                coders.drain(); // every chunk appended, in order
                coders.close();
            }
            if (index.records() != paths) {
                throw new IllegalStateException("path index has " + index.records() + " records for " + paths + " paths");
            }
            indexFile.finish();
            indexFile.close();
            long segmentBytes = segment.finish();
            segment.close();
            StageInfo c = info.committed(sourceBytes, sourceCrc, paths, blocks, segmentBytes);
            store.commit(c, replaces); // throws only before the catalog names the stage
            done = true;
            return c;
        } catch (IOException | RuntimeException e) {
            abortQuietly();
            if (e instanceof StadbException se) {
                throw se;
            }
            throw new StadbException(store.directory().toString(), -1, -1, "commit failed: " + e.getMessage(), e);
        }
    }

    /** Drops everything written; the catalog forgets the stage. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        if (coders != null) {
            coders.close(); // first: the coders may read mapped segments, which the store unmaps after this
        }
        if (!journalEnded) {
            journalEnded = true;
            closeJournaled();
            journal.close();
        }
        try {
            indexFile.close();
            segment.close();
            store.abort(info);
        } catch (IOException e) {
            throw new StadbException(store.directory().toString(), -1, -1, "abort failed: " + e.getMessage(), e);
        }
    }

    private void abortQuietly() {
        try {
            abort();
        } catch (RuntimeException ignored) {
            // the original failure is what the caller needs; the next writer drops incomplete stages
        }
    }

    @Override
    public void close() {
        if (!done) {
            abort();
        }
    }
}

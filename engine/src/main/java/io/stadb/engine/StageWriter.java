package io.stadb.engine;

import io.stadb.codec.BlockRecordWriter;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.SingleWriterJournal;
import java.io.IOException;

/**
 * Writes one stage. Single-threaded: create, append, commit (or abort) on one thread (Chronicle
 * appenders belong to their thread). Nothing is visible to readers until {@link #commit}; closing
 * without committing aborts and deletes what was written.
 */
public final class StageWriter implements AutoCloseable {
    private final Store store;
    private final StageInfo info;
    private final StageInfo replaces;
    private final SingleWriterJournal journal;
    private final BlockRecordWriter encoder = new BlockRecordWriter();
    private long paths;
    private long blocks;
    private long recordBytes;
    private boolean done;

    StageWriter(Store store, StageInfo info, SingleWriterJournal journal, StageInfo replaces) {
        this.store = store;
        this.info = info;
        this.journal = journal;
        this.replaces = replaces;
    }

    public StageInfo info() {
        return info;
    }

    /** Journals one block (its facts must be derived, as the parser leaves them). */
    public void append(ReportBlock block) {
        int n = encoder.write(block);
        journal.append(encoder.buffer(), 0, n);
        recordBytes += n;
        blocks++;
        paths += block.facts().pathCount();
    }

    public long paths() {
        return paths;
    }

    public long blocks() {
        return blocks;
    }

    /** Makes the stage durable (fsync) and visible, and moves the head to it. */
    public StageInfo commit(long sourceBytes, int sourceCrc) {
        if (done) {
            throw new StadbException("stage already committed or aborted");
        }
        journal.close();
        try {
            StageInfo c = info.committed(sourceBytes, sourceCrc, paths, blocks, recordBytes);
            store.commit(this, c, replaces);
            done = true;
            return c;
        } catch (IOException e) {
            abortQuietly();
            throw new StadbException(store.directory().toString(), -1, -1, "commit failed: " + e.getMessage(), e);
        }
    }

    /** Drops everything written; the catalog forgets the stage. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        journal.close();
        try {
            store.abort(this, info);
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

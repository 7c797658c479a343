package io.stadb.engine;

import io.stadb.codec.ChunkReader;
import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.NameLookup;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.SegmentReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One reader's view of a committed stage: its path index and its segment (with the segments its delta
 * chunks are based on), mapped for this reader alone, so any number of threads each use their own and
 * {@link #close} releases every mapping at once. Single-threaded.
 */
public final class StageReader implements AutoCloseable {
    private final StageInfo stage;
    private final NameLookup names;
    private final PathIndex paths;
    private final Map<Long, SegmentReader> segments = new HashMap<>();
    private final Store store;
    private final long[] firstBlock;
    private ChunkReader reader;      // made on the first block(): decoding needs the names in the heap
    private ChunkReader baseReader;
    private final ReportBlock scratch = new ReportBlock();
    private boolean closed;

    StageReader(Store store, StageInfo stage, NameLookup names) {
        this.store = store;
        this.stage = stage;
        this.names = names;
        PathIndex p = null;
        try {
            p = store.openPathIndex(stage);
            SegmentReader seg = segment(stage.id());
            firstBlock = new long[seg.chunkCount() + 1];
            for (int i = 0; i < seg.chunkCount(); i++) {
                firstBlock[i + 1] = firstBlock[i] + seg.blocks(i);
            }
        } catch (RuntimeException e) {
            if (p != null) {
                p.close();
            }
            closeSegments();
            throw e;
        }
        this.paths = p;
    }

    public StageInfo stage() {
        return stage;
    }

    public PathIndex paths() {
        return paths;
    }

    /** Names by id (mapped for a reader: a query of headers never loads the whole dictionary). */
    public NameLookup names() {
        return names;
    }

    private SegmentReader segment(long id) {
        SegmentReader r = segments.get(id);
        if (r == null) {
            Path f = store.stageDir(id).resolve(SegmentFormat.FILE_NAME);
            try {
                r = new SegmentReader(store.io(), f);
            } catch (IOException e) {
                throw new StadbException(f.toString(), -1, -1, "cannot open segment: " + e.getMessage(), e);
            }
            segments.put(id, r);
        }
        return r;
    }

    public int chunkCount() {
        return firstBlock.length - 1;
    }

    /** The chunk holding block {@code block} of the stage. */
    public int chunkOf(long block) {
        int lo = 0;
        int hi = chunkCount() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (firstBlock[mid] <= block) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    public long firstBlock(int chunk) {
        return firstBlock[chunk];
    }

    private int openChunk = -1;

    /**
     * Block {@code block} of the stage, decoded into a block this reader reuses. Reading blocks in
     * ascending order within a chunk continues one sequential decode; going back restarts the chunk.
     */
    public ReportBlock block(long block) {
        if (block < 0 || block >= firstBlock[chunkCount()]) {
            throw new IndexOutOfBoundsException("block " + block + " of " + firstBlock[chunkCount()]);
        }
        if (reader == null) {
            reader = new ChunkReader(store.names());
            baseReader = new ChunkReader(store.names());
        }
        int chunk = chunkOf(block);
        int j = (int) (block - firstBlock[chunk]);
        if (chunk != openChunk || reader.position() < 0 || reader.position() > j) {
            openChunk(chunk);
        }
        while (reader.position() < j) {
            reader.next(scratch);
        }
        return reader.next(scratch);
    }

    private void openChunk(int chunk) {
        openChunk = -1;
        SegmentReader seg = segment(stage.id());
        seg.open(chunk, reader);
        if (reader.isDelta()) {
            long base = seg.baseStage(chunk);
            SegmentReader bs = segment(base);
            if (chunk >= bs.chunkCount()) {
                throw new CorruptBlockException(seg.file().toString(), -1, "chunk " + chunk + " is a delta of a chunk stage "
                    + base + " does not have");
            }
            reader.setBase(bs.open(chunk, baseReader));
        }
        reader.rewind();
        openChunk = chunk;
    }

    private void closeSegments() {
        for (SegmentReader r : segments.values()) {
            r.close();
        }
        segments.clear();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            paths.close();
        } finally {
            try {
                closeSegments();
            } finally {
                store.readerClosed(); // after its last read: the store may now unmap the names
            }
        }
    }
}

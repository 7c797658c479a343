package io.stadb.engine;

import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ChunkReader;
import io.stadb.codec.ChunkWriter;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.SegmentReader;
import io.stadb.engine.internal.SegmentWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stadb compact}: removes rolled-back stages (unless kept), rewrites delta stages as full ones
 * when asked (or when their base is removed), and deletes the journals of committed stages, which reads
 * never need. Crash-safe by ordering: a rewritten segment is written beside the old one, fsync'd and
 * renamed over it (readers that mapped the old file keep it); stages leave the catalog in one atomic
 * switch before their files are deleted, and the next writer removes whatever a crash left.
 */
final class Compactor {
    /** What one compaction did. */
    record Result(List<String> removed, List<String> folded, long journalsDeleted, long bytesBefore, long bytesAfter) {
    }

    private final Store store;

    Compactor(Store store) {
        this.store = store;
    }

    Result run(boolean keepRolledBack, boolean foldAll) throws IOException {
        List<StageInfo> stages = store.stages();
        List<StageInfo> remove = new ArrayList<>();
        List<StageInfo> keep = new ArrayList<>();
        for (StageInfo s : stages) {
            (s.state() == StageState.ROLLED_BACK && !keepRolledBack ? remove : keep).add(s);
        }
        long before = stages.stream().mapToLong(StageInfo::storedBytes).sum();
        List<String> folded = new ArrayList<>();
        List<StageInfo> updated = new ArrayList<>();
        for (StageInfo s : keep) {
            SegmentReader seg = store.segment(s.id());
            boolean mustFold = false;
            boolean hasDelta = false;
            for (int i = 0; i < seg.chunkCount(); i++) {
                long base = seg.baseStage(i);
                hasDelta |= base >= 0;
                mustFold |= base >= 0 && remove.stream().anyMatch(r -> r.id() == base);
            }
            if (mustFold || foldAll && hasDelta) {
                long bytes = fold(s);
                folded.add(s.name());
                s = new StageInfo(s.id(), s.name(), s.state(), s.createdMillis(), s.parentId(), s.source(),
                    s.sourceBytes(), s.sourceCrc(), s.paths(), s.blocks(), bytes, s.meta());
            }
            updated.add(s);
        }
        store.replaceStages(updated, remove);
        long journals = 0;
        for (StageInfo s : updated) {
            Path j = store.stageDir(s.id()).resolve("journal");
            if (Files.exists(j)) {
                store.io().deleteTree(j);
                journals++;
            }
        }
        List<String> removed = remove.stream().map(StageInfo::name).toList();
        return new Result(removed, folded, journals, before, updated.stream().mapToLong(StageInfo::storedBytes).sum());
    }

    /** Rewrites a stage's segment with full chunks; returns its new size. */
    private long fold(StageInfo s) throws IOException {
        Path dir = store.stageDir(s.id());
        Path tmp = dir.resolve(SegmentFormat.FILE_NAME + ".new");
        Files.deleteIfExists(tmp);
        ChunkReader reader = new ChunkReader(store.names());
        ChunkReader baseReader = new ChunkReader(store.names());
        ChunkReader header = new ChunkReader(store.names());
        ChunkWriter writer = new ChunkWriter(store.names(), ChunkWriter.DEFAULT_LEVEL);
        ByteBuilder bytes = new ByteBuilder(1 << 16);
        ReportBlock block = new ReportBlock();
        long size;
        try (SegmentWriter out = new SegmentWriter(store.io(), tmp)) {
            SegmentReader seg = store.segment(s.id());
            for (int i = 0; i < seg.chunkCount(); i++) {
                writer.begin();
                store.chunk(s.id(), i, reader, baseReader).decodeAll(block, writer::add);
                bytes.clear();
                int len = writer.finish(bytes);
                out.append(bytes.array(), len, header.open(bytes.array(), 0, len, "folded chunk"), -1);
            }
            size = out.finish();
        }
        store.releaseSegment(s.id());
        store.io().move(tmp, dir.resolve(SegmentFormat.FILE_NAME));
        store.io().fsyncDirectory(dir);
        return size;
    }

    static StadbException failed(Path dir, IOException e) {
        return new StadbException(dir.toString(), -1, -1, "compaction failed: " + e.getMessage(), e);
    }
}

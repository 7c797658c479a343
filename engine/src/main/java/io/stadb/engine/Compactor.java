package io.stadb.engine;

import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ChunkReader;
import io.stadb.codec.ChunkWriter;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.JournalParts;
import io.stadb.engine.internal.SegmentReader;
import io.stadb.engine.internal.SegmentWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stadb compact}: removes rolled-back stages (unless kept) and interrupted ingests, rewrites delta
 * stages as full ones when asked (or when their base is removed), and deletes the journals of committed
 * stages, which reads never need. Crash-safe by ordering: a rewritten segment is written beside the old
 * one, fsync'd and renamed over it (readers that mapped the old file keep it); stages leave the catalog in
 * one atomic switch before their files are deleted, and the next writer removes whatever a crash left; a
 * journal goes by renaming its first part away first ({@link JournalParts#drop}). A failed file operation
 * is a {@link StadbException} naming that file; the store is then as a crash at that moment leaves it.
 */
final class Compactor {
    /** What one compaction did. */
    record Result(List<String> removed, List<String> folded, int interrupted, long journalsDeleted, long bytesBefore,
                  long bytesAfter) {
    }

    private final Store store;

    Compactor(Store store) {
        this.store = store;
    }

    Result run(boolean keepRolledBack, boolean foldAll) {
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
            boolean fold = mustFold || foldAll && hasDelta;
            if (fold) {
                folded.add(s.name());
            }
            // A compaction that died between a fold's rename and the catalog switch left the old size.
            long bytes = fold ? fold(s) : seg.size();
            if (bytes != s.storedBytes()) {
                s = new StageInfo(s.id(), s.name(), s.state(), s.createdMillis(), s.parentId(), s.source(),
                    s.sourceBytes(), s.sourceCrc(), s.paths(), s.blocks(), bytes, s.meta());
            }
            updated.add(s);
        }
        List<StageInfo> interrupted = store.interrupted();
        List<StageInfo> gone = new ArrayList<>(remove);
        gone.addAll(interrupted);
        Path catalog = store.directory().resolve("catalog");
        at(catalog, () -> store.replaceStages(updated, gone));
        for (StageInfo r : gone) {
            store.releaseSegment(r.id());
            Path dir = store.stageDir(r.id());
            at(dir, () -> store.io().deleteTree(dir));
        }
        long journals = 0;
        for (StageInfo s : updated) {
            Path dir = store.stageDir(s.id());
            if (at(dir.resolve("journal"), () -> JournalParts.drop(store.io(), dir))) {
                journals++;
            }
        }
        List<String> removed = remove.stream().map(StageInfo::name).toList();
        return new Result(removed, folded, interrupted.size(), journals, before,
            updated.stream().mapToLong(StageInfo::storedBytes).sum());
    }

    /** Rewrites a stage's segment with full chunks; returns its new size. */
    private long fold(StageInfo s) {
        Path dir = store.stageDir(s.id());
        Path tmp = dir.resolve(SegmentFormat.FILE_NAME + ".new");
        ChunkReader reader = new ChunkReader(store.names());
        ChunkReader baseReader = new ChunkReader(store.names());
        ChunkReader header = new ChunkReader(store.names());
        ChunkWriter writer = new ChunkWriter(store.names(), ChunkWriter.DEFAULT_LEVEL);
        ByteBuilder bytes = new ByteBuilder(1 << 16);
        ReportBlock block = new ReportBlock();
        long size = at(tmp, () -> {
            Files.deleteIfExists(tmp); // what an interrupted compaction left
            try (SegmentWriter out = new SegmentWriter(store.io(), tmp)) {
                SegmentReader seg = store.segment(s.id());
                for (int i = 0; i < seg.chunkCount(); i++) {
                    writer.begin();
                    store.chunk(s.id(), i, reader, baseReader).decodeAll(block, writer::add);
                    bytes.clear();
                    int len = writer.finish(bytes);
                    out.append(bytes.array(), len, header.open(bytes.array(), 0, len, "folded chunk"), -1);
                }
                return out.finish();
            }
        });
        store.releaseSegment(s.id());
        at(tmp, () -> store.io().move(tmp, dir.resolve(SegmentFormat.FILE_NAME)));
        at(dir, () -> store.io().fsyncDirectory(dir));
        return size;
    }

    /** One file operation of the compaction. */
    @FunctionalInterface
    private interface FileStep<T> {
        T run() throws IOException;
    }

    /** A file operation without a result. */
    @FunctionalInterface
    private interface FileAction {
        void run() throws IOException;
    }

    private static <T> T at(Path file, FileStep<T> step) {
        try {
            return step.run();
        } catch (IOException e) {
            throw new StadbException(file.toString(), -1, -1, "compaction failed: " + e.getMessage(), e);
        }
    }

    private static void at(Path file, FileAction action) {
        at(file, () -> {
            action.run();
            return null;
        });
    }
}

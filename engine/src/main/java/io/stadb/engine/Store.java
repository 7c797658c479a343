package io.stadb.engine;

import io.stadb.codec.BlockRecordReader;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.CatalogFormat;
import io.stadb.engine.internal.CatalogFormat.Catalog;
import io.stadb.engine.internal.SingleWriterJournal;
import io.stadb.engine.internal.WriterLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A stadb store directory. One writer process at a time (an OS lock); any number of readers, which see
 * committed stages only. Layout:
 * <pre>
 *   DIR/stadb.store            marker and format version
 *   DIR/catalog                stages and head ({@link CatalogFormat}), replaced atomically
 *   DIR/writer.lock            held by the writer process
 *   DIR/stages/&lt;id&gt;/journal/   Chronicle Queue of block records, one per stage
 * </pre>
 */
public final class Store implements AutoCloseable {
    public static final String MARKER = "stadb.store";
    private static final String MARKER_TEXT = "stadb-store 1\n";

    private final Path dir;
    private final boolean writable;
    private final FileIo io;
    private final WriterLock lock;
    private Catalog catalog;
    private StageWriter openWriter;

    private Store(Path dir, boolean writable, FileIo io, WriterLock lock) {
        this.dir = dir;
        this.writable = writable;
        this.io = io;
        this.lock = lock;
    }

    /** Opens (a writer creates it when missing) the store at {@code dir}. */
    public static Store open(Path dir, boolean writer) {
        return open(dir, writer, FileIo.DEFAULT);
    }

    public static Store open(Path dir, boolean writer, FileIo io) {
        Path marker = dir.resolve(MARKER);
        try {
            if (!Files.exists(marker)) {
                if (!writer) {
                    throw new StadbException(dir.toString(), -1, -1, "no stadb store here", null);
                }
                if (Files.exists(dir) && !isEmptyDir(dir)) {
                    throw new StadbException(dir.toString(), -1, -1,
                        "directory exists and is not a stadb store (refusing to write into it)", null);
                }
                io.createDirectories(dir);
            }
            WriterLock lock = writer ? WriterLock.acquire(dir.resolve("writer.lock")) : null;
            Store s = new Store(dir, writer, io, lock);
            try {
                if (!Files.exists(marker)) {
                    io.createDirectories(dir.resolve("stages"));
                    s.saveCatalog(new Catalog(-1, 1, List.of()));
                    io.writeAtomically(marker, MARKER_TEXT.getBytes(StandardCharsets.US_ASCII));
                } else {
                    String m = new String(io.readAll(marker), StandardCharsets.US_ASCII);
                    if (!m.equals(MARKER_TEXT)) {
                        throw new StadbException(marker.toString(), 1, 0, "unsupported store format: " + m.trim(), null);
                    }
                }
                s.reload();
                if (writer) {
                    s.dropIncomplete();
                }
                return s;
            } catch (RuntimeException | IOException e) {
                s.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StadbException(dir.toString(), -1, -1, "cannot open store: " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    public Path directory() {
        return dir;
    }

    /** Re-reads the catalog (readers see stages committed since they opened). */
    public void reload() {
        Path p = dir.resolve("catalog");
        try {
            catalog = CatalogFormat.read(io.readAll(p), p.toString());
        } catch (IOException e) {
            throw new StadbException(p.toString(), -1, -1, "cannot read catalog: " + e.getMessage(), e);
        }
    }

    /** Stages left incomplete by a writer that died: their data is never visible, so it goes. */
    private void dropIncomplete() throws IOException {
        List<StageInfo> keep = new ArrayList<>();
        boolean changed = false;
        for (StageInfo s : catalog.stages()) {
            if (s.state() == StageState.INCOMPLETE) {
                io.deleteTree(stageDir(s.id()));
                changed = true;
            } else {
                keep.add(s);
            }
        }
        if (changed) {
            saveCatalog(new Catalog(catalog.head(), catalog.nextId(), keep));
        }
    }

    /** Committed stages in creation order. */
    public List<StageInfo> stages() {
        return catalog.stages().stream().filter(s -> s.state() != StageState.INCOMPLETE).toList();
    }

    /** The committed (or rolled-back) stage of that name. */
    public Optional<StageInfo> stage(String name) {
        return stages().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<StageInfo> head() {
        return stages().stream().filter(s -> s.id() == catalog.head()).findFirst();
    }

    /**
     * Starts a new stage. A committed stage of the same name is an error unless {@code replace}, in
     * which case it is removed when the new one commits.
     */
    public StageWriter beginStage(String name, String source, Map<String, String> meta, boolean replace) {
        requireWriter();
        StageNames.check(name);
        for (String k : meta.keySet()) {
            if (!StageNames.isValid(k)) {
                throw new StadbException("invalid metadata key '" + k + "'");
            }
        }
        if (openWriter != null) {
            throw new StadbException("a stage is already being written");
        }
        Optional<StageInfo> existing = stage(name);
        if (existing.isPresent() && !replace) {
            throw new StageExistsException(existing.get());
        }
        long id = catalog.nextId();
        StageInfo info = new StageInfo(id, name, StageState.INCOMPLETE, System.currentTimeMillis(), catalog.head(),
            source, 0, 0, 0, 0, 0, meta);
        List<StageInfo> all = new ArrayList<>(catalog.stages());
        all.add(info);
        try {
            saveCatalog(new Catalog(catalog.head(), id + 1, all));
            io.createDirectories(stageDir(id));
        } catch (IOException e) {
            throw new StadbException(dir.toString(), -1, -1, "cannot start stage: " + e.getMessage(), e);
        }
        openWriter = new StageWriter(this, info, SingleWriterJournal.openForWrite(journalDir(id)),
            existing.orElse(null));
        return openWriter;
    }

    void commit(StageWriter w, StageInfo done, StageInfo replaced) throws IOException {
        io.fsyncTree(stageDir(done.id()));
        List<StageInfo> all = new ArrayList<>();
        for (StageInfo s : catalog.stages()) {
            if (s.id() == done.id()) {
                all.add(done);
            } else if (replaced == null || s.id() != replaced.id()) {
                all.add(s);
            }
        }
        saveCatalog(new Catalog(done.id(), catalog.nextId(), all));
        if (replaced != null) {
            io.deleteTree(stageDir(replaced.id()));
        }
        openWriter = null;
    }

    void abort(StageWriter w, StageInfo info) throws IOException {
        io.deleteTree(stageDir(info.id()));
        List<StageInfo> all = new ArrayList<>(catalog.stages());
        all.removeIf(s -> s.id() == info.id());
        saveCatalog(new Catalog(catalog.head(), catalog.nextId(), all));
        openWriter = null;
    }

    /** Decodes every block of a committed stage in input order into one reused block. */
    public long forEachBlock(StageInfo stage, Consumer<ReportBlock> visitor) {
        if (stage.state() == StageState.INCOMPLETE) {
            throw new StadbException("stage " + stage.name() + " is not committed");
        }
        Path j = journalDir(stage.id());
        BlockRecordReader reader = new BlockRecordReader();
        ReportBlock block = new ReportBlock();
        String where = j.toString();
        try (SingleWriterJournal journal = SingleWriterJournal.openForRead(j)) {
            return journal.forEach((rec, len, index) -> {
                reader.read(rec, 0, len, block, where + "#" + Long.toHexString(index));
                visitor.accept(block);
            });
        }
    }

    private void saveCatalog(Catalog c) throws IOException {
        io.writeAtomically(dir.resolve("catalog"), CatalogFormat.write(c));
        catalog = c;
    }

    Path stageDir(long id) {
        return dir.resolve("stages").resolve(Long.toString(id));
    }

    private Path journalDir(long id) {
        return stageDir(id).resolve("journal");
    }

    private void requireWriter() {
        if (!writable) {
            throw new StadbException(dir.toString(), -1, -1, "store is open read-only", null);
        }
    }

    @Override
    public void close() {
        if (openWriter != null) {
            openWriter.close();
        }
        if (lock != null) {
            lock.close();
        }
    }
}

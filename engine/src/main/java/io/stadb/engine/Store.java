package io.stadb.engine;

import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ChunkReader;
import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.NameLookup;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.CatalogFormat;
import io.stadb.engine.internal.CatalogFormat.Catalog;
import io.stadb.engine.internal.JournalParts;
import io.stadb.engine.internal.MappedNames;
import io.stadb.engine.internal.PathIndexBuilder;
import io.stadb.engine.internal.PathIndexWriter;
import io.stadb.engine.internal.SegmentReader;
import io.stadb.engine.internal.SegmentWriter;
import io.stadb.engine.internal.SingleWriterJournal;
import io.stadb.engine.internal.WriterLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A stadb store directory. One writer process at a time (an OS lock); any number of readers, which see
 * committed stages only. Layout:
 * <pre>
 *   DIR/stadb.store              marker and format version
 *   DIR/catalog                  stages, head, committed length of names.dict ({@link CatalogFormat}),
 *                                replaced atomically
 *   DIR/names.dict               the shared name dictionary, append-only (codec NameDictionary entries)
 *   DIR/writer.lock              held by the writer process
 *   DIR/stages/&lt;id&gt;/data.seg     the stage's columnar chunks ({@link SegmentFormat}), mmap'd for reading
 *   DIR/stages/&lt;id&gt;/paths.idx    one record per path ({@link PathIndexFormat}), derived, rebuildable
 *   DIR/stages/&lt;id&gt;/journal/     Chronicle Queue of block records (the ingest journal); a resumed
 *                                ingest adds parts journal.1/, journal.2/, … ({@link JournalParts})
 * </pre>
 * Commit order: segment and journal fsync'd, new names appended and fsync'd, then the catalog names the
 * stage. A crash before the catalog switch leaves nothing visible: the stage stays INCOMPLETE in the
 * catalog (readers never see it) with its journal, which a re-run of the same ingest resumes from; the next
 * writer deletes its partial segment and cuts names.dict back to its committed length. Stages leave the
 * catalog before their files are deleted, so a crash in between leaves only orphan directories, which the
 * next writer deletes.
 */
public final class Store implements AutoCloseable {
    public static final String MARKER = "stadb.store";
    private static final String MARKER_TEXT = "stadb-store 1\n";
    private static final String NAMES = "names.dict";

    private final Path dir;
    private final boolean writable;
    private final FileIo io;
    private final WriterLock lock;
    private volatile Catalog catalog; // replaced whole; query threads read it
    private StageWriter openWriter;
    private volatile NameDictionary names = new NameDictionary(); // a reader's is loaded on first use
    private volatile MappedNames mappedNames;                      // readers: the committed names, mapped
    private final List<MappedNames> allMappedNames = new ArrayList<>(); // unmapped at close (queries may hold old ones)
    private final Map<Long, SegmentReader> segments = new HashMap<>();
    /** How long close() waits for open stage readers before it gives up unmapping (see awaitReadersClosed). */
    static final long READERS_CLOSE_WAIT_MILLIS = 10_000;
    private final Object readersLock = new Object();
    private int openReaders;        // guarded by readersLock
    private boolean closing;        // guarded by readersLock

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
                if (Files.exists(dir) && !isEmptyDir(dir) && !isHalfCreated(dir)) {
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
                    s.recover();
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

    /** A store whose creation died before its marker: only the files creation makes, no stage data. */
    private static boolean isHalfCreated(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                boolean known = n.equals("catalog") || n.equals("catalog.tmp") || n.equals("writer.lock")
                    || n.equals(MARKER + ".tmp") || n.equals("stages") && isEmptyDir(p);
                if (!known) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    public Path directory() {
        return dir;
    }

    /**
     * Re-reads the catalog and the dictionary (readers see stages committed since they opened). A writer
     * loads the names into its heap dictionary (it interns more); a reader maps them and loads the heap
     * form only when it decodes chunks.
     */
    public void reload() {
        Path p = dir.resolve("catalog");
        try {
            catalog = CatalogFormat.read(io.readAll(p), p.toString());
            if (writable) {
                loadNames();
            } else if (mappedNames == null || mappedNames.size() != catalog.namesCount()) {
                // A new mapping only when names were committed since: queries still running keep the old
                // one, so old mappings are released at close, and a reload without new names costs none.
                MappedNames m = new MappedNames(io, dir.resolve(NAMES), catalog.namesBytes(), catalog.namesCount());
                synchronized (allMappedNames) {
                    allMappedNames.add(m);
                }
                mappedNames = m;
                names = null;
            }
        } catch (IOException e) {
            throw new StadbException(p.toString(), -1, -1, "cannot read catalog: " + e.getMessage(), e);
        }
    }

    /** Reads the committed prefix of names.dict (a writer may be appending past it). */
    private void loadNames() throws IOException {
        NameDictionary d = new NameDictionary();
        Path p = dir.resolve(NAMES);
        if (catalog.namesBytes() > 0) {
            byte[] all = io.readAll(p);
            if (all.length < catalog.namesBytes()) {
                throw new CorruptBlockException(p.toString(), all.length, "name dictionary shorter than its committed "
                    + catalog.namesBytes() + " bytes");
            }
            int n = d.readEntries(all, 0, (int) catalog.namesBytes(), p.toString());
            if (n != catalog.namesCount()) {
                throw new CorruptBlockException(p.toString(), 0, "name dictionary has " + n + " names, the catalog says "
                    + catalog.namesCount());
            }
        }
        names = d;
    }

    /**
     * What a writer that died left behind. An INCOMPLETE stage keeps its catalog entry and journal for a
     * resume, but not its partial segment: chunks are coded again on resume (the names its chunks used were
     * never appended to names.dict). {@link #beginStage} keeps at most one INCOMPLETE stage per name.
     */
    private void recover() throws IOException {
        for (StageInfo s : catalog.stages()) {
            if (s.state() == StageState.INCOMPLETE) {
                io.deleteTree(segmentFile(s.id()));
                io.deleteTree(pathIndexFile(s.id())); // rebuilt with the chunks on resume
                io.deleteTree(pathIndexFile(s.id()).resolveSibling(PathIndexFormat.FILE_NAME + ".sort"));
            }
        }
        // Stage directories the catalog does not name (dropped stages whose delete did not finish).
        try (var listing = Files.list(dir.resolve("stages"))) {
            for (Path d : (Iterable<Path>) listing::iterator) {
                String n = d.getFileName().toString();
                boolean known = catalog.stages().stream().anyMatch(st -> Long.toString(st.id()).equals(n));
                if (!known) {
                    io.deleteTree(d);
                }
            }
        }
        Path p = dir.resolve(NAMES);
        if (Files.exists(p)) {
            io.truncate(p, catalog.namesBytes());
        }
        for (StageInfo s : stages()) {
            Path f = pathIndexFile(s.id());
            if (!Files.exists(f) || PathIndex.isOlderVersion(f)) { // derived data: rebuilt, not migrated
                rebuildPathIndex(s);
            }
        }
    }

    /**
     * Writes a stage's path index again from its segment (it is derived data: a store written before it
     * existed, or one whose index was deleted or found corrupt). New names it interns are committed.
     */
    public void rebuildPathIndex(StageInfo s) {
        requireWriter();
        Path target = pathIndexFile(s.id());
        Path tmp = target.resolveSibling(PathIndexFormat.FILE_NAME + ".new");
        try {
            Files.deleteIfExists(tmp);
            try (PathIndexWriter w = new PathIndexWriter(io, tmp)) {
                PathIndexBuilder b = new PathIndexBuilder(names, w);
                int[] n = {0};
                forEachBlock(s, block -> {
                    try {
                        b.add(block, n[0]++);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                w.finish();
            }
            io.move(tmp, target);
            io.fsyncDirectory(target.getParent());
            commitNames();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StadbException(target.toString(), -1, -1, "cannot rebuild the path index: " + e.getMessage(), e);
        }
    }

    /** Appends names interned since the last commit to names.dict and records them in the catalog. */
    private void commitNames() throws IOException {
        long added = appendNewNames();
        if (added > 0) {
            saveCatalog(new Catalog(catalog.head(), catalog.nextId(), names.size(),
                catalog.namesBytes() + added, catalog.stages()));
        }
    }

    /** Batch of names.dict bytes in memory at a time when new names are appended. */
    private static final int NAMES_BATCH = 1 << 20;

    /**
     * Appends the names interned since the catalog's count to names.dict, fsync'd, a batch at a time: a
     * stage of 10 M end rows brings millions of names, which in one buffer (doubling as it grew) took more
     * heap at commit than the whole ingest before it. Returns the bytes appended.
     */
    private long appendNewNames() throws IOException {
        int to = names.size();
        int[] next = {catalog.namesCount()};
        if (next[0] >= to) {
            return 0;
        }
        long[] appended = {0};
        ByteBuilder batch = new ByteBuilder(NAMES_BATCH + 1024);
        io.appendDurably(dir.resolve(NAMES), () -> {
            if (next[0] >= to) {
                return null;
            }
            batch.clear();
            next[0] = names.writeEntries(next[0], to, batch, NAMES_BATCH);
            appended[0] += batch.length();
            return java.util.Arrays.copyOf(batch.array(), batch.length());
        });
        return appended[0];
    }

    /** Rebuilds every path index that is missing, unreadable or inconsistent; returns what it rebuilt. */
    public List<String> repairPathIndexes() {
        requireWriter();
        List<String> repaired = new ArrayList<>();
        for (StageInfo s : stages()) {
            try (PathIndex idx = openPathIndex(s)) {
                idx.checkCrc();
                if (idx.size() == s.paths()) {
                    continue;
                }
            } catch (RuntimeException e) {
                // fall through: rebuild
            }
            rebuildPathIndex(s);
            repaired.add(pathIndexFile(s.id()).toString());
        }
        return repaired;
    }

    Path pathIndexFile(long stageId) {
        return stageDir(stageId).resolve(PathIndexFormat.FILE_NAME);
    }

    /** Maps a committed stage's path index for the caller alone (close it when done). */
    PathIndex openPathIndex(StageInfo s) {
        Path f = pathIndexFile(s.id());
        try {
            return new PathIndex(io, f);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new StadbException(f.toString(), -1, -1, "path index missing: open the store as its writer once"
                + " (stadb verify --repair) to rebuild it", e);
        } catch (IOException e) {
            throw new StadbException(f.toString(), -1, -1, "cannot open the path index: " + e.getMessage(), e);
        }
    }

    /**
     * A reader of a committed stage with mappings of its own: safe to use from any one thread while
     * others use theirs. Close it to release them.
     */
    public StageReader openStageReader(StageInfo s) {
        if (s.state() == StageState.INCOMPLETE) {
            throw new StadbException("stage " + s.name() + " is not committed");
        }
        synchronized (readersLock) {
            if (closing) {
                throw new StadbException(dir.toString(), -1, -1, "store is closed", null);
            }
            openReaders++;
        }
        try {
            return new StageReader(this, s, nameLookup());
        } catch (RuntimeException e) {
            readerClosed();
            throw e;
        }
    }

    /** Called once by each {@link StageReader} as it closes. */
    void readerClosed() {
        synchronized (readersLock) {
            openReaders--;
            readersLock.notifyAll();
        }
    }

    /**
     * Waits until every stage reader is closed: they read the name mappings that close() unmaps, and a
     * query thread that was told to cancel may still be inside its last batch (reading an unmapped page
     * would crash the JVM, not throw). False when some are still open after the wait.
     */
    private boolean awaitReadersClosed() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READERS_CLOSE_WAIT_MILLIS);
        synchronized (readersLock) {
            closing = true;
            while (openReaders > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(readersLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return openReaders == 0;
                }
            }
            return true;
        }
    }

    private Catalog with(long head, long nextId, List<StageInfo> stages) {
        return new Catalog(head, nextId, catalog.namesCount(), catalog.namesBytes(), stages);
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

    /** Stages an interrupted ingest left (never visible; resumed by {@link #beginStage}, dropped by compaction). */
    List<StageInfo> interrupted() {
        return catalog.stages().stream().filter(s -> s.state() == StageState.INCOMPLETE).toList();
    }

    /**
     * The shared name dictionary (a writer's instance grows as stages are encoded). A reader loads it on
     * the first call: only decoding chunks needs it in the heap; queries use {@link #nameLookup}.
     */
    public NameDictionary names() {
        NameDictionary n = names;
        if (n == null) {
            synchronized (this) {
                if (names == null) {
                    try {
                        loadNames();
                    } catch (IOException e) {
                        throw new StadbException(dir.resolve(NAMES).toString(), -1, -1, "cannot read names: "
                            + e.getMessage(), e);
                    }
                }
                n = names;
            }
        }
        return n;
    }

    /** Names by id without loading them all into the heap (a reader's mapped names; a writer's dictionary). */
    public NameLookup nameLookup() {
        return writable ? names : mappedNames;
    }

    /**
     * Starts a new stage. A committed stage of the same name is an error unless {@code replace}, in
     * which case it is removed when the new one commits (unless another stage is stored against it).
     *
     * <p>An ingest of this name that was interrupted (the process died) is resumed when {@code source} is
     * the same string and not {@code replace}: the new stage takes over its journal (see {@link StageWriter}),
     * so the caller feeds the input again from its start. Otherwise the interrupted stage is deleted.
     * Either way the new stage gets a new id, as every stage does: ids order stages by creation, which
     * rollback relies on.
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
        if (existing.isPresent() && isBaseOfAnother(existing.get().id())) {
            throw new StadbException("stage '" + name + "' cannot be replaced: later stages are stored as deltas of it");
        }
        Optional<StageInfo> interrupted = interrupted().stream().filter(s -> s.name().equals(name)).findFirst();
        boolean resume = interrupted.isPresent() && !replace && interrupted.get().source().equals(source)
            && !JournalParts.list(stageDir(interrupted.get().id())).isEmpty(); // it may have died before its journal
        long id = catalog.nextId();
        StageInfo info = new StageInfo(id, name, StageState.INCOMPLETE, System.currentTimeMillis(), catalog.head(),
            source, 0, 0, 0, 0, 0, meta);
        List<StageInfo> all = new ArrayList<>(catalog.stages());
        interrupted.ifPresent(all::remove);
        all.add(info);
        SegmentWriter segment = null;
        JournalParts journaled = null;
        SingleWriterJournal journal;
        try {
            // The interrupted stage leaves the catalog first: if this dies before its files moved or went,
            // they are an orphan directory the next writer deletes.
            saveCatalog(with(catalog.head(), id + 1, all));
            if (resume) {
                io.move(stageDir(interrupted.get().id()), stageDir(id));
                io.deleteTree(segmentFile(id)); // left by a failed abort or start in this process; re-coded
            } else {
                if (interrupted.isPresent()) {
                    io.deleteTree(stageDir(interrupted.get().id()));
                }
                io.createDirectories(stageDir(id));
            }
            segment = new SegmentWriter(io, segmentFile(id));
            journaled = resume ? JournalParts.read(stageDir(id)) : null; // the parts there are before the new one
            journal = SingleWriterJournal.openForWrite(JournalParts.nextPart(stageDir(id)));
        } catch (IOException | RuntimeException e) {
            closeQuietly(segment);
            throw new StadbException(stageDir(id).toString(), -1, -1, "cannot start stage: " + e.getMessage(), e);
        }
        long parent = existing.isPresent() && existing.get().id() == catalog.head() ? existing.get().parentId() : catalog.head();
        openWriter = new StageWriter(this, info, journal, journaled, segment, existing.orElse(null), parent);
        return openWriter;
    }

    private static void closeQuietly(SegmentWriter w) {
        try {
            if (w != null) {
                w.close();
            }
        } catch (IOException ignored) {
            // the failure to start the stage is what the caller needs; the next writer drops what is left
        }
    }

    private boolean isBaseOfAnother(long id) {
        for (StageInfo s : stages()) {
            if (s.id() == id) {
                continue;
            }
            SegmentReader r = segment(s.id());
            for (int i = 0; i < r.chunkCount(); i++) {
                if (r.baseStage(i) == id) {
                    return true;
                }
            }
        }
        return false;
    }

    void commit(StageInfo done, StageInfo replaced) throws IOException {
        io.fsyncTree(stageDir(done.id()));
        long namesBytes = catalog.namesBytes() + appendNewNames();
        List<StageInfo> all = new ArrayList<>();
        for (StageInfo s : catalog.stages()) {
            if (s.id() == done.id()) {
                all.add(done);
            } else if (replaced == null || s.id() != replaced.id()) {
                all.add(s);
            }
        }
        saveCatalog(new Catalog(done.id(), catalog.nextId(), names.size(), namesBytes, all));
        // The stage is committed: nothing after this point may undo it. A replaced stage's files that
        // cannot be deleted now are orphans the next writer's recovery removes.
        openWriter = null;
        if (replaced != null) {
            try {
                SegmentReader r = segments.remove(replaced.id());
                if (r != null) {
                    r.close();
                }
                io.deleteTree(stageDir(replaced.id()));
            } catch (IOException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Store.class).warn("could not delete replaced stage {}: {}",
                    stageDir(replaced.id()), e.toString());
            }
        }
    }

    void abort(StageInfo info) throws IOException {
        openWriter = null;
        List<StageInfo> all = new ArrayList<>(catalog.stages());
        all.removeIf(s -> s.id() == info.id());
        // The catalog forgets the stage before its files go: a crash in between leaves an orphan directory,
        // never an INCOMPLETE entry over a half-deleted journal that a resume would read.
        saveCatalog(with(catalog.head(), catalog.nextId(), all));
        io.deleteTree(stageDir(info.id()));
        Path p = dir.resolve(NAMES);
        if (Files.exists(p)) {
            io.truncate(p, catalog.namesBytes()); // names a failed commit appended are not committed
        }
        loadNames(); // forget the names the aborted stage interned
    }

    /** The mapped segment of a committed stage (cached until the store closes). */
    SegmentReader segment(long stageId) {
        SegmentReader r = segments.get(stageId);
        if (r == null) {
            try {
                r = new SegmentReader(io, segmentFile(stageId));
            } catch (IOException e) {
                throw new StadbException(stageDir(stageId).toString(), -1, -1, "cannot open segment: " + e.getMessage(), e);
            }
            segments.put(stageId, r);
        }
        return r;
    }

    /**
     * The reader of chunk {@code i} of a stage, with its delta base attached. {@code reader} and
     * {@code baseReader} are reused.
     */
    ChunkReader chunk(long stageId, int i, ChunkReader reader, ChunkReader baseReader) {
        SegmentReader seg = segment(stageId);
        seg.open(i, reader);
        if (reader.isDelta()) {
            long base = seg.baseStage(i);
            SegmentReader bs = segment(base);
            if (i >= bs.chunkCount()) {
                throw new CorruptBlockException(seg.file().toString(), -1, "chunk " + i + " is a delta of chunk " + i
                    + " of stage " + base + ", which has only " + bs.chunkCount());
            }
            reader.setBase(bs.open(i, baseReader));
        }
        return reader;
    }

    /** Decodes every block of a committed stage in input order into one reused block. */
    public long forEachBlock(StageInfo stage, Consumer<ReportBlock> visitor) {
        if (stage.state() == StageState.INCOMPLETE) {
            throw new StadbException("stage " + stage.name() + " is not committed");
        }
        ChunkReader reader = new ChunkReader(names());
        ChunkReader baseReader = new ChunkReader(names());
        ReportBlock block = new ReportBlock();
        SegmentReader seg = segment(stage.id());
        long n = 0;
        for (int i = 0; i < seg.chunkCount(); i++) {
            chunk(stage.id(), i, reader, baseReader).decodeAll(block, visitor);
            n += reader.blockCount();
        }
        return n;
    }

    /**
     * Moves the head to {@code name}: stages created after it are marked rolled back (still readable by
     * name, no longer the head's line), stages up to it committed. Reversible: rolling back "to" a
     * rolled-back stage brings it and those before it back.
     */
    public StageInfo rollback(String name) {
        requireWriter();
        StageInfo target = stage(name).orElseThrow(() -> new StadbException("no stage named '" + name + "'"));
        List<StageInfo> all = new ArrayList<>();
        for (StageInfo st : catalog.stages()) {
            if (st.state() == StageState.INCOMPLETE) {
                all.add(st);
            } else {
                all.add(st.withState(st.id() <= target.id() ? StageState.COMMITTED : StageState.ROLLED_BACK));
            }
        }
        try {
            saveCatalog(with(target.id(), catalog.nextId(), all));
        } catch (IOException e) {
            throw new StadbException(dir.toString(), -1, -1, "rollback failed: " + e.getMessage(), e);
        }
        return head().orElseThrow();
    }

    /**
     * Checks the whole store: every visible stage's segment (trailer, footer and every chunk's CRCs, by decoding
     * it with its delta base), block counts against the catalog, the journal's record count, and the name
     * dictionary. Returns the problems found, each naming the file and, where known, the offset; empty
     * when healthy. Interrupted ingests are not problems: they are invisible, kept only to be resumed.
     */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        try {
            loadNames();
        } catch (IOException | RuntimeException e) {
            problems.add(e.getMessage());
            return problems;
        }
        ChunkReader reader = new ChunkReader(names());
        ChunkReader baseReader = new ChunkReader(names());
        ReportBlock block = new ReportBlock();
        for (StageInfo st : stages()) {
            try {
                SegmentReader seg = segment(st.id());
                long blocks = 0;
                for (int i = 0; i < seg.chunkCount(); i++) {
                    try {
                        chunk(st.id(), i, reader, baseReader).decodeAll(block, b -> { });
                        blocks += reader.blockCount();
                        if (reader.blockCount() != seg.blocks(i)) {
                            problems.add(seg.file() + ": chunk " + i + " holds " + reader.blockCount()
                                + " blocks, the footer says " + seg.blocks(i));
                        }
                    } catch (RuntimeException e) {
                        problems.add("stage " + st.name() + ": " + e.getMessage());
                    }
                }
                if (blocks != st.blocks()) {
                    problems.add("stage " + st.name() + ": " + blocks + " blocks in " + seg.file() + ", the catalog says "
                        + st.blocks());
                }
                try (PathIndex idx = openPathIndex(st)) {
                    idx.checkCrc();
                    if (idx.size() != st.paths()) {
                        problems.add(idx.file() + ": " + idx.size() + " paths, the catalog says " + st.paths());
                    }
                }
                long journaled = JournalParts.list(stageDir(st.id())).isEmpty() ? st.blocks()
                    : forEachJournaledBlock(st, b -> { });
                if (journaled != st.blocks()) {
                    problems.add("stage " + st.name() + ": " + journaled + " blocks in its journal, the catalog says "
                        + st.blocks());
                }
            } catch (RuntimeException e) {
                problems.add("stage " + st.name() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /**
     * Compacts the store (see {@link Compactor}): removes rolled-back stages unless {@code keep} and
     * interrupted ingests, rewrites delta stages as full ones when {@code fold} (or when their base goes),
     * deletes committed stages' journals. Returns a one-line summary.
     *
     * @throws StadbException naming the file whose operation failed; the store stays consistent
     */
    public String compact(boolean keep, boolean fold) {
        requireWriter();
        if (openWriter != null) {
            throw new StadbException("a stage is being written: compact after it is committed or aborted");
        }
        Compactor.Result r = new Compactor(this).run(keep, fold);
        return String.format("removed %s, folded %s, dropped %d interrupted ingests, deleted %d journals;"
                + " segments %d -> %d bytes", r.removed(), r.folded(), r.interrupted(), r.journalsDeleted(),
            r.bytesBefore(), r.bytesAfter());
    }

    /** One atomic catalog switch: these stages (updated) stay, those go (their files are the caller's). */
    void replaceStages(List<StageInfo> updated, List<StageInfo> removed) throws IOException {
        List<StageInfo> all = new ArrayList<>();
        for (StageInfo s : catalog.stages()) {
            if (removed.stream().anyMatch(r -> r.id() == s.id())) {
                continue;
            }
            all.add(updated.stream().filter(u -> u.id() == s.id()).findFirst().orElse(s));
        }
        saveCatalog(with(catalog.head(), catalog.nextId(), all)); // the head is committed, never removed
    }

    /** Unmaps a stage's cached segment (before its file is replaced or deleted). */
    void releaseSegment(long stageId) {
        SegmentReader r = segments.remove(stageId);
        if (r != null) {
            r.close();
        }
    }

    FileIo io() {
        return io;
    }

    /** The stage's journal, block by block (what ingest appended, in BlockRecordFormat; all its parts in order). */
    public long forEachJournaledBlock(StageInfo stage, Consumer<ReportBlock> visitor) {
        io.stadb.codec.BlockRecordReader reader = new io.stadb.codec.BlockRecordReader();
        ReportBlock block = new ReportBlock();
        long n = 0;
        try (JournalParts journal = JournalParts.read(stageDir(stage.id()))) {
            for (int len; (len = journal.readNext()) >= 0; n++) {
                reader.read(journal.record(), 0, len, block, journal.where());
                visitor.accept(block);
            }
        }
        return n;
    }

    private void saveCatalog(Catalog c) throws IOException {
        io.writeAtomically(dir.resolve("catalog"), CatalogFormat.write(c));
        catalog = c;
    }

    Path stageDir(long id) {
        return dir.resolve("stages").resolve(Long.toString(id));
    }

    private Path segmentFile(long id) {
        return stageDir(id).resolve(SegmentFormat.FILE_NAME);
    }

    private void requireWriter() {
        if (!writable) {
            throw new StadbException(dir.toString(), -1, -1, "store is open read-only", null);
        }
    }

    @Override
    public void close() {
        try {
            if (openWriter != null) {
                openWriter.close();
            }
        } finally {
            int stillOpen = 0;
            try {
                for (SegmentReader r : segments.values()) {
                    r.close();
                }
                segments.clear();
                if (awaitReadersClosed()) {
                    synchronized (allMappedNames) {
                        allMappedNames.forEach(MappedNames::close);
                        allMappedNames.clear();
                    }
                } else {
                    // Left mapped: the buffers' cleaners unmap them once the readers are gone.
                    synchronized (readersLock) {
                        stillOpen = openReaders;
                    }
                }
            } finally {
                if (lock != null) {
                    lock.close(); // whatever failed above, the lock must not outlive the store
                }
            }
            if (stillOpen > 0) {
                throw new StadbException(dir.toString(), -1, -1, stillOpen + " stage reader(s) still open after "
                    + READERS_CLOSE_WAIT_MILLIS + " ms; their name mappings are left to the garbage collector", null);
            }
        }
    }
}

package io.stadb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockKind;
import io.stadb.codec.Col;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.CatalogFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path tmp;

    @AfterEach
    void nothingLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(tmp));
    }

    static ReportBlock metric(long value) {
        ReportBlock b = new ReportBlock().clear(BlockKind.METRIC);
        b.layout().setDigits(2);
        int r = b.addRow(RowKind.METRIC);
        b.setName(r, "wns".getBytes(StandardCharsets.US_ASCII), 0, 3);
        b.setNum(r, Col.SLACK, value);
        b.deriveFacts();
        return b;
    }

    static ReportBlock path(long slack) {
        ReportBlock b = new ReportBlock().clear(BlockKind.PATH_SHORT);
        int r = b.addRow(RowKind.STARTPOINT);
        b.setName(r, "a".getBytes(StandardCharsets.US_ASCII), 0, 1);
        b.deriveFacts();
        return b;
    }

    private static StageInfo write(Store s, String name, int blocks) {
        try (StageWriter w = s.beginStage(name, "src", Map.of(), false)) {
            for (int i = 0; i < blocks; i++) {
                w.append(i % 2 == 0 ? metric(-i) : path(i));
            }
            return w.commit(123, 0xCAFEBABE);
        }
    }

    @Test
    void stagesCommitInOrderAndReadBack() {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            StageInfo a = write(s, "place", 10);
            StageInfo b = write(s, "route", 3);
            assertEquals(List.of(a, b), s.stages());
            assertEquals(b, s.head().orElseThrow());
            assertEquals(a.id(), b.parentId());
            assertEquals(5, a.paths());
            assertEquals(10, a.blocks());
            assertEquals(0xCAFEBABE, a.sourceCrc());
            List<Long> values = new ArrayList<>();
            assertEquals(10, s.forEachBlock(a, blk -> values.add(blk.kind() == BlockKind.METRIC ? blk.facts().slack() : 1)));
            assertEquals(List.of(0L, 1L, -2L, 1L, -4L, 1L, -6L, 1L, -8L, 1L), values);
        }
        try (Store r = Store.open(db, false)) {
            assertEquals(2, r.stages().size());
            assertThrows(StadbException.class, () -> r.beginStage("x", "-", Map.of(), false));
            r.reload();
            assertEquals("route", r.head().orElseThrow().name());
        }
    }

    @Test
    void closeWaitsForStageReadersStillReadingOnOtherThreads() throws Exception {
        // A cancelled query thread may still be inside its last batch when the store closes (the server
        // closes the store right after cancelling its streams): unmapping the names under it crashed the
        // JVM (SIGSEGV in a query thread). close() now waits for the readers it handed out.
        Path db = tmp.resolve("db");
        Store s = Store.open(db, true);
        StageInfo a = write(s, "place", 10);
        StageReader reader = s.openStageReader(a);
        java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
        List<String> readWhileClosing = new ArrayList<>();
        long[] readerClosedAt = new long[1];
        Thread query = new Thread(() -> {
            try {
                closing.await();
                Thread.sleep(300); // close() is (most likely) waiting by now; it must wait either way
                for (long i = 0; i < reader.stage().blocks(); i++) {
                    ReportBlock b = reader.block(i);
                    readWhileClosing.add(b.rowCount() > 0 ? b.name(0) : "");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                readerClosedAt[0] = System.nanoTime();
                reader.close();
            }
        }, "test-query");
        query.start();
        closing.countDown();
        s.close();
        long closeReturnedAt = System.nanoTime();
        query.join();
        assertEquals(List.of("wns", "a", "wns", "a", "wns", "a", "wns", "a", "wns", "a"), readWhileClosing);
        assertTrue(closeReturnedAt > readerClosedAt[0], "close() returned before the reader was closed");
        assertThrows(StadbException.class, () -> s.openStageReader(a), "a closed store hands out no readers");
    }

    @Test
    void manyNewNamesReachTheDictionaryInBatchesAndAllOfThem() {
        Path db = tmp.resolve("db");
        AtomicInteger namesWrites = new AtomicInteger();
        FileIo counting = new FileIo() {
            @Override
            public void appendDurably(Path p, Batches source) throws java.io.IOException {
                super.appendDurably(p, () -> {
                    byte[] b = source.next();
                    if (b != null) {
                        namesWrites.incrementAndGet();
                    }
                    return b;
                });
            }
        };
        int n = 150_000; // ~2.7 MB of names (length byte + ~17 bytes each): three 1 MB batches
        int before;
        try (Store s = Store.open(db, true, counting)) {
            before = s.names().size();
            for (int i = 0; i < n; i++) {
                byte[] name = ("core/u" + i + "/reg/D").getBytes(StandardCharsets.ISO_8859_1);
                assertEquals(before + i, s.names().intern(name, 0, name.length));
            }
            write(s, "place", 2);
        }
        assertEquals(3, namesWrites.get(), "1 MB batches");
        try (Store r = Store.open(db, false)) {
            io.stadb.codec.NameLookup names = r.nameLookup();
            assertTrue(names.size() >= before + n, "names: " + names.size());
            for (int i : new int[] {0, 1, n / 2, n - 1}) {
                assertEquals("core/u" + i + "/reg/D", names.name(before + i));
            }
        }
    }

    @Test
    void abortedAndUncommittedStagesVanish() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            StageWriter w = s.beginStage("cts", "src", Map.of("k", "v"), false);
            w.append(metric(1));
            assertThrows(StadbException.class, () -> s.beginStage("other", "src", Map.of(), false));
            w.close();
            assertTrue(s.stages().isEmpty());
            assertEquals(0, stageDirs(db));
            StageWriter w2 = s.beginStage("cts", "src", Map.of(), false);
            w2.append(metric(1));
            w2.abort();
            w2.abort();
            assertThrows(StadbException.class, () -> w2.commit(0, 0));
            assertTrue(s.stages().isEmpty());
        }
    }

    @Test
    void aStageLeftIncompleteByADeadWriterStaysInvisibleUntilResumedOrReplaced() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            write(s, "place", 2);
        }
        // What a writer killed mid-ingest leaves: an INCOMPLETE catalog entry, its directory and partial segment,
        // and an orphan directory the catalog does not name.
        byte[] cat = Files.readAllBytes(db.resolve("catalog"));
        CatalogFormat.Catalog c = CatalogFormat.read(cat, "catalog");
        List<StageInfo> all = new ArrayList<>(c.stages());
        all.add(new StageInfo(c.nextId(), "route", StageState.INCOMPLETE, 1, c.head(), "x", 0, 0, 0, 0, 0, Map.of()));
        Files.write(db.resolve("catalog"), CatalogFormat.write(new CatalogFormat.Catalog(c.head(), c.nextId() + 1, c.namesCount(), c.namesBytes(), all)));
        Path left = db.resolve("stages").resolve(Long.toString(c.nextId()));
        Files.createDirectories(left.resolve("journal"));
        Files.write(left.resolve(SegmentFormat.FILE_NAME), new byte[] {1, 2, 3});
        Files.createDirectories(db.resolve("stages").resolve("99"));
        try (Store r = Store.open(db, false)) {
            assertEquals(1, r.stages().size(), "readers never see incomplete stages");
            assertThrows(StadbException.class, () -> r.forEachBlock(all.get(1), b -> { }));
        }
        try (Store w = Store.open(db, true)) {
            assertEquals(1, w.stages().size());
            assertEquals(2, stageDirs(db), "the orphan goes, the interrupted stage stays for a resume");
            assertTrue(Files.notExists(left.resolve(SegmentFormat.FILE_NAME)) && Files.isDirectory(left.resolve("journal")));
            assertEquals("route", write(w, "route", 1).name()); // another source: a fresh stage
            assertEquals(2, stageDirs(db));
            assertTrue(Files.notExists(left));
        }
    }

    @Test
    void replaceNamesAndMetadataKeys() {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            StageInfo first = write(s, "place", 2);
            assertEquals(first, assertThrows(StageExistsException.class,
                () -> s.beginStage("place", "src", Map.of(), false)).existing());
            StageInfo second;
            try (StageWriter w = s.beginStage("place", "src2", new LinkedHashMap<>(Map.of("git", "abc 1=2")), true)) {
                w.append(metric(5));
                second = w.commit(1, 2);
            }
            assertEquals(List.of(second), s.stages());
            assertEquals("abc 1=2", s.stage("place").orElseThrow().meta().get("git"));
            assertThrows(StadbException.class, () -> s.beginStage("ok", "src", Map.of("bad key", "v"), false));
            assertTrue(StageNames.isValid("3_place-v2:a@b"));
            assertFalse(StageNames.isValid(".."));
            assertFalse(StageNames.isValid(null));
        }
    }

    @Test
    void catalogFormatRoundTripsAndRejectsGarbage() {
        StageInfo s = new StageInfo(7, "route", StageState.ROLLED_BACK, 99, 6, "sta -exit run.tcl > x",
            1000, -1, 5, 6, 7, Map.of("k", "", "é", "line\nbreak%="));
        CatalogFormat.Catalog c = new CatalogFormat.Catalog(7, 8, List.of(s));
        assertEquals(c, CatalogFormat.read(CatalogFormat.write(c), "x"));
        for (String bad : new String[] {"", "stadb-catalog 2\nhead 1\nnext-id 2\n", "stadb-catalog 1\nhead x\nnext-id 2\n",
            "stadb-catalog 1\nhead 1\nnext-id 2\nstage 1 2\n", "stadb-catalog 1\nhead 1\nnext-id 2\nfoo\n",
            "stadb-catalog 1\nhead 1\nnext-id 2\nstage 1 COMMITTED 0 0 0 0 0 0 0 n s novalue\n",
            "stadb-catalog 1\nhead 1\nnext-id 2\nstage 1 COMMITTED 0 0 0 0 0 0 0 n s%2\n"}) {
            assertThrows(StadbException.class, () -> CatalogFormat.read(bad.getBytes(StandardCharsets.UTF_8), "bad"), bad);
        }
    }

    /** Injected failures surface as errors naming the store, and leave the previous state intact. */
    @Test
    void diskFullAndFsyncFailuresAreSurfacedAndNothingIsHalfVisible() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            write(s, "place", 1);
        }
        AtomicInteger writesLeft = new AtomicInteger(0);
        FileIo diskFull = new FileIo() {
            @Override
            public void write(FileChannel ch, byte[] bytes) throws IOException {
                if (writesLeft.getAndDecrement() <= 0) {
                    ch.write(java.nio.ByteBuffer.wrap(bytes, 0, bytes.length / 2)); // a short write, then
                    throw new IOException("No space left on device");
                }
                super.write(ch, bytes);
            }
        };
        try (Store s = Store.open(db, true, diskFull)) {
            StadbException e = assertThrows(StadbException.class, () -> s.beginStage("route", "x", Map.of(), false));
            assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        }
        FileIo fsyncFails = new FileIo() {
            @Override
            public void fsyncTree(Path dir) throws IOException {
                throw new IOException("fsync: Input/output error");
            }
        };
        try (Store s = Store.open(db, true, fsyncFails)) {
            StageWriter w = s.beginStage("route", "x", Map.of(), false);
            w.append(metric(3));
            StadbException e = assertThrows(StadbException.class, () -> w.commit(1, 1));
            assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
            assertEquals(List.of("place"), s.stages().stream().map(StageInfo::name).toList());
        }
        try (Store s = Store.open(db, false)) {
            assertEquals(1, s.stages().size());
            assertEquals(1, stageDirs(db));
        }
    }

    /** A stage whose journal cannot be created fails to start, and its half-made segment is not left open. */
    @Test
    void aStageThatCannotStartLeavesNothingOpen() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            Path next = db.resolve("stages").resolve("1");
            Files.createDirectories(next);
            Files.writeString(next.resolve("journal"), "in the way");
            StadbException e = assertThrows(StadbException.class, () -> s.beginStage("place", "src", Map.of(), false));
            assertTrue(e.getMessage().startsWith(next + ": cannot start stage"), e.getMessage());
            assertTrue(s.stages().isEmpty());
            Files.delete(next.resolve("journal"));
            assertEquals("place", write(s, "place", 1).name());
        }
    }

    @Test
    void foreignDirectoriesAndFormats() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("x"), "x");
        assertThrows(StadbException.class, () -> Store.open(other, true));
        Path db = tmp.resolve("db");
        Store.open(db, true).close();
        Files.writeString(db.resolve(Store.MARKER), "stadb-store 99\n");
        StadbException e = assertThrows(StadbException.class, () -> Store.open(db, false));
        assertTrue(e.getMessage().contains("unsupported store format"), e.getMessage());
        try (Store created = Store.open(tmp.resolve("db2"), true)) {
            assertEquals(db, created.directory().getParent().resolve("db"));
        }
    }

    @Test
    void oneWriterAtATimeAndTheLockDiesWithItsOwner() throws IOException {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            StadbException e = assertThrows(StadbException.class, () -> Store.open(db, true));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            try (Store reader = Store.open(db, false)) {
                assertTrue(reader.stages().isEmpty());
            }
        }
        Store.open(db, true).close();
        FileIo.DEFAULT.deleteTree(tmp.resolve("does-not-exist"));
        assertEquals("stadb-store 1\n", new String(FileIo.DEFAULT.readAll(db.resolve(Store.MARKER)), StandardCharsets.US_ASCII));
    }

    private static long stageDirs(Path db) throws IOException {
        try (Stream<Path> s = Files.list(db.resolve("stages"))) {
            return s.count();
        }
    }
}

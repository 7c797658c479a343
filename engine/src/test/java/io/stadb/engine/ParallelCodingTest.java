package io.stadb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockKind;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ChunkWriter;
import io.stadb.codec.Col;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import io.stadb.codec.StadbException;
import io.stadb.engine.internal.SingleWriterChunkCoders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StageWriter#coderThreads}: chunks coded on coder threads are stored byte for byte as coded on the
 * writer's thread (full and delta chunks, whichever chunk finishes first), a coder's failure reaches the
 * writer's caller as the very exception and leaves no stage, file or thread behind, and so does closing
 * a writer mid-stage.
 */
class ParallelCodingTest {
    /** Enough blocks for four chunks, the last one short. */
    static final int BLOCKS = 3 * ChunkWriter.DEFAULT_CHUNK_BLOCKS + 1000;

    @TempDir
    Path tmp;

    @AfterEach
    void nothingLeftOpenOrRunning() throws IOException {
        assertEquals(List.of(), OpenFiles.under(tmp));
        assertEquals(List.of(), coderThreads());
    }

    static List<String> coderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(n -> n.startsWith(SingleWriterChunkCoders.THREAD_NAME)).toList();
    }

    /**
     * A path block of a small random design: a start point, a few points through shared pins (so the model
     * predicts some and misses others) and an end point; {@code variant} changes some delays (a re-run).
     */
    static ReportBlock path(SplittableRandom r, int i, int variant) {
        ReportBlock b = new ReportBlock().clear(BlockKind.PATH);
        b.layout().setDigits(3);
        b.setSource(100L * i, 5L * i + 1);
        row(b, RowKind.STARTPOINT, "reg" + r.nextInt(300) + "/CK", "rising edge-triggered flip-flop clocked by clk");
        row(b, RowKind.ENDPOINT, "reg" + r.nextInt(300) + "/D", "rising edge-triggered flip-flop clocked by clk");
        row(b, RowKind.PATH_GROUP, "clk", null);
        row(b, RowKind.PATH_TYPE, "max", null);
        long t = 0;
        int points = 4 + r.nextInt(8);
        for (int k = 0; k < points; k++) {
            int p = b.addRow(RowKind.POINT);
            byte[] n = ("u" + r.nextInt(2000) + "/" + "ABZ".charAt(r.nextInt(3))).getBytes(StandardCharsets.US_ASCII);
            b.setName(p, n, 0, n.length);
            byte[] cell = ("NAND2X" + r.nextInt(3)).getBytes(StandardCharsets.US_ASCII);
            b.setAux(p, cell, 0, cell.length);
            b.setEdge(p, (byte) (r.nextBoolean() ? '^' : 'v'));
            long d = r.nextLong(10, 200) + (variant > 0 && k == 2 ? variant : 0);
            t += d;
            b.setNum(p, Col.DELAY, d);
            b.setNum(p, Col.TIME, t);
        }
        int a = b.addRow(RowKind.POINT);
        b.setName(a, "data arrival time".getBytes(StandardCharsets.US_ASCII), 0, 17);
        b.setNum(a, Col.TIME, t);
        b.addRow(RowKind.BLANK);
        int q = b.addRow(RowKind.POINT);
        b.setName(q, "data required time".getBytes(StandardCharsets.US_ASCII), 0, 18);
        long req = 2000 + r.nextLong(0, 50);
        b.setNum(q, Col.TIME, req);
        int s = b.addRow(RowKind.POINT);
        b.setName(s, "slack".getBytes(StandardCharsets.US_ASCII), 0, 5);
        b.setNum(s, Col.TIME, req - t);
        byte[] met = (req - t < 0 ? "VIOLATED" : "MET").getBytes(StandardCharsets.US_ASCII);
        b.setExtra(s, met, 0, met.length);
        b.deriveFacts();
        return b;
    }

    private static void row(ReportBlock b, byte kind, String name, String aux) {
        int r = b.addRow(kind);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        b.setName(r, n, 0, n.length);
        if (aux != null) {
            byte[] x = aux.getBytes(StandardCharsets.US_ASCII);
            b.setAux(r, x, 0, x.length);
        }
    }

    /**
     * Writes stage {@code name} of {@code blocks} blocks from seed 7, with {@code threads} coder threads; with
     * -{@code threads}, each block goes through journal and code as the ingest's two threads hand it on, its
     * journal record passed from one to the other.
     */
    private static StageInfo write(Store s, String name, int blocks, int variant, int threads, StageHook hook) {
        SplittableRandom r = new SplittableRandom(7);
        try (StageWriter w = s.beginStage(name, name + ".txt", Map.of(), false)) {
            w.coderThreads(Math.abs(threads));
            if (hook != null) {
                hook.install(w);
            }
            ByteBuilder record = new ByteBuilder();
            for (int i = 0; i < blocks; i++) {
                ReportBlock b = path(r, i, variant);
                if (threads >= 0) {
                    w.append(b);
                } else {
                    w.journal(b, record);
                    assertTrue(record.length() > 0, "the journal hands its record on");
                    w.code(b, record);
                }
            }
            return w.commit(1234, 0);
        }
    }

    interface StageHook {
        void install(StageWriter w);
    }

    /** The files a stage is made of, and the store's names. */
    private static List<byte[]> stored(Path db, StageInfo... stages) throws IOException {
        List<byte[]> out = new java.util.ArrayList<>();
        for (StageInfo st : stages) {
            Path dir = db.resolve("stages").resolve(Long.toString(st.id()));
            out.add(Files.readAllBytes(dir.resolve(SegmentFormat.FILE_NAME)));
            out.add(Files.readAllBytes(dir.resolve(PathIndexFormat.FILE_NAME)));
        }
        out.add(Files.readAllBytes(db.resolve("names.dict")));
        return out;
    }

    @Test
    void coderThreadsStoreExactlyTheBytesOfCodingOnTheWritersThread() throws IOException {
        List<byte[]> expected = null;
        for (int threads : new int[] {0, 1, 2, 4, -2}) {
            Path db = tmp.resolve("t" + threads);
            try (Store s = Store.open(db, true)) {
                // The first chunk codes slowly: the chunks after it finish first and must wait for it.
                AtomicInteger seen = new AtomicInteger();
                StageHook slowFirst = w -> w.beforeCoding(b -> {
                    if (b.sourceLine() == 1 && seen.incrementAndGet() == 1) {
                        sleep(300);
                    }
                });
                StageInfo a = write(s, "a", BLOCKS, 0, threads, slowFirst);
                // A re-run: delta chunks against the first stage's.
                StageInfo b = write(s, "b", BLOCKS - 500, 3, threads, null);
                StageInfo empty = write(s, "empty", 0, 0, threads, null);
                assertEquals(4, s.segment(a.id()).chunkCount());
                assertEquals(a.id(), s.segment(b.id()).baseStage(0), "the re-run's chunks are deltas");
                assertEquals(BLOCKS, s.forEachBlock(a, x -> { }));
                assertEquals(0, empty.blocks());
                assertEquals(List.of(), s.verify());
                List<byte[]> got = stored(db, a, b, empty);
                if (expected == null) {
                    expected = got;
                } else {
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i), got.get(i), threads + " threads, file " + i);
                    }
                }
            }
        }
    }

    @Test
    void aCoderFailureIsTheWritersFailureAndLeavesNothing() {
        Path db = tmp.resolve("db");
        StadbException boom = new StadbException("injected coder failure");
        try (Store s = Store.open(db, true)) {
            write(s, "base", 10, 0, 0, null);
            // In a middle chunk: seen by a later append. In the last chunk: by the commit.
            for (int failAt : new int[] {ChunkWriter.DEFAULT_CHUNK_BLOCKS + 10, BLOCKS - 10}) {
                StadbException e = assertThrows(StadbException.class, () -> write(s, "bad", BLOCKS, 0, 2, w -> {
                    w.beforeCoding(b -> {
                        if (b.sourceLine() == 5L * failAt + 1) {
                            assertTrue(Thread.currentThread().getName().startsWith(SingleWriterChunkCoders.THREAD_NAME));
                            throw boom;
                        }
                    });
                }));
                assertSame(boom, e, "the coder's exception itself");
                assertEquals(List.of(), coderThreads());
                assertEquals(List.of("base"), s.stages().stream().map(StageInfo::name).toList());
                assertEquals(1, stageDirs(db), "only the committed stage's directory");
            }
            // The store is fine: the next stage commits, coded on threads.
            StageInfo ok = write(s, "ok", 5000, 0, 2, null);
            assertEquals(5000, ok.blocks());
            assertEquals(List.of(), s.verify());
        }
    }

    @Test
    void closingMidStageStopsTheCodersAndDropsTheStage() {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            SplittableRandom r = new SplittableRandom(1);
            try (StageWriter w = s.beginStage("x", "x.txt", Map.of(), false)) {
                w.coderThreads(3);
                w.beforeCoding(b -> sleep(1)); // coders still busy at close
                for (int i = 0; i < BLOCKS; i++) {
                    w.append(path(r, i, 0));
                }
                assertTrue(coderThreads().size() > 0);
            } // closed without commit: aborts
            assertEquals(List.of(), coderThreads());
            assertTrue(s.stages().isEmpty());
            assertEquals(0, stageDirs(db));
        }
    }

    @Test
    void theCoderThreadCountIsCheckedAndSetBeforeTheFirstBlock() {
        try (Store s = Store.open(tmp.resolve("db"), true); StageWriter w = s.beginStage("x", "x", Map.of(), false)) {
            assertThrows(IllegalArgumentException.class, () -> w.coderThreads(-1));
            assertThrows(IllegalArgumentException.class, () -> w.coderThreads(StageWriter.MAX_CODER_THREADS + 1));
            w.coderThreads(StageWriter.MAX_CODER_THREADS).coderThreads(0).coderThreads(2);
            w.append(path(new SplittableRandom(1), 0, 0));
            assertThrows(IllegalStateException.class, () -> w.coderThreads(1));
        }
    }

    private static long stageDirs(Path db) {
        try (Stream<Path> s = Files.list(db.resolve("stages"))) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

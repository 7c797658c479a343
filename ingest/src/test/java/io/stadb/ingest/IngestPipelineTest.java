package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.FileIo;
import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import io.stadb.ingest.internal.IngestPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Disruptor pipeline of {@link Ingestor} with the real store: a throttled writer holds the parser
 * back, a writer failure stops the parser and drops the stage, a parser failure drops the stage and
 * reaches the caller unchanged, and no writer thread survives any of it.
 */
@ExtendWith(NoLeaks.class)
class IngestPipelineTest {
    static final byte[] LATCHES = ParserFuzzTest.fixture("latches.txt");
    static final int RING = 16;
    static final int CHUNK = ParserOptions.DEFAULTS.chunkSize();

    /** Paths and blocks of one copy of the fixture, and the largest distance between two block starts. */
    static long pathsPerCopy;
    static long blocksPerCopy;
    static long linesPerCopy;
    static long maxBlockSpan;

    @TempDir
    Path tmp;

    @BeforeAll
    static void measureFixture() {
        RoundTrip one = RoundTrip.of(LATCHES).assertLossless();
        pathsPerCopy = one.summary.paths();
        blocksPerCopy = one.summary.blocks();
        linesPerCopy = one.summary.lines();
        assertEquals('\n', LATCHES[LATCHES.length - 1]);
        // Spans over two copies, so the one across the seam counts too.
        List<Long> starts = new ArrayList<>();
        new ReportParser(ParserOptions.DEFAULTS, b -> starts.add(b.sourceOffset()))
            .parse(new RepeatedInput(LATCHES, 2), "two");
        starts.add(2L * LATCHES.length);
        for (int i = 1; i < starts.size(); i++) {
            maxBlockSpan = Math.max(maxBlockSpan, starts.get(i) - starts.get(i - 1));
        }
        assertTrue(blocksPerCopy > 10 && maxBlockSpan > 0 && maxBlockSpan < 20_000, blocksPerCopy + " " + maxBlockSpan);
    }

    @Test
    void fullRingHoldsTheParserBackAndEveryPathIsStoredOnce() {
        int copies = (int) (50_000_000L / LATCHES.length) + 1; // ~50 MB
        long total = (long) copies * LATCHES.length;
        int throttled = 1000; // blocks written 1 ms apart: ~1 s, in which a free parser (~300 MB/s) would read it all
        RepeatedInput in = new RepeatedInput(LATCHES, copies);
        AtomicLong maxLead = new AtomicLong();
        AtomicLong readWhenThrottleEnded = new AtomicLong();
        AtomicReference<String> writerThread = new AtomicReference<>();
        long[] appended = {0};
        List<long[]> progress = new ArrayList<>();
        List<Long> stored = new ArrayList<>();
        IngestResult r;
        try (Store s = Store.open(tmp.resolve("db"), true)) {
            r = new Ingestor(s, ParserOptions.DEFAULTS, RING)
                .progress((bytes, tot, paths, nanos) -> progress.add(new long[] {bytes, tot, paths}), total)
                .beforeAppend(block -> {
                    writerThread.compareAndSet(null, Thread.currentThread().getName());
                    // How far the parser has read past the start of the block being written now.
                    maxLead.accumulateAndGet(in.bytesRead() - block.sourceOffset(), Math::max);
                    if (++appended[0] <= throttled) {
                        sleep(1);
                        if (appended[0] == throttled) {
                            readWhenThrottleEnded.set(in.bytesRead());
                        }
                    }
                })
                .ingest("big", in, "big.txt", Map.of(), false);
            s.forEachBlock(r.stage(), b -> stored.add(blockHash(b)));
        }
        assertNoWriterThread();
        assertEquals(IngestPipeline.JOURNAL_THREAD_NAME, writerThread.get());

        // Published blocks <= the ring, plus the block the parser holds (waiting in next()) and the one it is
        // reading, plus one read chunk, plus one span of margin: the lead, and so the heap held for
        // blocks in flight, never depends on the input size.
        long bound = (RING + 3) * maxBlockSpan + CHUNK;
        assertTrue(maxLead.get() > 0 && maxLead.get() <= bound, "lead " + maxLead + " > bound " + bound);
        assertTrue(readWhenThrottleEnded.get() <= throttled * maxBlockSpan + bound,
            "parser read " + readWhenThrottleEnded + " of " + total + " bytes while the writer was throttled");
        assertTrue(readWhenThrottleEnded.get() < total / 10, "the throttle did not hold the parser back");

        assertFalse(progress.isEmpty(), "no progress during a run of over a second");
        long lastPaths = 0;
        for (long[] p : progress) {
            // A tick may land after the parser has read the last byte while the writer still drains the ring.
            assertTrue(p[0] > 0 && p[0] <= total && p[1] == total, p[0] + "/" + p[1]);
            assertTrue(p[2] >= lastPaths && p[2] <= copies * pathsPerCopy, "paths " + p[2]);
            lastPaths = p[2];
        }

        // Exactly once and in order: the stored blocks are those of a plain parse of the same input.
        List<Long> plain = new ArrayList<>();
        ParseSummary ps = new ReportParser(ParserOptions.DEFAULTS, b -> plain.add(blockHash(b)))
            .parse(new RepeatedInput(LATCHES, copies), "plain");
        assertEquals(total, in.bytesRead());
        assertEquals(copies * pathsPerCopy, ps.paths());
        assertEquals(ps.paths(), r.stage().paths());
        assertEquals(ps.blocks(), r.stage().blocks());
        assertEquals(ps.blocks(), appended[0]);
        assertEquals(total, r.stage().sourceBytes());
        assertEquals(plain.size(), stored.size());
        assertTrue(plain.equals(stored), "stored blocks differ from a plain parse");
        System.out.printf("IngestPipelineTest: %.1f MB, ring %d, max lead %d B (bound %d), %.0f MB/s incl. ~1 s throttle%n",
            total / 1e6, RING, maxLead.get(), bound, r.megabytesPerSecond());
    }

    @Test
    void writerFailureStopsTheParserAndDropsTheStage() {
        int copies = 200; // ~15 MB: the parser must stop long before its end
        int failAt = 100;
        RuntimeException diskFull = new UncheckedIOException(new IOException("No space left on device"));
        RepeatedInput in = new RepeatedInput(LATCHES, copies);
        long[] appended = {0};
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            Ingestor ingestor = new Ingestor(s, ParserOptions.DEFAULTS, RING).beforeAppend(b -> {
                if (++appended[0] == failAt) {
                    throw diskFull;
                }
            });
            StadbException e = assertThrows(StadbException.class,
                () -> ingestor.ingest("route", in, "route.txt", Map.of(), false));
            assertSame(diskFull, e.getCause());
            assertTrue(e.getMessage().contains("'route'") && e.getMessage().contains("No space left on device"),
                e.getMessage());
            assertEquals(0, e.getSuppressed().length);
            assertEquals(failAt, appended[0], "no append after the failure");
            assertTrue(in.bytesRead() <= (failAt + RING + 3) * maxBlockSpan + CHUNK,
                "parser read " + in.bytesRead() + " bytes after the writer failed at block " + failAt);
            assertNoWriterThread();
            assertTrue(s.stages().isEmpty());
            assertEquals(0, stageDirs(db));

            // The abort really released the store: the next ingest commits.
            StageInfo again = new Ingestor(s, ParserOptions.DEFAULTS, RING)
                .ingest("route", new RepeatedInput(LATCHES, 1), "route.txt", Map.of(), false).stage();
            assertEquals(pathsPerCopy, again.paths());
            assertEquals(List.of("route"), s.stages().stream().map(StageInfo::name).toList());
        }
    }

    @Test
    void commitFailureOnTheWriterThreadReachesTheCaller() {
        AtomicReference<String> fsyncThread = new AtomicReference<>();
        IOException fsyncFailed = new IOException("No space left on device");
        FileIo failingFsync = new FileIo() {
            @Override
            public void fsyncTree(Path dir) throws IOException {
                fsyncThread.set(Thread.currentThread().getName());
                throw fsyncFailed;
            }
        };
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true, failingFsync)) {
            StadbException e = assertThrows(StadbException.class, () -> new Ingestor(s, ParserOptions.DEFAULTS, RING)
                .ingest("cts", new RepeatedInput(LATCHES, 3), "cts.txt", Map.of(), false));
            assertEquals(IngestPipeline.THREAD_NAME, fsyncThread.get(), "commit ran on the writer thread");
            assertTrue(e.getCause() instanceof StadbException, String.valueOf(e.getCause()));
            assertSame(fsyncFailed, e.getCause().getCause());
            assertTrue(e.getMessage().contains("commit failed"), e.getMessage());
            assertNoWriterThread();
            assertTrue(s.stages().isEmpty());
            assertEquals(0, stageDirs(db));
        }
    }

    @Test
    void strictParseFailureMidStreamAbortsAndIsRethrownUnchanged() {
        byte[] bad = (ReportParserTest.PATH.substring(0, 300) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ParserOptions strict = ParserOptions.DEFAULTS.withStrict(true);
        ReportFormatException expected = assertThrows(ReportFormatException.class,
            () -> new ReportParser(strict, b -> { }).parse(input(bad), "mixed.txt"));
        long[] appended = {0};
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> new Ingestor(s, strict, RING).beforeAppend(b -> appended[0]++)
                    .ingest("place", input(bad), "mixed.txt", Map.of(), false));
            assertEquals(expected.problem(), e.problem());
            assertEquals(expected.getMessage(), e.getMessage());
            assertNull(e.getCause());
            assertEquals(0, e.getSuppressed().length);
            assertEquals(20 * linesPerCopy + 1, e.problem().blockLine(), "the cut path starts after 20 copies");
            // Everything before the bad block reached the writer before the abort (the ring is FIFO).
            assertEquals(20 * blocksPerCopy, appended[0]);
            assertNoWriterThread();
            assertTrue(s.stages().isEmpty());
            assertEquals(0, stageDirs(db));
        }
    }

    @Test
    void readFailureMidStreamAbortsTheStage() {
        IOException broken = new IOException("Broken pipe");
        RepeatedInput in = new RepeatedInput(LATCHES, 20).failAt(7L * LATCHES.length + 123, broken);
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            StadbException e = assertThrows(StadbException.class,
                () -> new Ingestor(s, ParserOptions.DEFAULTS, RING).ingest("cts", in, "pipe", Map.of(), false));
            assertSame(broken, e.getCause());
            assertTrue(e.getMessage().contains("read failed: Broken pipe"), e.getMessage());
            assertNoWriterThread();
            assertTrue(s.stages().isEmpty());
            assertEquals(0, stageDirs(db));
        }
    }

    @Test
    void ringSizeIsAPowerOfTwoAndTheSmallestRingAndAnEmptyInputWork() {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            for (int bad : new int[] {-4, 0, 1, 3, 1000}) {
                assertThrows(IllegalArgumentException.class, () -> new Ingestor(s, ParserOptions.DEFAULTS, bad), "" + bad);
            }
            StageInfo two = new Ingestor(s, ParserOptions.DEFAULTS, 2)
                .ingest("two", new RepeatedInput(LATCHES, 3), "three.txt", Map.of(), false).stage();
            assertEquals(3 * pathsPerCopy, two.paths());
            assertEquals(3 * blocksPerCopy, two.blocks());
            StageInfo empty = new Ingestor(s, ParserOptions.DEFAULTS)
                .ingest("empty", new RepeatedInput(LATCHES, 0), "empty.txt", Map.of(), false).stage();
            assertEquals(0, empty.paths());
            assertEquals(0, empty.blocks());
            assertEquals(List.of("two", "empty"), s.stages().stream().map(StageInfo::name).toList());
            assertEquals("empty", s.head().orElseThrow().name());
            assertNoWriterThread();
        }
    }

    @Test
    void bigTableChunksPassThroughTheRingIntact() {
        // Three end tables of 5 040 rows each: chunks of 4 096 rows, over the size a ring slot keeps.
        String[] lines = new String(ParserFuzzTest.fixture("format_end.txt"), StandardCharsets.ISO_8859_1).split("\n");
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            table.append(lines[i]).append('\n');
        }
        for (int copy = 0; copy < 105; copy++) {
            for (int i = 5; i < 53; i++) {
                table.append(lines[i]).append('\n');
            }
        }
        byte[] input = table.append('\n').toString().repeat(3).getBytes(StandardCharsets.ISO_8859_1);
        RoundTrip plain = RoundTrip.of(input).assertLossless();
        int largest = plain.blocks.stream().mapToInt(ReportBlock::rowCount).max().orElseThrow();
        assertTrue(largest >= 4096, "largest chunk has " + largest + " rows");
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            StageInfo st = new Ingestor(s, ParserOptions.DEFAULTS, 2)
                .ingest("end", new RepeatedInput(input, 1), "end.txt", Map.of(), false).stage();
            assertEquals(plain.summary.blocks(), st.blocks());
            assertEquals(3 * 5040, st.paths());
            ByteBuilder out = new ByteBuilder();
            BlockRenderer r = new BlockRenderer();
            s.forEachBlock(st, b -> r.render(b, out));
            assertEquals(new String(plain.expected, StandardCharsets.ISO_8859_1), out.toString());
        }
    }

    /** 20 copies of the fixture, a path cut short, 20 more copies. */
    private static InputStream input(byte[] bad) {
        byte[] twenty = new String(LATCHES, StandardCharsets.ISO_8859_1).repeat(20).getBytes(StandardCharsets.ISO_8859_1);
        return new RepeatedInput(new byte[][] {twenty, bad, twenty}, new int[] {1, 1, 1});
    }

    /** A block's identity: its rendered text and where it came from. */
    private static long blockHash(ReportBlock b) {
        ByteBuilder out = new ByteBuilder();
        new BlockRenderer().render(b, out);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.length());
        return crc.getValue() ^ (b.sourceOffset() << 32) ^ Long.rotateLeft(b.sourceLine(), 17);
    }

    private static void assertNoWriterThread() {
        List<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(n -> n.equals(IngestPipeline.THREAD_NAME) || n.equals(IngestPipeline.JOURNAL_THREAD_NAME)).toList();
        assertTrue(alive.isEmpty(), "ingest threads still running: " + alive);
    }

    private static long stageDirs(Path db) {
        try (Stream<Path> s = Files.list(db.resolve("stages"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void tableChunksInFlightAreBoundedByRowsNotOnlyBySlots() throws IOException {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        long rows = 400_000; // ~98 table blocks of 4 096 rows, 29 MB: fits a 1 024-slot ring many times over
        new EndTableGenerator(rows, 3, 3, 4096).write(text);
        byte[] bytes = text.toByteArray();
        RepeatedInput in = new RepeatedInput(bytes, 1);
        AtomicLong maxLead = new AtomicLong();
        IngestResult r;
        try (Store s = Store.open(tmp.resolve("db"), true)) {
            r = new Ingestor(s, ParserOptions.DEFAULTS, 1024)
                .beforeAppend(block -> {
                    maxLead.accumulateAndGet(in.bytesRead() - block.sourceOffset(), Math::max);
                    sleep(5); // a slow disk: without a row budget the parser would read the whole input ahead
                })
                .ingest("tables", in, "tables.txt", Map.of(), false);
        }
        assertEquals(rows, r.stage().paths());
        // The budget (MAX_ROWS_IN_FLIGHT rows) plus the block being written, one being copied, one read chunk.
        long rowBytes = bytes.length / rows + 1;
        long bound = (IngestPipeline.MAX_ROWS_IN_FLIGHT + 3 * 4096) * rowBytes + CHUNK;
        assertTrue(maxLead.get() <= bound && bound < bytes.length / 2, "lead " + maxLead + " bound " + bound
            + " of " + bytes.length);
    }

    /** Parts repeated in order, read in chunks; counts what was read (readable from any thread). */
    static final class RepeatedInput extends InputStream {
        private final byte[][] parts;
        private final int[] repeats;
        private int part;
        private int copy;
        private int pos;
        private volatile long read;
        private long failAt = Long.MAX_VALUE;
        private IOException failure;

        RepeatedInput(byte[] unit, int copies) {
            this(new byte[][] {unit}, new int[] {copies});
        }

        RepeatedInput(byte[][] parts, int[] repeats) {
            this.parts = parts;
            this.repeats = repeats;
        }

        /** Throws {@code e} once {@code offset} bytes were read. */
        RepeatedInput failAt(long offset, IOException e) {
            failAt = offset;
            failure = e;
            return this;
        }

        long bytesRead() {
            return read;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (read >= failAt) {
                throw failure;
            }
            while (part < parts.length && (copy == repeats[part] || parts[part].length == 0)) {
                part++;
                copy = 0;
                pos = 0;
            }
            if (part == parts.length) {
                return -1;
            }
            byte[] p = parts[part];
            int n = (int) Math.min(Math.min(len, p.length - pos), failAt - read);
            System.arraycopy(p, pos, b, off, n);
            pos += n;
            if (pos == p.length) {
                copy++;
                pos = 0;
            }
            read += n;
            return n;
        }
    }
}

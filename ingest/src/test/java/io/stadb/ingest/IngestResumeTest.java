package io.stadb.ingest;

import io.stadb.engine.StoreFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.StadbException;
import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-running an interrupted ingest through the real pipeline. The interruption is the store copied as a
 * kill would leave it, taken on the writer thread after a chosen number of blocks (the writer's own test
 * seam); {@link IngestCrashTest} does the same with a real SIGKILL.
 */
@ExtendWith(NoLeaks.class)
class IngestResumeTest {
    @TempDir
    Path tmp;

    private static byte[] text;
    private static RoundTrip parsed;

    @BeforeAll
    static void generate() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReportGenerator(new ReportGenerator.Options(5000, 11, 1, true, 3, 4096)).write(out);
        text = out.toByteArray();
        parsed = RoundTrip.of(text);
    }

    /** Ingests {@code text} as "route" from "route.rpt" and leaves in {@code to} the store as killed after {@code n} blocks. */
    private static void killedAfter(Path db, int n, Path to) {
        try (Store s = Store.open(db, true)) {
            int[] seen = {0};
            Ingestor in = new Ingestor(s, ParserOptions.DEFAULTS, 64).beforeAppend(b -> {
                if (seen[0]++ == n) {
                    try {
                        StoreFiles.crashCopy(db, to);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    throw new IllegalStateException("killed here");
                }
            });
            assertThrows(StadbException.class, () -> ingest(in, text, "route.rpt"));
            assertTrue(s.stages().isEmpty());
        }
    }

    private static IngestResult ingest(Ingestor in, byte[] bytes, String source) {
        return in.ingest("route", new ByteArrayInputStream(bytes), source, Map.of(), false);
    }

    private static String render(Store s, StageInfo st) {
        ByteBuilder out = new ByteBuilder();
        BlockRenderer r = new BlockRenderer();
        s.forEachBlock(st, b -> r.render(b, out));
        return out.toString();
    }

    @Test
    void theSameIngestRunAgainResumesAndStoresEveryPathOnce() throws IOException {
        Path crashed = tmp.resolve("crashed");
        killedAfter(tmp.resolve("db"), 4500, crashed); // past the first chunk
        try (Store s = Store.open(crashed, true)) {
            assertTrue(s.stages().isEmpty(), "the interrupted stage is invisible");
            IngestResult r = ingest(new Ingestor(s, ParserOptions.DEFAULTS), text, "route.rpt");
            assertEquals(4500, r.resumedBlocks());
            assertEquals(parsed.summary.paths(), r.stage().paths());
            assertEquals(parsed.blocks.size(), r.stage().blocks());
            assertEquals(text.length, r.stage().sourceBytes());
            assertEquals(new String(parsed.expected, StandardCharsets.ISO_8859_1), render(s, r.stage()));
            assertEquals(r.stage().blocks(), s.forEachJournaledBlock(r.stage(), b -> { }));
            assertEquals(List.of(), s.verify());
            assertEquals(List.of(Long.toString(r.stage().id())), StoreFiles.stageDirs(crashed));
        }
    }

    @Test
    void aChangedInputUnderTheSameSourceFailsAtItsFirstDifferenceAndTheNextRunStartsAfresh() throws IOException {
        Path crashed = tmp.resolve("crashed");
        killedAfter(tmp.resolve("db"), 300, crashed);
        // One digit changed inside block 120 (a name in its startpoint line): same length, same framing.
        long at = parsed.blocks.get(120).sourceOffset();
        long line = parsed.blocks.get(120).sourceLine();
        byte[] changed = text.clone();
        int d = (int) at;
        while (!Character.isDigit(changed[d])) {
            d++;
        }
        changed[d] = (byte) (changed[d] == '9' ? '8' : changed[d] + 1);
        try (Store s = Store.open(crashed, true)) {
            Ingestor in = new Ingestor(s, ParserOptions.DEFAULTS);
            StadbException e = assertThrows(StadbException.class, () -> ingest(in, changed, "route.rpt"));
            StadbException why = assertInstanceOf(StadbException.class, e.getCause());
            assertEquals("route.rpt", why.source());
            assertEquals(line, why.line());
            assertEquals(at, why.offset());
            assertTrue(e.getMessage().contains("route.rpt:" + line + " (byte " + at + "): the source differs from the"
                + " interrupted ingest of stage 'route' here: block 121 differs") && e.getMessage().contains("nothing was stored"),
                e.getMessage());
            assertTrue(s.stages().isEmpty());
            assertEquals(List.of(), StoreFiles.stageDirs(crashed), "the interrupted ingest is discarded");
            IngestResult r = ingest(in, changed, "route.rpt");
            assertEquals(0, r.resumedBlocks());
            assertEquals(parsed.summary.paths(), r.stage().paths());
        }
    }

    @Test
    void anotherSourceIntoTheInterruptedStageStartsAfresh() throws IOException {
        Path crashed = tmp.resolve("crashed");
        killedAfter(tmp.resolve("db"), 10, crashed);
        byte[] half = java.util.Arrays.copyOf(text, (int) parsed.blocks.get(2000).sourceOffset());
        try (Store s = Store.open(crashed, true)) {
            IngestResult r = ingest(new Ingestor(s, ParserOptions.DEFAULTS), half, "other.rpt");
            assertEquals(0, r.resumedBlocks());
            assertEquals(2000, r.stage().blocks());
            assertEquals(List.of(), s.verify());
            assertEquals(List.of(Long.toString(r.stage().id())), StoreFiles.stageDirs(crashed));
        }
    }

    @Test
    void anInputShorterThanTheJournalFailsAtItsEnd() throws IOException {
        Path crashed = tmp.resolve("crashed");
        killedAfter(tmp.resolve("db"), 1000, crashed);
        int end = (int) parsed.blocks.get(999).sourceOffset();
        byte[] cut = java.util.Arrays.copyOf(text, end);
        try (Store s = Store.open(crashed, true)) {
            StadbException e = assertThrows(StadbException.class,
                () -> ingest(new Ingestor(s, ParserOptions.DEFAULTS), cut, "route.rpt"));
            assertTrue(e.getMessage().contains("route.rpt (byte " + end + "): ") && e.getMessage().contains(
                "the input ended after 999 blocks, but the interrupted ingest had journaled more"), e.getMessage());
            assertEquals(List.of(), StoreFiles.stageDirs(crashed));
        }
    }
}

package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.StadbException;
import io.stadb.engine.StageExistsException;
import io.stadb.engine.StageInfo;
import io.stadb.engine.StageState;
import io.stadb.engine.Store;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest into a real store on disk, read it back through the journal, and the admin rules around it. */
@org.junit.jupiter.api.extension.ExtendWith(NoLeaks.class)
class IngestorTest {
    @TempDir
    Path tmp;

    static final byte[] REPORT = (ReportParserTest.PATH + "Warning: chatter\n" + ReportParserTest.PATH)
        .getBytes(StandardCharsets.ISO_8859_1);

    private static String render(Store s, StageInfo st) {
        ByteBuilder out = new ByteBuilder();
        BlockRenderer r = new BlockRenderer();
        s.forEachBlock(st, b -> r.render(b, out));
        return out.toString();
    }

    @Test
    void ingestCommitRenderAndReopen() {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            IngestResult r = new Ingestor(s, ParserOptions.DEFAULTS).ingest("place", new ByteArrayInputStream(REPORT),
                "report.txt", Map.of("flow", "orfs"), false);
            assertEquals(2, r.stage().paths());
            assertEquals(2, r.stage().blocks());
            assertEquals(StageState.COMMITTED, r.stage().state());
            assertEquals(REPORT.length, r.stage().sourceBytes());
            assertEquals(1, r.parse().skippedLines());
            assertTrue(r.stage().storedBytes() > 0);
        }
        try (Store s = Store.open(db, false)) {
            StageInfo st = s.stage("place").orElseThrow();
            assertEquals("orfs", st.meta().get("flow"));
            assertEquals(st, s.head().orElseThrow());
            assertEquals(ReportParserTest.PATH + ReportParserTest.PATH, render(s, st));
            assertThrows(StadbException.class, () -> s.beginStage("x", "-", Map.of(), false));
        }
    }

    @Test
    void strictModeStoresNothingAndSkippingCountsBadBlocks() {
        byte[] bad = (ReportParserTest.PATH.substring(0, 300) + "\n" + ReportParserTest.PATH).getBytes(StandardCharsets.ISO_8859_1);
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            Ingestor strict = new Ingestor(s, ParserOptions.DEFAULTS.withStrict(true));
            assertThrows(ReportFormatException.class,
                () -> strict.ingest("route", new ByteArrayInputStream(bad), "bad.txt", Map.of(), false));
            assertTrue(s.stages().isEmpty());
            assertEquals(0, stageDirs(db), "an aborted stage leaves no directory");
            IngestResult r = new Ingestor(s, ParserOptions.DEFAULTS).ingest("route", new ByteArrayInputStream(bad),
                "bad.txt", Map.of(), false);
            assertEquals(1, r.parse().badBlocks());
            assertEquals(1, r.stage().paths());
        }
    }

    /** Stage directories left on disk. */
    private static long stageDirs(Path db) {
        try (Stream<Path> s = Files.list(db.resolve("stages"))) {
            return s.count();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void stageNamesExistingStagesReplaceAndSingleWriter() {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            Ingestor in = new Ingestor(s, ParserOptions.DEFAULTS);
            in.ingest("cts", new ByteArrayInputStream(REPORT), "a", Map.of(), false);
            assertThrows(StageExistsException.class,
                () -> in.ingest("cts", new ByteArrayInputStream(REPORT), "a", Map.of(), false));
            StageInfo replaced = in.ingest("cts", new ByteArrayInputStream(ReportParserTest.PATH.getBytes(StandardCharsets.ISO_8859_1)),
                "b", Map.of(), true).stage();
            assertEquals(1, replaced.paths());
            assertEquals(1, s.stages().size());
            for (String badName : new String[] {"../x", "a/b", "", "x".repeat(129), "a b", ".hidden"}) {
                assertThrows(StadbException.class, () -> s.beginStage(badName, "-", Map.of(), false), badName);
            }
            StadbException locked = assertThrows(StadbException.class, () -> Store.open(db, true));
            assertTrue(locked.getMessage().contains("another process"), locked.getMessage());
        }
        try (Store again = Store.open(db, true)) {
            assertFalse(again.stages().isEmpty());
        }
    }

    @Test
    void liveProcessIsStreamedAndAFailingCommandStoresNothing() throws Exception {
        Path f = tmp.resolve("r.txt");
        Files.write(f, REPORT);
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true)) {
            Ingestor in = new Ingestor(s, ParserOptions.DEFAULTS);
            IngestResult r = in.ingestCommand("live", "cat '" + f + "'", Map.of(), false);
            assertEquals(2, r.stage().paths());
            StadbException e = assertThrows(StadbException.class,
                () -> in.ingestCommand("dead", "cat '" + f + "'; exit 7", Map.of(), false));
            assertTrue(e.getMessage().contains("status 7"), e.getMessage());
            assertTrue(s.stage("dead").isEmpty());
        }
    }

    @Test
    void notAStoreAndReadOnlyErrors() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("precious.txt"), "keep me");
        assertThrows(StadbException.class, () -> Store.open(other, true));
        assertThrows(StadbException.class, () -> Store.open(tmp.resolve("missing"), false));
        assertEquals("keep me", Files.readString(other.resolve("precious.txt")));
    }
}

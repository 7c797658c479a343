package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.ChunkWriter;
import io.stadb.engine.SegmentFormat;
import io.stadb.engine.StageInfo;
import io.stadb.engine.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Ingestor#coderThreads}: ingesting with chunks coded on 1, 2 or 4 coder threads stores exactly the
 * bytes of coding them on the writer thread (0): the segment, the path index and the names, for a
 * generated report of several chunks, end tables whose chunks end on their row limit, the fixtures and
 * the shared corpus (text, JSON, verbatim rows), each ingested twice (the second stage's chunks are deltas
 * of the first's). No thread or file outlives the ingests ({@link NoLeaks}).
 */
@ExtendWith(NoLeaks.class)
class ParallelIngestTest {
    static final int[] THREADS = {0, 1, 2, 4};

    @TempDir
    Path tmp;

    @Test
    void aGeneratedReportOfSeveralChunks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long paths = 2L * ChunkWriter.DEFAULT_CHUNK_BLOCKS + 700;
        new ReportGenerator(new ReportGenerator.Options(paths, 5, 2, false, 3, 4096)).write(out);
        assertSameStored(out.toByteArray(), "gen", 3);
    }

    @Test
    void endTablesWhoseChunksEndOnTheirRows() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EndTableGenerator(270_000, 3, 3, 4096).write(out);
        assertSameStored(out.toByteArray(), "tables", 2);
    }

    @Test
    void theFixturesAndTheSharedCorpus() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String f : List.of("OpenSTA-f7171d9b-v2.0.17__test__example3.ok", "OpenSTA__test__report_checks_src_attr.ok",
                "OpenSTA__test__report_json1.ok", "corners_slow_min_max.txt", "fields_capacitance_slew_input_pin_net.txt",
                "format_end.txt", "latches.txt")) {
            all.write(ParserFuzzTest.fixture(f));
        }
        Path corpus = CorpusConformanceTest.corpus();
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> s = Files.list(corpus)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".ok")).sorted().toList()) {
                    all.write(Files.readAllBytes(f));
                }
            }
        }
        byte[] once = all.toByteArray();
        // Repeated, so that there are several chunks of mixed blocks.
        ByteArrayOutputStream repeated = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            repeated.write(once);
        }
        assertSameStored(repeated.toByteArray(), "mixed", 2);
    }

    @Test
    void theDefaultLeavesTwoProcessorsToTheParserAndTheWriter() {
        assertEquals(0, Ingestor.defaultCoderThreads(1));
        assertEquals(0, Ingestor.defaultCoderThreads(2));
        assertEquals(1, Ingestor.defaultCoderThreads(3));
        assertEquals(2, Ingestor.defaultCoderThreads(4));
        assertEquals(4, Ingestor.defaultCoderThreads(64));
    }

    /** Ingests {@code input} twice into a store per coder-thread count; every store holds the same bytes. */
    private void assertSameStored(byte[] input, String name, int minChunks) throws IOException {
        List<byte[]> expected = null;
        for (int threads : THREADS) {
            Path db = tmp.resolve(name + "-" + threads);
            List<byte[]> got = new ArrayList<>();
            try (Store s = Store.open(db, true)) {
                Ingestor in = new Ingestor(s, ParserOptions.DEFAULTS).coderThreads(threads);
                StageInfo a = in.ingest("a", new ByteArrayInputStream(input), name, Map.of(), false).stage();
                StageInfo b = in.ingest("b", new ByteArrayInputStream(input), name, Map.of(), false).stage();
                assertEquals(a.blocks(), b.blocks());
                assertEquals(List.of(), s.verify());
                for (StageInfo st : List.of(a, b)) {
                    Path dir = db.resolve("stages").resolve(Long.toString(st.id()));
                    got.add(Files.readAllBytes(dir.resolve(SegmentFormat.FILE_NAME)));
                    got.add(Files.readAllBytes(dir.resolve("paths.idx")));
                }
                got.add(Files.readAllBytes(db.resolve("names.dict")));
                if (threads == 0) {
                    int chunks = chunkCount(got.get(0));
                    assertTrue(chunks >= minChunks, name + ": " + chunks + " chunks");
                }
            }
            if (expected == null) {
                expected = got;
            } else {
                String[] what = {"a data.seg", "a paths.idx", "b data.seg", "b paths.idx", "names.dict"};
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i), got.get(i), name + ", " + threads + " coder threads: " + what[i]);
                }
            }
        }
    }

    /** The chunk count in a segment's trailer. */
    private static int chunkCount(byte[] segment) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(segment).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return b.getInt(segment.length - SegmentFormat.TRAILER_LENGTH + SegmentFormat.TRAILER_CHUNK_COUNT);
    }
}

package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockRecordReader;
import io.stadb.codec.BlockRecordWriter;
import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ReportBlock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of real reports (bytes flipped, inserted, deleted; lines duplicated, dropped,
 * cut; binary garbage; huge lines): the parser never throws (non-strict) or throws only
 * ReportFormatException (strict), always finishes, holds at most one bounded block, and every block it
 * emits survives the record format and re-renders. Seeds are printed.
 */
class ParserFuzzTest {
    static final String[] FIXTURES = {"fields_capacitance_slew_input_pin_net.txt", "latches.txt", "format_end.txt",
        "corners_slow_min_max.txt", "OpenSTA__test__report_json1.ok", "OpenSTA-f7171d9b-v2.0.17__test__example3.ok",
        "OpenSTA__test__report_checks_src_attr.ok"};

    static byte[] fixture(String name) {
        try (InputStream in = ParserFuzzTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void fixturesRoundTripExactly() {
        for (String f : FIXTURES) {
            RoundTrip rt = RoundTrip.of(fixture(f)).assertLossless();
            assertEquals(0, rt.summary.verbatimRows(), f);
            assertTrue(rt.summary.paths() > 0, f);
        }
    }

    @Test
    void mutatedReportsNeverBreakTheParser() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("ParserFuzzTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        ParserOptions limits = ParserOptions.DEFAULTS.withMaxLineLength(4096).withMaxBlockRows(2000).withTableChunkRows(64);
        List<byte[]> inputs = new ArrayList<>();
        for (String f : FIXTURES) {
            inputs.add(fixture(f));
        }
        BlockRecordWriter w = new BlockRecordWriter();
        BlockRecordReader rd = new BlockRecordReader();
        ReportBlock back = new ReportBlock();
        BlockRenderer renderer = new BlockRenderer();
        ByteBuilder out = new ByteBuilder();
        for (int i = 0; i < 400; i++) {
            byte[] in = mutate(inputs.get(r.nextInt(inputs.size())), r);
            int iteration = i;
            ParseListener l = block -> {
                assertTrue(block.arenaLength() <= limits.maxBlockBytes() + limits.maxLineLength(), "seed " + seed);
                assertTrue(block.rowCount() <= limits.maxBlockRows() + 1, "seed " + seed + " iteration " + iteration);
                int n = w.write(block);
                rd.read(w.buffer(), 0, n, back, "fuzz");
                assertTrue(back.sameContent(block), "seed " + seed + " iteration " + iteration);
                out.clear();
                renderer.render(back, out);
            };
            ParseSummary s = new ReportParser(limits, l).parse(new ByteArrayInputStream(in), "fuzz");
            assertEquals(in.length, s.bytes(), "seed " + seed);
            try {
                new ReportParser(limits.withStrict(true), l).parse(new ByteArrayInputStream(in), "fuzz");
            } catch (ReportFormatException e) {
                assertTrue(e.line() >= 1 && e.offset() >= 0 && e.offset() < in.length, "seed " + seed + ": " + e);
            }
        }
    }

    /** A run of problems does not lose the report around them: lossless holds on what was kept. */
    @Test
    void garbageBetweenReportsIsSkippedAndTheRestIsLossless() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("ParserFuzzTest garbage seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        byte[] report = fixture("latches.txt");
        for (int i = 0; i < 20; i++) {
            ByteBuilder b = new ByteBuilder();
            byte[] junk = new byte[r.nextInt(1, 3000)];
            for (int k = 0; k < junk.length; k++) {
                junk[k] = (byte) r.nextInt(256);
                if (junk[k] == 'S' || junk[k] == '{' || junk[k] == '-' || junk[k] == 'N' || junk[k] == 'm') {
                    junk[k] = 'x'; // keep junk from starting a report by chance
                }
            }
            b.append(junk).append((byte) '\n').append(report).append(junk).append((byte) '\n').append(report);
            RoundTrip rt = RoundTrip.of(b.toByteArray()).assertLossless();
            RoundTrip clean = RoundTrip.of(report);
            assertEquals(2 * clean.summary.paths(), rt.summary.paths(), "seed " + seed);
        }
    }

    static byte[] mutate(byte[] src, SplittableRandom r) {
        ByteBuilder b = new ByteBuilder(src.length + 64);
        b.append(src);
        int edits = r.nextInt(1, 8);
        for (int e = 0; e < edits; e++) {
            byte[] a = b.toByteArray();
            b.clear();
            int pos = a.length == 0 ? 0 : r.nextInt(a.length);
            switch (r.nextInt(8)) {
                case 0 -> { // flip a byte
                    if (a.length > 0) {
                        a[pos] ^= (byte) (1 << r.nextInt(8));
                    }
                    b.append(a);
                }
                case 1 -> { // delete a run
                    int n = Math.min(a.length - pos, r.nextInt(1, 200));
                    b.append(a, 0, pos).append(a, pos + n, a.length - pos - n);
                }
                case 2 -> { // insert garbage
                    b.append(a, 0, pos);
                    for (int k = r.nextInt(1, 100); k > 0; k--) {
                        b.append((byte) r.nextInt(256));
                    }
                    b.append(a, pos, a.length - pos);
                }
                case 3 -> b.append(a, 0, pos); // truncate
                case 4 -> { // duplicate a chunk
                    int n = Math.min(a.length - pos, r.nextInt(1, 2000));
                    b.append(a, 0, pos + n).append(a, pos, a.length - pos);
                }
                case 5 -> { // a huge line
                    b.append(a, 0, pos).appendRepeated((byte) 'x', r.nextInt(1000, 20_000)).append(a, pos, a.length - pos);
                }
                case 6 -> { // NULs and CRs
                    b.append(a, 0, pos).append(new byte[] {0, 0, '\r', '\n', '\r'}).append(a, pos, a.length - pos);
                }
                default -> { // swap digits for letters inside numbers
                    for (int k = 0; k < a.length; k++) {
                        if (a[k] >= '0' && a[k] <= '9' && r.nextInt(500) == 0) {
                            a[k] = 'Z';
                        }
                    }
                    b.append(a);
                }
            }
        }
        return b.toByteArray();
    }
}

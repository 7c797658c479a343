package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.BlockKind;
import io.stadb.codec.PathStatus;
import io.stadb.codec.ReportBlock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Generated reports are real report text: the parser keeps every line, exactly, with the right counts. */
class ReportGeneratorTest {
    static byte[] gen(ReportGenerator.Options o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(o.paths(), new ReportGenerator(o).write(out));
        return out.toByteArray();
    }

    @Test
    void generatedReportsParseLosslesslyWithEveryPath() throws IOException {
        for (ReportGenerator.Options o : new ReportGenerator.Options[] {
            ReportGenerator.Options.of(5000, 1), new ReportGenerator.Options(3000, 2, 3, false, 2, 500),
            new ReportGenerator.Options(10, 3, 1, true, 0, 4), new ReportGenerator.Options(0, 4, 1, true, 6, 4)}) {
            byte[] text = gen(o);
            RoundTrip rt = RoundTrip.of(text).assertLossless();
            assertEquals(o.paths(), rt.summary.blocks(BlockKind.PATH), o.toString());
            assertEquals(0, rt.summary.skippedLines());
            assertEquals(0, rt.summary.verbatimRows());
            long violated = rt.blocks.stream().filter(b -> b.facts().status() == PathStatus.VIOLATED).count();
            long met = rt.blocks.stream().filter(b -> b.facts().status() == PathStatus.MET).count();
            assertEquals(o.paths(), violated + met);
            if (o.corners() > 1) {
                assertTrue(rt.blocks.stream().allMatch(b -> b.facts().cornerRow() >= 0));
            }
            // sorted by slack within each batch
            for (int i = 1; i < rt.blocks.size(); i++) {
                ReportBlock a = rt.blocks.get(i - 1);
                ReportBlock b = rt.blocks.get(i);
                if ((i % o.batch()) != 0 && a.facts().cornerRow() < 0) {
                    assertTrue(a.facts().slack() <= b.facts().slack(), "paths " + (i - 1) + ", " + i);
                }
            }
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
        assertArrayEquals(gen(ReportGenerator.Options.of(300, 9)), gen(ReportGenerator.Options.of(300, 9)));
        assertTrue(!java.util.Arrays.equals(gen(ReportGenerator.Options.of(300, 9)), gen(ReportGenerator.Options.of(300, 10))));
    }

    @Test
    void endTablesParseLosslesslyWithOneRowPerPath() throws IOException {
        for (long n : new long[] {0, 1, 1000, 9000}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(n, new EndTableGenerator(n, n, 3, 512).write(out));
            RoundTrip rt = RoundTrip.of(out.toByteArray()).assertLossless();
            assertEquals(n, rt.summary.paths(), "rows of " + n);
            assertEquals(0, rt.summary.verbatimRows());
            assertEquals(0, rt.summary.skippedLines());
            assertTrue(n == 0 || rt.summary.blocks(BlockKind.END_TABLE) >= 1);
        }
    }

    @Test
    void endTablesOfAFixedDesignReuseItsEndpoints() throws IOException {
        for (long endpoints : new long[] {1, 100, 5000}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(20_000, new EndTableGenerator(20_000, 7, 3, 512, endpoints).write(out));
            String[] lines = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1).split("\n");
            java.util.Set<String> names = new java.util.HashSet<>();
            for (String l : lines) {
                if (l.startsWith("core/") || l.startsWith("out")) {
                    names.add(l.substring(0, l.indexOf(' ')));
                }
            }
            // Every row's endpoint is one of the design's, and 20 K rows meet nearly all of a small design.
            assertTrue(names.size() <= endpoints && names.size() >= Math.min(endpoints, 4000), endpoints + ": " + names.size());
            RoundTrip.of(out.toByteArray()).assertLossless();
        }
        assertThrows(IllegalArgumentException.class, () -> new EndTableGenerator(10, 1, 3, 512, 0));
    }
}

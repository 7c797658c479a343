package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stadb.codec.BlockRecordReader;
import io.stadb.codec.BlockRecordWriter;
import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ChunkReader;
import io.stadb.codec.ChunkWriter;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.ReportBlock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: parses a report, renders every block (after a trip through the journal record
 * format), and checks the result is the input with exactly the skipped lines removed.
 */
final class RoundTrip {
    final ParseSummary summary;
    final List<ReportBlock> blocks = new ArrayList<>();
    final List<Long> skippedLines = new ArrayList<>();
    final List<ParseProblem> problems = new ArrayList<>();
    final byte[] rendered;
    final byte[] expected;

    private RoundTrip(byte[] input, ParserOptions options, boolean keepBlocks) {
        ByteBuilder out = new ByteBuilder(input.length + 16);
        ByteBuilder exp = new ByteBuilder(input.length + 16);
        BlockRenderer renderer = new BlockRenderer();
        BlockRecordWriter writer = new BlockRecordWriter();
        BlockRecordReader reader = new BlockRecordReader();
        ReportBlock decoded = new ReportBlock();
        long[] skipped = new long[1];
        ParseListener l = new ParseListener() {
            @Override
            public void onBlock(ReportBlock block) {
                int n = writer.write(block);
                reader.read(writer.buffer(), 0, n, decoded, "test");
                if (!decoded.sameContent(block)) {
                    throw new AssertionError("journal record changed block at line " + block.sourceLine());
                }
                renderer.render(decoded, out);
                if (keepBlocks) {
                    ReportBlock copy = new ReportBlock();
                    copy.copyFrom(block);
                    blocks.add(copy);
                }
            }

            @Override
            public void onSkippedLine(long line, long offset, byte[] b, int s, int e) {
                skippedLines.add(line);
                skipped[0]++;
            }

            @Override
            public void onProblem(ParseProblem p) {
                problems.add(p);
            }
        };
        summary = new ReportParser(options, l).parse(new ByteArrayInputStream(input), "test");
        // expected: the input without the skipped lines
        int lineNo = 0;
        int k = 0;
        int s = 0;
        while (s < input.length) {
            int e = s;
            while (e < input.length && input[e] != '\n') {
                e++;
            }
            lineNo++;
            int next = Math.min(input.length, e + 1);
            if (k < skippedLines.size() && skippedLines.get(k) == lineNo) {
                k++;
            } else {
                exp.append(input, s, next - s);
            }
            s = next;
        }
        rendered = out.toByteArray();
        expected = exp.toByteArray();
        if (keepBlocks) {
            chunkRoundTrip();
        }
    }

    /** Every block also survives the columnar chunk codec (chunks of 64 blocks, one shared dictionary). */
    private void chunkRoundTrip() {
        NameDictionary dict = new NameDictionary();
        ChunkWriter w = new ChunkWriter(dict, 3);
        ChunkReader r = new ChunkReader(dict);
        ReportBlock into = new ReportBlock();
        for (int start = 0; start < blocks.size(); start += 64) {
            List<ReportBlock> part = blocks.subList(start, Math.min(blocks.size(), start + 64));
            w.begin();
            part.forEach(w::add);
            byte[] chunk = w.finish();
            r.open(chunk, 0, chunk.length, "chunk@" + start);
            int[] i = {0};
            r.decodeAll(into, b -> {
                ReportBlock e = part.get(i[0]++);
                if (!b.sameContent(e) || b.sourceLine() != e.sourceLine() || b.sourceOffset() != e.sourceOffset()) {
                    throw new AssertionError("chunk codec changed the block at line " + e.sourceLine());
                }
            });
            chunkBytes += chunk.length;
        }
        ByteBuilder d = new ByteBuilder();
        dict.writeEntries(0, d);
        dictionaryBytes = d.length();
    }

    long chunkBytes;
    long dictionaryBytes;

    static RoundTrip of(byte[] input) {
        return new RoundTrip(input, ParserOptions.DEFAULTS, true);
    }

    static RoundTrip of(byte[] input, ParserOptions options) {
        return new RoundTrip(input, options, true);
    }

    static RoundTrip of(String input, ParserOptions options) {
        return of(input.getBytes(StandardCharsets.ISO_8859_1), options);
    }

    static RoundTrip of(String input) {
        return of(input.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Asserts the lossless property (only meaningful when no block was bad). */
    RoundTrip assertLossless() {
        assertEquals(0, problems.size(), () -> "problems: " + problems);
        String exp = new String(expected, StandardCharsets.ISO_8859_1);
        String got = new String(rendered, StandardCharsets.ISO_8859_1);
        if (!exp.equals(got)) {
            String[] a = exp.split("\n", -1);
            String[] b = got.split("\n", -1);
            int i = 0;
            while (i < a.length && i < b.length && a[i].equals(b[i])) {
                i++;
            }
            StringBuilder msg = new StringBuilder("render differs at output line " + (i + 1) + "\n");
            for (int j = Math.max(0, i - 3); j < Math.min(Math.max(a.length, b.length), i + 3); j++) {
                msg.append(String.format("exp|%s%n got|%s%n", j < a.length ? a[j] : "<none>", j < b.length ? b[j] : "<none>"));
            }
            msg.append("problems: ").append(problems).append(", skipped lines: ")
                .append(skippedLines.size() > 40 ? skippedLines.subList(0, 40) : skippedLines);
            throw new AssertionError(msg.toString());
        }
        return this;
    }

    String renderedText() {
        return new String(rendered, StandardCharsets.ISO_8859_1);
    }
}

package io.stadb.bench;

import com.github.luben.zstd.Zstd;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.ChunkReader;
import io.stadb.codec.ChunkWriter;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.ReportBlock;
import io.stadb.ingest.ParseListener;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the codec figures of BENCHMARKS.md for each {@link CodecCorpus} report: stored bytes (chunks plus
 * the zstd'd name dictionary) per path and in total against {@code zstd -3} and {@code zstd -19} of the
 * same text, encode MB/s of text, decode paths/s, slack-column scan values/s, and a re-run stored as delta
 * chunks. Each timing is the median of several runs in this process (after warm-up); zstd runs as the
 * command-line tool on the same file in the same run.
 *
 * <p>{@code java <flags> -cp bench/target/benchmarks.jar io.stadb.bench.CodecReport [chunkBlocks] [level] [delta|sizes]}
 */
public final class CodecReport {
    private CodecReport() {
    }

    static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        int chunkBlocks = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int level = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        boolean deltaOnly = args.length > 2 && args[2].equals("delta");
        if (args.length > 2 && args[2].equals("sizes")) {
            // Only the stored size of allfields for this chunk size and level (for choosing defaults).
            List<ReportBlock> blocks = parse(Files.readAllBytes(CodecCorpus.file(CodecCorpus.ALL_FIELDS)));
            long t0 = System.nanoTime();
            Encoded e = encode(blocks, chunkBlocks, level);
            System.out.printf(Locale.ROOT, "allfields, %d-block chunks, level %d: %d bytes (%d of them the zstd'd dictionary), "
                + "one cold encode %.1f s%n", chunkBlocks, level, e.bytes(), e.dictionaryBytes, (System.nanoTime() - t0) / 1e9);
            return;
        }
        for (CodecCorpus.Report r : deltaOnly ? List.<CodecCorpus.Report>of() : CodecCorpus.all()) {
            Path f = CodecCorpus.file(r);
            Result res = measure(f, chunkBlocks, level);
            long z3 = zstdSize(f, 3);
            long[] z19 = zstdTimed(f, 19);
            double z19mbps = res.textBytes / 1e6 / (z19[1] / 1e9);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %d | %d | %d | %.1f | %.2fx | %.0f | %.1f | %.0fx | %.0f | %.0f |%n",
                r.name(), res.paths, res.textBytes / 1e6, z3, z19[0], res.storedBytes, res.storedBytes / (double) res.paths,
                res.storedBytes / (double) z19[0], res.encodeMbps, z19mbps, res.encodeMbps / z19mbps, res.decodePathsPerSec,
                res.slackValuesPerSec);
            System.out.flush();
        }
        delta(chunkBlocks, level);
    }

    record Result(long textBytes, long paths, long storedBytes, double encodeMbps, double decodePathsPerSec,
                  double slackValuesPerSec) {
    }

    static List<ReportBlock> parse(byte[] text) {
        List<ReportBlock> blocks = new ArrayList<>();
        ParseListener l = b -> {
            ReportBlock c = new ReportBlock();
            c.copyFrom(b);
            blocks.add(c);
        };
        new ReportParser(ParserOptions.DEFAULTS, l).parse(new ByteArrayInputStream(text), "bench");
        return blocks;
    }

    static final class Encoded {
        final NameDictionary dict = new NameDictionary();
        final List<byte[]> chunks = new ArrayList<>();
        long dictionaryBytes;

        long bytes() {
            long n = dictionaryBytes;
            for (byte[] c : chunks) {
                n += c.length;
            }
            return n;
        }
    }

    static Encoded encode(List<ReportBlock> blocks, int chunkBlocks, int level) {
        Encoded e = new Encoded();
        ChunkWriter w = new ChunkWriter(e.dict, level);
        for (int i = 0; i < blocks.size(); i += chunkBlocks) {
            w.begin();
            for (int j = i; j < Math.min(blocks.size(), i + chunkBlocks); j++) {
                w.add(blocks.get(j));
            }
            e.chunks.add(w.finish());
        }
        ByteBuilder d = new ByteBuilder();
        e.dict.writeEntries(0, d);
        e.dictionaryBytes = Zstd.compress(d.toByteArray(), 19).length;
        return e;
    }

    static Result measure(Path file, int chunkBlocks, int level) throws IOException {
        byte[] text = Files.readAllBytes(file);
        List<ReportBlock> blocks = parse(text);
        long paths = blocks.stream().mapToLong(b -> b.facts().pathCount()).sum();
        long[] encodeNanos = new long[RUNS];
        Encoded e = null;
        for (int run = -2; run < RUNS; run++) {
            long t0 = System.nanoTime();
            e = encode(blocks, chunkBlocks, level);
            if (run >= 0) {
                encodeNanos[run] = System.nanoTime() - t0;
            }
        }
        long[] decodeNanos = new long[RUNS];
        ReportBlock into = new ReportBlock();
        ChunkReader reader = new ChunkReader(e.dict);
        long[] sink = new long[1];
        for (int run = -2; run < RUNS; run++) {
            long t0 = System.nanoTime();
            for (byte[] c : e.chunks) {
                reader.open(c, 0, c.length, "chunk").decodeAll(into, b -> sink[0] += b.rowCount());
            }
            if (run >= 0) {
                decodeNanos[run] = System.nanoTime() - t0;
            }
        }
        long[] scanNanos = new long[RUNS];
        long[] slack = new long[chunkBlocks];
        int reps = 500; // 50 left the scan loop half warmed: the second report read at half the rate of a warmed loop
        for (int run = -2; run < RUNS; run++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                for (byte[] c : e.chunks) {
                    int n = reader.open(c, 0, c.length, "chunk").slacks(slack);
                    for (int i = 0; i < n; i++) {
                        sink[0] += slack[i];
                    }
                }
            }
            if (run >= 0) {
                scanNanos[run] = System.nanoTime() - t0;
            }
        }
        if (sink[0] == 42) {
            System.out.print("");
        }
        return new Result(text.length, paths, e.bytes(), text.length / 1e6 / (median(encodeNanos) / 1e9),
            blocks.size() / (median(decodeNanos) / 1e9), (double) blocks.size() * reps / (median(scanNanos) / 1e9));
    }

    static void delta(int chunkBlocks, int level) throws IOException {
        List<ReportBlock> first = parse(Files.readAllBytes(CodecCorpus.file(CodecCorpus.ALL_FIELDS)));
        byte[] rerunText = Files.readAllBytes(CodecCorpus.file(CodecCorpus.ALL_FIELDS_RERUN));
        List<ReportBlock> rerun = parse(rerunText);
        Encoded base = encode(first, chunkBlocks, level);
        long fullAlone = encode(rerun, chunkBlocks, level).bytes();
        ChunkWriter w = new ChunkWriter(base.dict, level);
        ChunkReader br = new ChunkReader(base.dict);
        int before = base.dict.size();
        long deltaBytes = 0;
        for (int i = 0, c = 0; i < rerun.size(); i += chunkBlocks, c++) {
            byte[] bc = base.chunks.get(Math.min(c, base.chunks.size() - 1));
            w.beginDelta(br.open(bc, 0, bc.length, "base"), c);
            for (int j = i; j < Math.min(rerun.size(), i + chunkBlocks); j++) {
                w.add(rerun.get(j));
            }
            byte[] dc = w.finish();
            deltaBytes += dc.length;
            if (Boolean.getBoolean("stadb.bench.streams")) {
                ChunkReader dr = new ChunkReader(base.dict).open(dc, 0, dc.length, "d");
                StringBuilder sb = new StringBuilder("delta chunk " + c + " streams:");
                for (int k = 0; k < io.stadb.codec.ChunkFormat.STREAMS; k++) {
                    sb.append(' ').append(dr.storedLength(k));
                }
                System.out.println(sb);
            }
        }
        ByteBuilder newNames = new ByteBuilder();
        base.dict.writeEntries(before, newNames);
        long dictGrowth = newNames.length() == 0 ? 0 : Zstd.compress(newNames.toByteArray(), 19).length;
        long z19 = zstdTimed(CodecCorpus.file(CodecCorpus.ALL_FIELDS_RERUN), 19)[0];
        System.out.printf(Locale.ROOT, "%nre-run (clock 2.0 -> 1.9 ns) of allfields: %d paths; stored alone %d bytes; "
                + "as delta chunks against the first stage %d bytes + %d bytes of new names = %.1f%% of alone, %.2fx zstd-19 (%d)%n",
            rerun.size(), fullAlone, deltaBytes, dictGrowth, 100.0 * (deltaBytes + dictGrowth) / fullAlone,
            (deltaBytes + dictGrowth) / (double) z19, z19);
    }

    static long median(long[] v) {
        long[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    static long zstdSize(Path f, int level) throws IOException {
        return zstdTimed(f, level)[0];
    }

    /** {size, nanos} of the zstd command on the file (the peer, in the same run). */
    static long[] zstdTimed(Path f, int level) throws IOException {
        Compressors.Result r = Compressors.run("zstd -" + level, List.of("zstd", "-q", "-" + level, "-c"), f, 1, 0);
        return new long[] {r.bytes(), r.nanos().median()};
    }
}

package io.stadb.bench;

import io.stadb.codec.ChunkReader;
import io.stadb.codec.ChunkWriter;
import io.stadb.codec.ReportBlock;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The columnar codec alone, on a cached real report ({@link CodecCorpus#ALL_FIELDS}: ~30K paths, all
 * fields), parsed once at setup so that no parsing is timed. One op = the whole report:
 * <ul>
 *   <li>{@code encode}: {@link ChunkWriter} at the default level and chunk size into a fresh dictionary;</li>
 *   <li>{@code decode}: every chunk back into blocks ({@link ChunkReader#decodeAll});</li>
 *   <li>{@code slackScan}: every chunk's slack column only (what a stage scan without an index reads).</li>
 * </ul>
 * Rates: report MB = op/s × the text size printed at setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 5, timeUnit = TimeUnit.SECONDS)
@Fork(2)
@State(Scope.Benchmark)
public class CodecBenchmark {
    List<ReportBlock> blocks;
    CodecReport.Encoded encoded;
    long[] slacks;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        byte[] text = Files.readAllBytes(CodecCorpus.file(CodecCorpus.ALL_FIELDS));
        blocks = CodecReport.parse(text);
        encoded = CodecReport.encode(blocks, ChunkWriter.DEFAULT_CHUNK_BLOCKS, ChunkWriter.DEFAULT_LEVEL);
        slacks = new long[ChunkWriter.DEFAULT_CHUNK_BLOCKS];
        System.out.printf("%n[stadb] %d bytes of text, %d blocks, %d chunks, %d stored bytes%n", text.length,
            blocks.size(), encoded.chunks.size(), encoded.bytes());
    }

    @Benchmark
    public CodecReport.Encoded encode() {
        return CodecReport.encode(blocks, ChunkWriter.DEFAULT_CHUNK_BLOCKS, ChunkWriter.DEFAULT_LEVEL);
    }

    @Benchmark
    public void decode(Blackhole bh) {
        ChunkReader reader = new ChunkReader(encoded.dict);
        ReportBlock into = new ReportBlock();
        for (byte[] c : encoded.chunks) {
            reader.open(c, 0, c.length, "chunk").decodeAll(into, b -> bh.consume(b.rowCount()));
        }
    }

    @Benchmark
    public long slackScan() {
        ChunkReader reader = new ChunkReader(encoded.dict);
        long sum = 0;
        for (byte[] c : encoded.chunks) {
            int n = reader.open(c, 0, c.length, "chunk").slacks(slacks);
            for (int i = 0; i < n; i++) {
                sum += slacks[i];
            }
        }
        return sum;
    }
}

package io.stadb.bench;

import io.stadb.engine.FileIo;
import io.stadb.engine.Store;
import io.stadb.ingest.IngestResult;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.ParserOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole ingest pipeline ({@link Ingestor}: parser thread, Disruptor ring, writer thread with journal,
 * columnar segment and path index, fsync'd commit) of a cached real report ({@link CodecCorpus#ALL_FIELDS},
 * read from memory) into a new temporary store per op. Single-shot ops: each builds a store from nothing,
 * as {@code stadb ingest} does; MB/s = text MB printed at setup / seconds per op.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(2)
@State(Scope.Benchmark)
public class IngestBenchmark {
    byte[] text;
    Path dir;

    @Setup(Level.Trial)
    public void load() throws IOException {
        text = Files.readAllBytes(CodecCorpus.file(CodecCorpus.ALL_FIELDS));
        System.out.printf("%n[stadb] ingesting %d bytes of text per op%n", text.length);
    }

    @Setup(Level.Invocation)
    public void freshStore() throws IOException {
        dir = Files.createTempDirectory("stadb-ingest-bench");
    }

    @TearDown(Level.Invocation)
    public void removeStore() throws IOException {
        FileIo.DEFAULT.deleteTree(dir);
    }

    @Benchmark
    public IngestResult ingest() {
        try (Store s = Store.open(dir, true)) {
            return new Ingestor(s, ParserOptions.DEFAULTS).ingest("bench", new ByteArraySource(text), "memory", Map.of(), false);
        }
    }
}

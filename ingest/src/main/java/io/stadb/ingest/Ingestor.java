package io.stadb.ingest;

import io.stadb.codec.StadbException;
import io.stadb.engine.StageInfo;
import io.stadb.engine.StageWriter;
import io.stadb.engine.Store;
import io.stadb.ingest.internal.AppendHook;
import io.stadb.ingest.internal.IngestPipeline;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Parses a report stream into a new stage of a store. The stage becomes visible only when the whole
 * input was read; in strict mode the first bad block aborts it, and nothing of the run is kept.
 *
 * <p>Ingesting the same source (the same {@code source} string) into a stage whose ingest was interrupted
 * (the process died) resumes it: the input is read from its start again, and the blocks the interrupted
 * run journaled are checked against it instead of being journaled twice
 * ({@link IngestResult#resumedBlocks()}). An input that differs from them fails with nothing stored, and
 * the next run starts from scratch.
 *
 * <p>Threads per ingest: the calling thread reads and parses, and hands each block through a ring of
 * {@code ringSize} blocks to a journal thread and a writer thread that journal it and code it, then
 * commit or abort the stage ({@link IngestPipeline}); the writer thread hands whole chunks to
 * {@link #coderThreads(int) coder threads} when there are any. A full ring holds the parser back (bounded
 * memory, and a live process is slowed through its pipe); a writer failure stops the parser at its next
 * block. The threads are gone when {@code ingest} returns or throws. Like the {@link Store}, an
 * {@code Ingestor} is used by one thread at a time.
 */
public final class Ingestor {
    /** Blocks in flight between the parser and the writer thread, by default. */
    public static final int DEFAULT_RING_SIZE = 1024;

    /**
     * Coder threads by default ({@link #coderThreads(int)}): the processors besides the two the parser and
     * the writer thread keep busy, at most 4, so 0 on two processors. Measured there (100K generated paths,
     * 2 vCPUs): the ingest already keeps ~1.6 of them busy (parser, journal, writer, JIT), so 1 or 2 coder
     * threads give the same wall time (10.5-10.9 s against 9.7-12.1 s, alternated) for ~5-30 % more CPU
     * and 25-150 MB more RSS. Coding is ~2x the writer thread's remaining work and ~2x the parser's, so on
     * 4 or more processors 2 coder threads would take it off the critical path; that is extrapolated from
     * per-thread CPU, not measured.
     */
    public static int defaultCoderThreads() {
        return defaultCoderThreads(Runtime.getRuntime().availableProcessors());
    }

    static int defaultCoderThreads(int processors) {
        return Math.max(0, Math.min(4, processors - 2));
    }

    private final Store store;
    private final ParserOptions options;
    private final int ringSize;
    private IngestProgress progress = IngestProgress.NONE;
    private long totalBytes = -1;
    private AppendHook beforeAppend = AppendHook.NONE;
    private int coderThreads = defaultCoderThreads();

    public Ingestor(Store store, ParserOptions options) {
        this(store, options, DEFAULT_RING_SIZE);
    }

    /**
     * @param ringSize blocks in flight between the parser and the writer thread: a power of two, at least 2.
     *                 Memory in flight is at most this many blocks (path blocks are a few kB; table chunks
     *                 of {@link ParserOptions#tableChunkRows()} rows about 0.5 MB at the default 4 096).
     */
    public Ingestor(Store store, ParserOptions options, int ringSize) {
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two >= 2: " + ringSize);
        }
        this.store = store;
        this.options = options;
        this.ringSize = ringSize;
    }

    /**
     * Reports progress from the ingesting thread; {@code paths} counts the paths already journaled by the
     * writer thread (behind the parser by at most the ring).
     */
    public Ingestor progress(IngestProgress p, long totalBytes) {
        this.progress = p;
        this.totalBytes = totalBytes;
        return this;
    }

    /**
     * Codes the stage's chunks on {@code threads} threads of their own while the writer thread interns
     * names, fills the path index and appends finished chunks in order ({@link StageWriter#coderThreads});
     * 0 codes them on the writer thread. The stored bytes are the same for every count; memory in flight
     * grows by a chunk's blocks (up to 4 096 blocks) per thread, plus one.
     *
     * @throws IllegalArgumentException unless {@code 0 <= threads <=} {@value StageWriter#MAX_CODER_THREADS}
     */
    public Ingestor coderThreads(int threads) {
        if (threads < 0 || threads > StageWriter.MAX_CODER_THREADS) {
            throw new IllegalArgumentException("coder threads must be 0.." + StageWriter.MAX_CODER_THREADS + ": " + threads);
        }
        this.coderThreads = threads;
        return this;
    }

    /** Test seam: runs on the writer thread before each append (to slow it down, or to fail it). */
    Ingestor beforeAppend(AppendHook hook) {
        this.beforeAppend = hook;
        return this;
    }

    /**
     * Ingests {@code in} (not closed) as stage {@code stage}.
     *
     * @throws ReportFormatException in strict mode, with nothing stored
     * @throws StadbException        when reading, journaling or committing fails (a writer-thread failure
     *                               is the cause), with nothing stored
     */
    public IngestResult ingest(String stage, InputStream in, String source, Map<String, String> meta, boolean replace) {
        long t0 = System.nanoTime();
        StageWriter writer = store.beginStage(stage, source, meta, replace);
        IngestPipeline pipeline;
        try {
            writer.coderThreads(coderThreads);
            pipeline = IngestPipeline.start(writer, ringSize, beforeAppend);
        } catch (RuntimeException | Error e) {
            writer.abort(); // no writer thread ran, so this thread may still use the writer
            throw e;
        }
        CountingInput counted = new CountingInput(in, t0, pipeline);
        ParseSummary summary;
        try {
            summary = new ReportParser(options, pipeline::publish).parse(counted, source);
        } catch (Throwable e) { // bad input, a read failure, or the writer thread's failure seen by publish
            pipeline.abort(e);
            throw e;
        }
        StageInfo info = pipeline.commit(counted.count, (int) counted.crc.getValue());
        // the writer thread is done with the writer: commit returned after its end event
        return new IngestResult(info, summary, System.nanoTime() - t0, writer.resumedBlocks());
    }

    /** Counts and checksums the bytes as the parser pulls them, and reports progress now and then. */
    private final class CountingInput extends FilterInputStream {
        final CRC32C crc = new CRC32C();
        final long t0;
        final IngestPipeline pipeline;
        long count;
        long nextReport;

        CountingInput(InputStream in, long t0, IngestPipeline pipeline) {
            super(in);
            this.t0 = t0;
            this.pipeline = pipeline;
            this.nextReport = t0 + 200_000_000L;
        }

        @Override
        public int read() throws IOException {
            throw new UnsupportedOperationException("the parser reads in chunks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                count += n;
                long now = System.nanoTime();
                if (now >= nextReport) {
                    nextReport = now + 200_000_000L;
                    progress.update(count, totalBytes, pipeline.paths(), now - t0);
                }
            }
            return n;
        }
    }

    /** Runs {@code command} with {@code sh -c} and ingests its standard output as it is printed. */
    public IngestResult ingestCommand(String stage, String command, Map<String, String> meta, boolean replace) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StadbException("cannot run '" + command + "': " + e.getMessage(), e);
        }
        IngestResult r;
        try (InputStream out = p.getInputStream()) {
            r = ingest(stage, new ExitCheckedInput(out, p, command), command, meta, replace);
        } catch (IOException e) {
            throw new StadbException("reading from '" + command + "' failed: " + e.getMessage(), e);
        } finally {
            p.destroy();
        }
        return r;
    }

    /** At end of the process's output, waits for it and fails (aborting the stage) on a non-zero exit. */
    private static final class ExitCheckedInput extends FilterInputStream {
        private final Process process;
        private final String command;

        ExitCheckedInput(InputStream in, Process process, String command) {
            super(in);
            this.process = process;
            this.command = command;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                try {
                    int code = process.waitFor();
                    if (code != 0) {
                        throw new StadbException("command '" + command + "' exited with status " + code
                            + "; nothing was stored");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for '" + command + "'", e);
                }
            }
            return n;
        }
    }
}

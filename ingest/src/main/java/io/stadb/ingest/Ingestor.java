package io.stadb.ingest;

import io.stadb.codec.ReportBlock;
import io.stadb.codec.StadbException;
import io.stadb.engine.StageInfo;
import io.stadb.engine.StageWriter;
import io.stadb.engine.Store;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Parses a report stream into a new stage of a store. The stage becomes visible only when the whole
 * input was read; in strict mode the first bad block aborts it, and nothing of the run is kept.
 */
public final class Ingestor {
    private final Store store;
    private final ParserOptions options;
    private IngestProgress progress = IngestProgress.NONE;
    private long totalBytes = -1;

    public Ingestor(Store store, ParserOptions options) {
        this.store = store;
        this.options = options;
    }

    public Ingestor progress(IngestProgress p, long totalBytes) {
        this.progress = p;
        this.totalBytes = totalBytes;
        return this;
    }

    /**
     * Ingests {@code in} (not closed) as stage {@code stage}.
     *
     * @throws ReportFormatException in strict mode, with nothing stored
     */
    public IngestResult ingest(String stage, InputStream in, String source, Map<String, String> meta, boolean replace) {
        long t0 = System.nanoTime();
        StageWriter writer = store.beginStage(stage, source, meta, replace);
        try {
            CountingInput counted = new CountingInput(in, t0, writer);
            ParseSummary summary = new ReportParser(options, new ParseListener() {
                @Override
                public void onBlock(ReportBlock block) {
                    writer.append(block);
                }
            }).parse(counted, source);
            StageInfo info = writer.commit(counted.count, (int) counted.crc.getValue());
            return new IngestResult(info, summary, System.nanoTime() - t0);
        } catch (RuntimeException e) {
            writer.abort();
            throw e;
        }
    }

    /** Counts and checksums the bytes as the parser pulls them, and reports progress now and then. */
    private final class CountingInput extends FilterInputStream {
        final CRC32C crc = new CRC32C();
        final long t0;
        final StageWriter writer;
        long count;
        long nextReport;

        CountingInput(InputStream in, long t0, StageWriter writer) {
            super(in);
            this.t0 = t0;
            this.writer = writer;
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
                    progress.update(count, totalBytes, writer.paths(), now - t0);
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

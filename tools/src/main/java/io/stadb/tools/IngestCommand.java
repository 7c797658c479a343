package io.stadb.tools;

import io.stadb.engine.StageExistsException;
import io.stadb.engine.Store;
import io.stadb.ingest.IngestResult;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.ParseProblem;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Parse OpenSTA/OpenROAD report text and store it as a stage.",
        "Reads FILE, '-' for standard input, or the output of --exec COMMAND as it runs.",
        "Running the same ingest again after it was interrupted resumes it: the input is read again, and what"
            + " was already journaled is verified instead of journaled twice."})
final class IngestCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--stage", required = true, paramLabel = "NAME", description = "Stage name (e.g. place, cts, route).")
    String stage;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Parameters(paramLabel = "FILE|-", description = "Report file, or - for standard input.")
        String file;

        @Option(names = "--exec", paramLabel = "COMMAND",
            description = "Run COMMAND with sh -c and ingest its standard output live, e.g. 'sta -exit run.tcl'.")
        String exec;
    }

    @Option(names = "--strict", description = "Stop at the first bad block (exit 2) and store nothing.")
    boolean strict;

    @Option(names = "--replace", description = "Replace a committed stage of the same name.")
    boolean replace;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Metadata to keep with the stage (repeatable).")
    Map<String, String> meta = new LinkedHashMap<>();

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
        description = "Summary format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--no-progress", description = "Do not draw a progress line on a terminal.")
    boolean noProgress;

    @Option(names = "--coder-threads", paramLabel = "N",
        description = "Threads that code columnar chunks beside the writer thread (default: the processors"
            + " minus two, 0 to 4); 0 codes them on the writer thread. The stored bytes are the same for every N.")
    Integer coderThreads;

    @Spec
    CommandSpec spec;

    /** The file is the one the stage was ingested from: same size and same CRC32C of its bytes. */
    private static boolean sameSource(Path f, io.stadb.engine.StageInfo st) throws IOException {
        if (Files.size(f) != st.sourceBytes()) {
            return false;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return (int) crc.getValue() == st.sourceCrc();
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (coderThreads != null && (coderThreads < 0 || coderThreads > io.stadb.engine.StageWriter.MAX_CODER_THREADS)) {
            err.println("stadb: --coder-threads must be 0.." + io.stadb.engine.StageWriter.MAX_CODER_THREADS + ": " + coderThreads);
            return StadbCli.USAGE;
        }
        ParserOptions options = ParserOptions.DEFAULTS.withStrict(strict);
        ProgressLine progress = new ProgressLine(err, !noProgress && System.console() != null);
        IngestResult r;
        try (Store s = Store.open(store.db, true)) {
            Ingestor ingestor = new Ingestor(s, options);
            if (coderThreads != null) {
                ingestor.coderThreads(coderThreads);
            }
            if (source.exec != null) {
                ingestor.progress(progress, -1);
                r = ingestor.ingestCommand(stage, source.exec, meta, replace);
            } else if (source.file.equals("-")) {
                ingestor.progress(progress, -1);
                r = ingestor.ingest(stage, System.in, "-", meta, replace);
            } else {
                Path f = Path.of(source.file);
                var existing = s.stage(stage);
                if (existing.isPresent() && !replace && sameSource(f, existing.get())) {
                    out.printf("stage %s already holds %s (%d bytes, same CRC32C): nothing to do%n", stage, f,
                        existing.get().sourceBytes());
                    out.flush();
                    return StadbCli.OK;
                }
                ingestor.progress(progress, Files.size(f));
                try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                    r = ingestor.ingest(stage, in, f.toString(), meta, replace);
                }
            }
        } catch (ReportFormatException e) {
            progress.done();
            err.println("stadb: " + e.getMessage() + " (strict: nothing was stored)");
            return StadbCli.USAGE;
        } catch (StageExistsException e) {
            progress.done();
            err.println("stadb: " + e.getMessage());
            return StadbCli.ERROR;
        }
        progress.done();
        if (r.resumedBlocks() > 0) {
            err.printf(java.util.Locale.ROOT, "resumed stage '%s': %,d blocks already journaled were verified, not re-journaled%n",
                stage, r.resumedBlocks());
        }
        for (ParseProblem p : r.parse().problems()) {
            err.println("stadb: skipped bad block: " + p);
        }
        if (r.parse().badBlocks() > r.parse().problems().size()) {
            err.println("stadb: ... and " + (r.parse().badBlocks() - r.parse().problems().size()) + " more bad blocks");
        }
        if (format.equals("json")) {
            out.println(Json.ingestSummary(r));
        } else {
            out.printf("stage %s: %d paths in %d blocks; %.1f MB read at %.1f MB/s; %d lines skipped, %d bad blocks; store %s%n",
                r.stage().name(), r.stage().paths(), r.stage().blocks(), r.parse().bytes() / 1e6,
                r.megabytesPerSecond(), r.parse().skippedLines(), r.parse().badBlocks(), store.db);
        }
        out.flush();
        return r.parse().badBlocks() > 0 ? StadbCli.SKIPPED : StadbCli.OK;
    }
}

package io.stadb.ingest;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code sta -no_splash -exit run.tcl} in a work directory and returns what it printed.
 *
 * <p>OpenSTA 2.0.17 reports Tcl errors on stdout, keeps going after them by default, exits with
 * status 0 even after {@code exit 1}, and sends Tcl's stderr channel to stdout too. So neither the
 * exit status nor stderr proves anything: the script we write turns off {@code sta_continue_on_error}
 * and, as its last act, creates the file {@link #DONE_FILE}; a run that leaves no such file stopped
 * early and is reported as a failure. stdout stays exactly what sta printed.
 */
public final class StaRunner {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final String SCRIPT_NAME = "run.tcl";
    public static final String STDOUT_NAME = "sta.out";
    public static final String STDERR_NAME = "sta.err";
    public static final String DONE_FILE = "run.done";

    private static final int STDOUT_TAIL_LINES = 20;

    private final StaInstallation sta;
    private final Duration timeout;

    public StaRunner(StaInstallation sta) {
        this(sta, DEFAULT_TIMEOUT);
    }

    public StaRunner(StaInstallation sta, Duration timeout) {
        this.sta = Objects.requireNonNull(sta, "sta");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public Duration timeout() {
        return timeout;
    }

    /** Writes design.v and run.tcl into {@code workDir}, runs sta, returns its stdout. */
    public byte[] run(Path workDir, SyntheticDesign design, String reportCommands) throws IOException {
        writeScript(workDir, design, reportCommands);
        return runScript(workDir);
    }

    /** Same, for a caller that brings its own netlist and preamble (paths relative to workDir). */
    public byte[] run(Path workDir, String preamble, String reportCommands) throws IOException {
        writeScript(workDir, preamble, reportCommands);
        return runScript(workDir);
    }

    public Path writeScript(Path workDir, SyntheticDesign design, String reportCommands) throws IOException {
        Files.createDirectories(workDir);
        design.writeTo(workDir);
        return writeScript(workDir, design.tclPreamble(sta), reportCommands);
    }

    public Path writeScript(Path workDir, String preamble, String reportCommands) throws IOException {
        Files.createDirectories(workDir);
        Path script = workDir.resolve(SCRIPT_NAME);
        Files.deleteIfExists(workDir.resolve(DONE_FILE));
        Files.writeString(script, script(preamble, reportCommands), StandardCharsets.UTF_8);
        return script;
    }

    /** The full run.tcl text; exposed so a caller can see exactly what sta is fed. */
    public static String script(String preamble, String reportCommands) {
        return "# Written by stadb StaRunner.\n"
                + "# Stop at the first Tcl error instead of reporting it and carrying on.\n"
                + "set sta_continue_on_error 0\n"
                + ensureNewline(preamble)
                + ensureNewline(reportCommands)
                + "close [open " + DONE_FILE + " w]\n";
    }

    /**
     * The exact command line, run in {@code workDir} with stdin empty. A caller that streams stdout
     * itself should call {@link #checkCompleted} once the process ends.
     */
    public ProcessBuilder command(Path workDir) {
        return new ProcessBuilder(sta.executable().toString(), "-no_splash", "-exit", SCRIPT_NAME)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /** Runs the run.tcl already in {@code workDir}. stdout and stderr are kept there as sta.out/sta.err. */
    public byte[] runScript(Path workDir) throws IOException {
        Path out = workDir.resolve(STDOUT_NAME);
        Path err = workDir.resolve(STDERR_NAME);
        // Files rather than pipes: no reader threads, and nothing can block on a full pipe buffer.
        Process process = command(workDir)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for sta in " + workDir);
        }
        if (!finished) {
            kill(process);
            throw new StaException("sta did not finish within " + timeout.toSeconds() + " s in " + workDir
                    + " and was killed\n" + describeOutput(readText(err), readText(out)), true);
        }
        byte[] stdout = Files.readAllBytes(out);
        checkCompleted(workDir, process.exitValue(), readText(err), new String(stdout, StandardCharsets.UTF_8));
        return stdout;
    }

    /** Throws unless sta exited 0 and reached the end of run.tcl; stdout/stderr only feed the message. */
    public static void checkCompleted(Path workDir, int exitCode, String stderr, String stdout) throws StaException {
        if (exitCode == 0 && Files.exists(workDir.resolve(DONE_FILE))) {
            return;
        }
        String why = exitCode != 0
                ? "sta exited with status " + exitCode
                : "sta stopped before the end of " + SCRIPT_NAME;
        throw new StaException(why + "\n" + describeOutput(stderr, stdout), false);
    }

    private static String describeOutput(String stderr, String stdout) {
        List<String> lines = stdout.lines().collect(Collectors.toList());
        // sta prints its own errors on stdout, so they are the most useful part of the message.
        String errors = lines.stream().filter(l -> l.startsWith("Error")).collect(Collectors.joining("\n"));
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - STDOUT_TAIL_LINES), lines.size()));
        return "errors on stdout:\n" + (errors.isEmpty() ? "(none)" : errors)
                + "\nstderr:\n" + (stderr.isBlank() ? "(empty)" : stderr.strip())
                + "\nlast stdout lines:\n" + (tail.isBlank() ? "(empty)" : tail);
    }

    // Lenient decoding: a stray non-UTF-8 byte must not hide the real failure.
    private static String readText(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    // Only this process and whatever it spawned (a Tcl `exec`) are ended.
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String ensureNewline(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }
}

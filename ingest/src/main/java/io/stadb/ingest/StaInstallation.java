package io.stadb.ingest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where OpenSTA and the OSU standard-cell libraries live on this machine.
 *
 * <p>Lookup order: the executable named by {@code STADB_STA}, else {@code sta} on {@code PATH};
 * liberty files under {@code STADB_LIBERTY_DIR}, else under the Debian qflow tech directory.
 * An explicit override that points nowhere is not silently replaced by the default, because a
 * misconfigured override would otherwise produce reports from a different tool or library.
 */
public final class StaInstallation {

    public static final String STA_ENV = "STADB_STA";
    public static final String LIBERTY_DIR_ENV = "STADB_LIBERTY_DIR";
    public static final Path DEFAULT_LIBERTY_DIR = Path.of("/usr/share/qflow/tech");

    private final Path executable;
    private final String version;
    private final Path osu018;
    private final Path osu035;

    private StaInstallation(Path executable, String version, Path osu018, Path osu035) {
        this.executable = executable;
        this.version = version;
        this.osu018 = osu018;
        this.osu035 = osu035;
    }

    public static Optional<StaInstallation> find() {
        return find(System.getenv());
    }

    /** Empty when no runnable {@code sta} was found; missing liberty files only make it incomplete. */
    public static Optional<StaInstallation> find(Map<String, String> env) {
        Optional<Path> exe = locateExecutable(env);
        if (exe.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> version = queryVersion(exe.get());
        if (version.isEmpty()) {
            return Optional.empty();
        }
        Path libDir = Optional.ofNullable(env.get(LIBERTY_DIR_ENV))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElse(DEFAULT_LIBERTY_DIR);
        return Optional.of(new StaInstallation(exe.get(), version.get(),
                locateLiberty(libDir, "osu018"), locateLiberty(libDir, "osu035")));
    }

    public Path executable() {
        return executable;
    }

    /** What {@code sta -version} printed, e.g. {@code 2.0.17}. */
    public String version() {
        return version;
    }

    public Optional<Path> osu018() {
        return Optional.ofNullable(osu018);
    }

    public Optional<Path> osu035() {
        return Optional.ofNullable(osu035);
    }

    /** Enough to run single-corner designs; two-corner designs additionally need {@link #osu035()}. */
    public boolean isComplete() {
        return osu018 != null;
    }

    /** Human-readable list of what is absent; empty when everything, osu035 included, is present. */
    public List<String> missing() {
        List<String> out = new ArrayList<>();
        if (osu018 == null) {
            out.add("osu018_stdcells.lib (set " + LIBERTY_DIR_ENV + ")");
        }
        if (osu035 == null) {
            out.add("osu035_stdcells.lib (set " + LIBERTY_DIR_ENV + ")");
        }
        return out;
    }

    @Override
    public String toString() {
        return "sta " + version + " at " + executable + ", osu018=" + osu018 + ", osu035=" + osu035;
    }

    private static Optional<Path> locateExecutable(Map<String, String> env) {
        String override = env.get(STA_ENV);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "sta");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    // Accept both a flat directory of .lib files and the qflow layout with one folder per process.
    private static Path locateLiberty(Path dir, String process) {
        String file = process + "_stdcells.lib";
        for (Path candidate : List.of(dir.resolve(process).resolve(file), dir.resolve(file))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    // Running the binary, not just finding it, weeds out a broken install before any test relies on it.
    // Output goes to a file so a hung binary cannot block us on a pipe read past the timeout.
    private static Optional<String> queryVersion(Path exe) {
        Path out = null;
        try {
            out = Files.createTempFile("stadb-sta-version", ".txt");
            Process p = new ProcessBuilder(exe.toString(), "-version")
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String text = Files.readString(out, StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && !text.isEmpty()
                    ? text.lines().findFirst()
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a stray temp file is harmless
                }
            }
        }
    }
}

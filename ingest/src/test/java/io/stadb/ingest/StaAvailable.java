package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that run the real OpenSTA. On a developer machine without sta they are skipped;
 * under CI (env CI set) a missing tool fails the test instead, so a broken CI image cannot turn
 * the whole integration suite into silent skips.
 */
public final class StaAvailable {

    private static final Optional<StaInstallation> FOUND = StaInstallation.find();

    private StaAvailable() {
    }

    /** sta plus the osu018 library. */
    public static StaInstallation require() {
        return require(false);
    }

    /** Also the osu035 library, for two-corner designs. */
    public static StaInstallation requireTwoCorners() {
        return require(true);
    }

    public static StaInstallation require(boolean twoCorners) {
        List<String> missing = new ArrayList<>();
        if (FOUND.isEmpty()) {
            String override = System.getenv(StaInstallation.STA_ENV);
            missing.add(override != null && !override.isBlank()
                    ? "a runnable OpenSTA at " + StaInstallation.STA_ENV + "=" + override
                    : "a runnable OpenSTA `sta` on PATH (or set " + StaInstallation.STA_ENV + ")");
        } else {
            StaInstallation sta = FOUND.get();
            if (sta.osu018().isEmpty()) {
                missing.add("osu018_stdcells.lib under " + libraryDir());
            }
            if (twoCorners && sta.osu035().isEmpty()) {
                missing.add("osu035_stdcells.lib under " + libraryDir());
            }
        }
        if (!missing.isEmpty()) {
            String message = "OpenSTA integration test needs " + String.join(" and ", missing)
                    + " (Debian: apt-get install opensta qflow-tech-osu018 qflow-tech-osu035)";
            if (onCi()) {
                fail(message);
            }
            Assumptions.assumeTrue(false, message);
        }
        return FOUND.get();
    }

    static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    private static String libraryDir() {
        String dir = System.getenv(StaInstallation.LIBERTY_DIR_ENV);
        return dir != null && !dir.isBlank() ? dir : StaInstallation.DEFAULT_LIBERTY_DIR.toString();
    }
}

package io.stadb.engine;

import io.stadb.codec.StadbException;
import java.util.regex.Pattern;

/**
 * What a stage name (and a metadata key) may be. Names never become file names (directories are
 * numbered), but they travel through catalogs, URLs and shells, so they are kept plain: no separators,
 * no spaces, no traversal, at most 128 characters.
 */
public final class StageNames {
    private StageNames() {
    }

    public static final int MAX_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+=,-]{0,127}");

    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new StadbException("invalid stage name '" + name + "': use 1-" + MAX_LENGTH
                + " letters, digits and . _ : @ + = , - (starting with a letter or digit)");
        }
        return name;
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}

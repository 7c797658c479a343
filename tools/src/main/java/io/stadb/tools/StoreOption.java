package io.stadb.tools;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db DIR} option every store command takes. */
final class StoreOption {
    @Option(names = "--db", paramLabel = "DIR", defaultValue = "stadb-data",
        description = "Store directory (default: ${DEFAULT-VALUE}).")
    Path db;
}

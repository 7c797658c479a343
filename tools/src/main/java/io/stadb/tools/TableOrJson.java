package io.stadb.tools;

import picocli.CommandLine.Option;

/** The {@code --format table|json} option of the commands that print a table or its JSON. */
final class TableOrJson {
    enum Format { TABLE, JSON }

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    boolean json() {
        return format == Format.JSON;
    }
}

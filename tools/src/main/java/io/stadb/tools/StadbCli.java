package io.stadb.tools;

import io.stadb.codec.StadbException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code stadb}: the command line. Exit codes: 0 success; 1 error (bad store, I/O, bad arguments to a
 * store operation); 2 usage error, or a strict ingest that met a bad block; 3 ingest stored the run but
 * skipped bad blocks.
 */
@Command(name = "stadb", mixinStandardHelpOptions = true, versionProvider = StadbCli.Version.class,
    description = "Timing database for OpenSTA/OpenROAD report_checks output.",
    subcommands = {IngestCommand.class, ReportCommand.class, StagesCommand.class, RollbackCommand.class,
        VerifyCommand.class, CompactCommand.class, QueryCommand.class, StatsCommand.class, DiffCommand.class,
        TrendCommand.class, GenCommand.class, DemoCommand.class, ServeCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (store, I/O, input)", "2:usage error, or --strict ingest hit a bad block",
        "3:ingest stored the run but skipped bad blocks"})
public final class StadbCli {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int SKIPPED = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI in-process (tests use this); returns the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new StadbCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof io.stadb.query.QueryException q && q.reason() == io.stadb.query.QueryException.Reason.BAD_QUERY) {
                err.println("stadb: " + ex.getMessage());
                err.flush();
                return USAGE;
            }
            if (ex instanceof StadbException) {
                err.println("stadb: " + ex.getMessage());
                err.flush();
                return ERROR;
            }
            err.println("stadb: internal error: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return ERROR;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = StadbCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"stadb " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}

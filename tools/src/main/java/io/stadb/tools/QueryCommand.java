package io.stadb.tools;

import io.stadb.query.Page;
import io.stadb.query.PathIterator;
import io.stadb.query.PathRecord;
import io.stadb.query.Query;
import io.stadb.query.TimingDb;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Select paths of a stage: worst first (or input order), filtered, one page at a time or all.",
        "A page prints the cursor of the next one (json-page: in the page; other formats: on stderr)."})
final class QueryCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Mixin
    QueryOptions filters;

    @Option(names = "--worst", paramLabel = "N", description = "The N worst paths (a first page of N).")
    Integer worst;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
        description = "Paths per page (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue after this cursor (from a previous page).")
    String cursor;

    @Option(names = "--all", description = "Stream every remaining path (from --cursor when given), not one page.")
    boolean all;

    @Option(names = "--points", description = "Include every point of each path (decodes the paths' blocks).")
    boolean points;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
        description = "table, jsonl, json-page, csv or report (OpenSTA text; implies --points). Default: ${DEFAULT-VALUE}.")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PathOutput output = new PathOutput(out, format);
        try (TimingDb db = TimingDb.open(store.db)) {
            Query q = filters.build(db).points(points || format.equals("report"));
            output.begin();
            if (all) {
                try (PathIterator it = q.iterate(cursor)) {
                    while (it.hasNext()) {
                        output.path(it.next());
                    }
                }
                output.end(null, err);
            } else {
                Page p = q.page(worst != null ? worst : pageSize, worst != null ? null : cursor);
                for (PathRecord r : p.paths()) {
                    output.path(r);
                }
                output.end(p.nextCursor(), err);
            }
        }
        return StadbCli.OK;
    }
}

package io.stadb.tools;

import io.stadb.query.CheckKind;
import io.stadb.query.MinMax;
import io.stadb.query.PathClass;
import io.stadb.query.Query;
import io.stadb.query.TimingDb;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The filters of {@code stadb query}, turned into a {@link Query}. */
final class QueryOptions {
    @Option(names = "--stage", paramLabel = "NAME", description = "Stage to read (default: the head).")
    String stage;

    @Option(names = "--slack-below", paramLabel = "X", description = "Only paths with slack < X (report's unit).")
    Double slackBelow;

    @Option(names = "--slack-min", paramLabel = "X", description = "Only paths with slack >= X.")
    Double slackMin;

    @Option(names = "--slack-max", paramLabel = "X", description = "Only paths with slack <= X.")
    Double slackMax;

    @Option(names = {"--from", "--startpoint"}, paramLabel = "GLOB", description = "Startpoint pattern (* and ?).")
    String start;

    @Option(names = {"--to", "--endpoint"}, paramLabel = "GLOB", description = "Endpoint pattern (* and ?).")
    String end;

    @Option(names = "--group", paramLabel = "NAME", description = "Path group.")
    String group;

    @Option(names = "--corner", paramLabel = "NAME", description = "Corner.")
    String corner;

    @Option(names = "--mode", paramLabel = "NAME", description = "Mode.")
    String mode;

    @Option(names = "--type", paramLabel = "max|min", description = "Path type (max: setup, min: hold).")
    String type;

    @Option(names = "--check", paramLabel = "KIND",
        description = "Check: setup, hold, recovery, removal, gating_setup, gating_hold, data_check.")
    String check;

    @Option(names = "--class", paramLabel = "CLASS", description = "Path class: reg2reg, in2reg, reg2out, in2out, other.")
    String pathClass;

    @Option(names = "--unique-endpoints", description = "Only the worst path of each endpoint.")
    boolean unique;

    @Option(names = "--order", defaultValue = "slack", paramLabel = "slack|input",
        description = "slack: worst first (ties in input order); input: as ingested (default: ${DEFAULT-VALUE}).")
    String order;

    Query build(TimingDb db) {
        Query q = db.query().stage(stage).startpoint(start).endpoint(end).group(group).corner(corner).mode(mode)
            .uniqueEndpoints(unique);
        if (slackBelow != null) {
            q.slackBelow(slackBelow);
        }
        if (slackMin != null || slackMax != null) {
            q.slackBetween(slackMin == null ? Double.NEGATIVE_INFINITY : slackMin,
                slackMax == null ? Double.POSITIVE_INFINITY : slackMax);
        }
        if (type != null) {
            q.minMax(parse(MinMax.class, type, "--type"));
        }
        if (check != null) {
            q.check(parse(CheckKind.class, check, "--check"));
        }
        if (pathClass != null) {
            q.pathClass(parse(PathClass.class, pathClass, "--class"));
        }
        switch (order) {
            case "slack" -> q.orderBySlack();
            case "input" -> q.inputOrder();
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "--order must be slack or input: " + order);
        }
        return q;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String v, String option) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new io.stadb.query.QueryException(io.stadb.query.QueryException.Reason.BAD_QUERY,
                option + ": unknown value '" + v + "'");
        }
    }
}

package io.stadb.tools;

import io.stadb.query.CheckKind;
import io.stadb.query.MinMax;
import io.stadb.query.PathClass;
import io.stadb.query.Query;
import io.stadb.query.TimingDb;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The filters of {@code stadb query}, turned into a {@link Query}; {@code stadb serve} fills the same fields
 * from query-string parameters ({@link #fromParams}), so both answer the same question the same way.
 */
public final class QueryOptions {
    /** The query-string parameters {@link #fromParams} knows (the CLI's options, {@code -} as {@code _}). */
    public static final java.util.Set<String> PARAMS = java.util.Set.of("stage", "slack_below", "slack_min", "slack_max",
        "from", "startpoint", "to", "endpoint", "group", "corner", "mode", "type", "check", "class",
        "unique_endpoints", "order");

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

    /**
     * The filters named by {@code params} (keys from {@link #PARAMS}; others are ignored here: the caller
     * checks them). A bad number is a BAD_QUERY {@link io.stadb.query.QueryException}.
     */
    public static QueryOptions fromParams(java.util.Map<String, String> params) {
        QueryOptions o = new QueryOptions();
        o.order = "slack";
        params.forEach((k, v) -> {
            switch (k) {
                case "stage" -> o.stage = v;
                case "slack_below" -> o.slackBelow = number(k, v);
                case "slack_min" -> o.slackMin = number(k, v);
                case "slack_max" -> o.slackMax = number(k, v);
                case "from", "startpoint" -> o.start = v;
                case "to", "endpoint" -> o.end = v;
                case "group" -> o.group = v;
                case "corner" -> o.corner = v;
                case "mode" -> o.mode = v;
                case "type" -> o.type = v;
                case "check" -> o.check = v;
                case "class" -> o.pathClass = v;
                case "unique_endpoints" -> o.unique = flag(k, v);
                case "order" -> o.order = v;
                default -> {
                }
            }
        });
        return o;
    }

    /** The stage named (null: the head). */
    public String stage() {
        return stage;
    }

    private static double number(String name, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isNaN(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new io.stadb.query.QueryException(io.stadb.query.QueryException.Reason.BAD_QUERY,
            name + ": not a number: '" + v + "'");
    }

    /** true for "", "1", "true", "yes"; false for "0", "false", "no". */
    public static boolean flag(String name, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "", "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw new io.stadb.query.QueryException(io.stadb.query.QueryException.Reason.BAD_QUERY,
                name + ": expected true or false: '" + v + "'");
        };
    }

    public Query build(TimingDb db) {
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
            default -> throw new io.stadb.query.QueryException(io.stadb.query.QueryException.Reason.BAD_QUERY,
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

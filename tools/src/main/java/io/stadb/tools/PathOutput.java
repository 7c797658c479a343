package io.stadb.tools;

import io.stadb.query.PathRecord;
import java.io.PrintWriter;
import java.util.List;

/** Prints {@link PathRecord}s as a table, JSON lines, a JSON page, CSV or OpenSTA text. */
final class PathOutput {
    static final List<String> FORMATS = List.of("table", "jsonl", "json-page", "csv", "report");
    private final PrintWriter out;
    private final String format;
    private int count;

    PathOutput(PrintWriter out, String format) {
        if (!FORMATS.contains(format)) {
            throw new io.stadb.query.QueryException(io.stadb.query.QueryException.Reason.BAD_QUERY,
                "--format must be one of " + FORMATS + ": " + format);
        }
        this.out = out;
        this.format = format;
    }

    void begin() {
        switch (format) {
            case "table" -> out.printf("%10s %-4s %-12s %-10s %-8s %-32s %s%n", "slack", "type", "group", "corner",
                "status", "startpoint", "endpoint");
            case "csv" -> out.println("stage,ordinal,startpoint,endpoint,group,type,corner,mode,slack,arrival,required,"
                + "status,class,check");
            case "json-page" -> out.print("{\"paths\":[");
            default -> {
            }
        }
    }

    void path(PathRecord r) {
        switch (format) {
            case "table" -> out.printf("%10s %-4s %-12s %-10s %-8s %-32s %s%n", num(r.slack()), r.type().label(),
                r.group(), r.corner(), r.statusLabel(), r.startpoint(), r.endpoint());
            case "csv" -> out.println(String.join(",", csv(r.stage()), Long.toString(r.ordinal()), csv(r.startpoint()),
                csv(r.endpoint()), csv(r.group()), r.type().label(), csv(r.corner()), csv(r.mode()), num(r.slack()),
                num(r.arrival()), num(r.required()), r.statusLabel(), r.pathClass().label(), r.check().label()));
            case "jsonl" -> out.println(json(r));
            case "json-page" -> out.print((count > 0 ? "," : "") + json(r));
            case "report" -> out.print(r.text());
            default -> throw new IllegalStateException(format);
        }
        count++;
    }

    /** Ends the output; the next page's cursor goes into the JSON page, elsewhere to {@code err}. */
    void end(String nextCursor, PrintWriter err) {
        if (format.equals("json-page")) {
            out.println("],\"next_cursor\":" + (nextCursor == null ? "null" : Json.quote(nextCursor)) + "}");
        } else if (nextCursor != null) {
            err.println("next page: --cursor " + nextCursor);
        }
        out.flush();
        err.flush();
    }

    static String json(PathRecord r) {
        StringBuilder sb = new StringBuilder(256).append('{');
        sb.append("\"stage\":").append(Json.quote(r.stage()));
        sb.append(",\"ordinal\":").append(r.ordinal());
        sb.append(",\"startpoint\":").append(Json.quote(r.startpoint()));
        sb.append(",\"endpoint\":").append(Json.quote(r.endpoint()));
        sb.append(",\"group\":").append(Json.quote(r.group()));
        sb.append(",\"type\":").append(Json.quote(r.type().label()));
        sb.append(",\"corner\":").append(Json.quote(r.corner()));
        sb.append(",\"mode\":").append(Json.quote(r.mode()));
        sb.append(",\"slack\":").append(jsonNum(r.slack()));
        sb.append(",\"arrival\":").append(jsonNum(r.arrival()));
        sb.append(",\"required\":").append(jsonNum(r.required()));
        sb.append(",\"status\":").append(Json.quote(r.statusLabel()));
        sb.append(",\"class\":").append(Json.quote(r.pathClass().label()));
        sb.append(",\"check\":").append(Json.quote(r.check().label()));
        if (r.text() != null) {
            sb.append(",\"text\":").append(Json.quote(r.text()));
        }
        return sb.append('}').toString();
    }

    /** A time as the shortest exact decimal (values have at most 6 fraction digits). */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "INF" : "-INF";
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String jsonNum(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : num(v);
    }

    private static String csv(String s) {
        return s.indexOf(',') < 0 && s.indexOf('"') < 0 ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}

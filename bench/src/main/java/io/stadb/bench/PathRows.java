package io.stadb.bench;

import io.stadb.codec.BlockFacts;
import io.stadb.codec.BlockKind;
import io.stadb.codec.Col;
import io.stadb.codec.Num;
import io.stadb.codec.PathStatus;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;

/**
 * The paths of a stream of blocks as a relational peer sees them: one {@link Path} per path block and per
 * end-table row, numbered in input order exactly as stadb's path index numbers them (so ordinals, and the
 * {@code ORDER BY slack, ordinal} tie-break, mean the same on both sides). A table's group and min/max
 * come from its {@code max_delay/setup group clk} title, carried across the table's continuation blocks.
 * Absent names are "" (never NULL) so that they join as equal keys, as stadb's dictionary ids do.
 */
final class PathRows {
    /** One path's header fields; reused for every path. Times in the report's unit, NaN when absent. */
    static final class Path {
        long ordinal;
        String startpoint;
        String endpoint;
        String group;
        String type;
        String corner;
        String mode;
        double slack;
        double arrival;
        double required;
        String status;
    }

    interface Sink {
        void path(Path p) throws Exception;

        /** A POINT row of the path just given (full-format paths only). */
        void point(long ordinal, int row, ReportBlock b) throws Exception;
    }

    private final Sink sink;
    private final Path p = new Path();
    private long next;
    private String tableGroup = "";
    private String tableType = "";

    PathRows(Sink sink) {
        this.sink = sink;
    }

    long paths() {
        return next;
    }

    void add(ReportBlock b) throws Exception {
        BlockKind k = b.kind();
        if (k == BlockKind.PATH || k == BlockKind.PATH_SHORT) {
            addPath(b);
        } else if (k == BlockKind.END_TABLE) {
            addEndRows(b);
        } else if (k.isTable() || k == BlockKind.JSON_PATH) {
            throw new IllegalArgumentException("the peer comparison takes full and end reports, not " + k);
        }
    }

    private void addPath(ReportBlock b) throws Exception {
        BlockFacts f = b.facts();
        p.ordinal = next++;
        p.startpoint = name(b, f.startRow());
        p.endpoint = name(b, f.endRow());
        p.group = name(b, f.groupRow());
        p.type = name(b, f.typeRow());
        p.corner = name(b, f.cornerRow());
        p.mode = name(b, f.modeRow());
        p.slack = f.slackValue();
        p.arrival = Num.toDouble(f.arrival(), f.arrivalScale());
        p.required = Num.toDouble(f.required(), f.requiredScale());
        p.status = f.status().name();
        sink.path(p);
        for (int r = 0; r < b.rowCount(); r++) {
            if (b.rowKind(r) == RowKind.POINT) {
                sink.point(p.ordinal, r, b);
            }
        }
    }

    private void addEndRows(ReportBlock b) throws Exception {
        int digits = b.layout().digits();
        for (int r = 0; r < b.rowCount(); r++) {
            byte kind = b.rowKind(r);
            if (b.rowHas(r, RowKind.F_VERBATIM)) {
                continue;
            }
            if (kind == RowKind.GROUP_HEADER) {
                String title = b.name(r);
                tableType = title.startsWith("max") ? "max" : title.startsWith("min") ? "min" : "";
                int g = title.indexOf(" group ");
                tableGroup = g < 0 ? "" : title.substring(g + 7);
                continue;
            }
            if (kind != RowKind.END_ROW) {
                continue;
            }
            long slack = b.num(r, Col.SLACK);
            p.ordinal = next++;
            p.startpoint = "";
            p.endpoint = b.name(r);
            p.group = tableGroup;
            p.type = tableType;
            p.corner = "";
            p.mode = "";
            p.slack = Num.toDouble(slack, digits);
            p.arrival = Num.toDouble(b.num(r, Col.ARRIVAL), digits);
            p.required = Num.toDouble(b.num(r, Col.REQUIRED), digits);
            p.status = (Num.isFinite(slack) && slack < 0 || slack == Num.NEG_INF ? PathStatus.VIOLATED : PathStatus.MET).name();
            sink.path(p);
        }
    }

    private static String name(ReportBlock b, int row) {
        return row < 0 ? "" : b.name(row);
    }
}

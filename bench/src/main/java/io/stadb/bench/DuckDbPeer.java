package io.stadb.bench;

import io.stadb.codec.Col;
import io.stadb.codec.Num;
import io.stadb.codec.ReportBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The DuckDB side of the peer comparison: a database file with one row per path ({@code paths}) and one
 * per path point ({@code points}), loaded through DuckDB's Appender from the same parsed blocks stadb
 * stores, and the SQL that answers stadb's queries. Slack is DOUBLE (stadb answers doubles too); rows go in
 * input order, so DuckDB's zone maps on {@code stage} and {@code ordinal} are as tight as they can be.
 */
final class DuckDbPeer implements AutoCloseable {
    private static final String PATHS = "CREATE TABLE IF NOT EXISTS paths(stage VARCHAR, ordinal BIGINT, startpoint VARCHAR, "
        + "endpoint VARCHAR, grp VARCHAR, type VARCHAR, corner VARCHAR, mode VARCHAR, slack DOUBLE, arrival DOUBLE, "
        + "required DOUBLE, status VARCHAR)";
    private static final String POINTS = "CREATE TABLE IF NOT EXISTS points(stage VARCHAR, ordinal BIGINT, row INTEGER, "
        + "pin VARCHAR, cell VARCHAR, edge VARCHAR, fanout DOUBLE, cap DOUBLE, slew DOUBLE, delay DOUBLE, time DOUBLE)";
    /** The header fields stadb's PathRecord carries; every query below returns (and reads) all of them. */
    private static final String COLUMNS = "ordinal, startpoint, endpoint, grp, type, corner, mode, slack, arrival, required, status";

    final Path file;
    private final Connection conn;

    DuckDbPeer(Path file) throws SQLException {
        this.file = file;
        this.conn = DriverManager.getConnection("jdbc:duckdb:" + file);
        try (Statement s = conn.createStatement()) {
            s.execute(PATHS);
            s.execute(POINTS);
        }
    }

    /** Appends one stage's blocks; {@link #finish} flushes. Not thread-safe (one appender per table). */
    final class Loader implements PathRows.Sink {
        private final String stage;
        private final DuckDBAppender paths;
        private final DuckDBAppender points;
        final PathRows rows = new PathRows(this);

        Loader(String stage) throws SQLException {
            this.stage = stage;
            DuckDBConnection dc = conn.unwrap(DuckDBConnection.class);
            this.paths = dc.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "paths");
            this.points = dc.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "points");
        }

        void add(ReportBlock b) throws Exception {
            rows.add(b);
        }

        @Override
        public void path(PathRows.Path p) throws SQLException {
            paths.beginRow().append(stage).append(p.ordinal).append(p.startpoint).append(p.endpoint).append(p.group)
                .append(p.type).append(p.corner).append(p.mode);
            time(paths, p.slack);
            time(paths, p.arrival);
            time(paths, p.required);
            paths.append(p.status).endRow();
        }

        @Override
        public void point(long ordinal, int r, ReportBlock b) throws SQLException {
            points.beginRow().append(stage).append(ordinal).append(r).append(b.name(r)).append(b.aux(r))
                .append(String.valueOf((char) b.edge(r)));
            for (int c : new int[] {Col.FANOUT, Col.CAP, Col.SLEW, Col.DELAY, Col.TIME}) {
                time(points, Num.toDouble(b.num(r, c), b.layout().digitsOf(c)));
            }
            points.endRow();
        }

        /** Closes the appenders (their last rows go to the table). */
        void finish() throws SQLException {
            paths.close();
            points.close();
        }
    }

    private static void time(DuckDBAppender a, double v) throws SQLException {
        if (Double.isNaN(v)) {
            a.appendNull();
        } else {
            a.append(v);
        }
    }

    Loader loader(String stage) throws SQLException {
        return new Loader(stage);
    }

    void execute(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    /** The database file after a CHECKPOINT (everything in it, nothing in the WAL). */
    long bytes() throws Exception {
        execute("CHECKPOINT");
        long n = Files.size(file);
        Path wal = Path.of(file + ".wal");
        return Files.exists(wal) ? n + Files.size(wal) : n;
    }

    /** Rows of a query, every value read (as stadb materializes its records); the first column is kept. */
    private List<Object> rows(PreparedStatement ps, int columns) throws SQLException {
        List<Object> first = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                first.add(rs.getObject(1));
                for (int c = 2; c <= columns; c++) {
                    rs.getObject(c);
                }
            }
        }
        return first;
    }

    /** The ordinals (first column) of a query's rows. */
    private List<Long> ordinals(PreparedStatement ps) throws SQLException {
        return rows(ps, 11).stream().map(o -> ((Number) o).longValue()).toList();
    }

    /** Worst-first order, ties in input order: stadb's order. */
    List<Long> worst(String stage, int n) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM paths WHERE stage = ? "
            + "ORDER BY slack NULLS LAST, ordinal LIMIT ?")) {
            ps.setString(1, stage);
            ps.setInt(2, n);
            return ordinals(ps);
        }
    }

    /** A page after the keyset (slack, ordinal): what a cursor holds. */
    List<Long> pageAfter(String stage, double slack, long ordinal, int n) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM paths WHERE stage = ? "
            + "AND (slack > ? OR (slack = ? AND ordinal > ?)) ORDER BY slack, ordinal LIMIT ?")) {
            ps.setString(1, stage);
            ps.setDouble(2, slack);
            ps.setDouble(3, slack);
            ps.setLong(4, ordinal);
            ps.setInt(5, n);
            return ordinals(ps);
        }
    }

    /** The same page by OFFSET (no cursor: DuckDB sorts, or top-N's, past the first {@code offset} rows). */
    List<Long> pageAtOffset(String stage, long offset, int n) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM paths WHERE stage = ? "
            + "ORDER BY slack NULLS LAST, ordinal LIMIT ? OFFSET ?")) {
            ps.setString(1, stage);
            ps.setInt(2, n);
            ps.setLong(3, offset);
            return ordinals(ps);
        }
    }

    /** {slack, ordinal} of the path at {@code offset} worst first: the keyset a cursor there would hold. */
    double[] keysetAt(String stage, long offset) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT slack, ordinal FROM paths WHERE stage = ? "
            + "ORDER BY slack NULLS LAST, ordinal LIMIT 1 OFFSET ?")) {
            ps.setString(1, stage);
            ps.setLong(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getLong(2)};
            }
        }
    }

    /**
     * What {@code db.stats(stage)} computes: per (group, corner, mode, type) paths, endpoints and worst
     * slack; per type WNS, TNS and violating endpoints over each endpoint's worst slack; a 20-bin slack
     * histogram stacked by group and one of the endpoints' worst slacks. Returns the histogram's rows.
     */
    long stats(String stage) throws SQLException {
        String[] sql = {
            "SELECT grp, corner, mode, type, count(*), count(DISTINCT endpoint), min(slack) FROM paths WHERE stage = ? "
                + "GROUP BY ALL",
            "WITH e AS (SELECT endpoint, type, min(slack) ws FROM paths WHERE stage = ? GROUP BY endpoint, type) "
                + "SELECT type, count(*), least(min(ws), 0), sum(least(ws, 0)), count(*) FILTER (ws < 0) FROM e GROUP BY type",
            histogram("slack", "SELECT grp, slack v FROM paths WHERE stage = ?"),
            histogram("endpoint", "SELECT min(grp) grp, min(slack) v FROM paths WHERE stage = ? GROUP BY endpoint, type"),
        };
        long n = 0;
        for (String q : sql) {
            try (PreparedStatement ps = conn.prepareStatement(q)) {
                ps.setString(1, stage);
                n += rows(ps, ps.getMetaData().getColumnCount()).size();
            }
        }
        return n;
    }

    /** 20 equal bins over [min, max] of {@code v}, the last one closed, stacked by group. */
    private static String histogram(String name, String source) {
        return "WITH s AS (" + source + "), r AS (SELECT min(v) lo, max(v) hi FROM s) "
            + "SELECT grp, least(floor((v - lo) / greatest((hi - lo) / 20, 1e-12)), 19)::INTEGER AS bin, count(*) "
            + "FROM s, r WHERE v IS NOT NULL GROUP BY ALL ORDER BY 1, 2 /* " + name + " */";
    }

    /**
     * What {@code db.diff(from, to, top)} computes: paths matched on (startpoint, endpoint, group, corner,
     * mode, type, rank among equal keys in input order); counts of matched, added, removed, improved,
     * regressed; the {@code top} worst regressions. Returns {matched, added, removed}.
     */
    long[] diff(String from, String to, int top) throws SQLException {
        String side = "SELECT startpoint, endpoint, grp, corner, mode, type, slack, ordinal, row_number() OVER "
            + "(PARTITION BY startpoint, endpoint, grp, corner, mode, type ORDER BY ordinal) rk FROM paths WHERE stage = ?";
        try (PreparedStatement j = conn.prepareStatement("CREATE OR REPLACE TEMP TABLE j AS SELECT a.slack sa, b.slack sb, "
            + "b.ordinal ob, a.ordinal oa FROM (" + side + ") a FULL OUTER JOIN (" + side + ") b "
            + "USING (startpoint, endpoint, grp, corner, mode, type, rk)")) {
            j.setString(1, from);
            j.setString(2, to);
            j.execute();
        }
        long[] counts = new long[3];
        try (PreparedStatement c = conn.prepareStatement("SELECT count(*) FILTER (oa IS NOT NULL AND ob IS NOT NULL), "
            + "count(*) FILTER (oa IS NULL), count(*) FILTER (ob IS NULL), count(*) FILTER (sb > sa), "
            + "count(*) FILTER (sb < sa), count(*) FILTER (sb = sa) FROM j");
             ResultSet rs = c.executeQuery()) {
            rs.next();
            for (int i = 0; i < 3; i++) {
                counts[i] = rs.getLong(i + 1);
            }
        }
        for (String q : new String[] {
            "SELECT ob, sb - sa FROM j WHERE oa IS NOT NULL AND ob IS NOT NULL ORDER BY sb - sa, ob LIMIT ?",
            "SELECT ob, sb FROM j WHERE oa IS NULL ORDER BY sb, ob LIMIT ?",
            "SELECT oa, sa FROM j WHERE ob IS NULL ORDER BY sa, oa LIMIT ?"}) {
            try (PreparedStatement ps = conn.prepareStatement(q)) {
                ps.setInt(1, top);
                rows(ps, 2);
            }
        }
        execute("DROP TABLE j");
        return counts;
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}

package io.stadb.tools;

import io.stadb.codec.BlockKind;
import io.stadb.engine.StageInfo;
import io.stadb.ingest.IngestResult;
import io.stadb.ingest.ParseSummary;
import io.stadb.query.GroupStats;
import io.stadb.query.Histogram;
import io.stadb.query.PathDelta;
import io.stadb.query.PathRecord;
import io.stadb.query.StageDiff;
import io.stadb.query.StageStats;
import io.stadb.query.Trend;
import io.stadb.query.TrendPoint;
import java.util.List;
import java.util.Map;

/**
 * The JSON objects the CLI prints, written by hand (no JSON library in the CLI jar). {@code stadb serve}
 * answers with the same methods, so the server and the CLI give the same bytes for the same question.
 */
public final class Json {
    private Json() {
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code stadb ingest --format json}. */
    public static String ingestSummary(IngestResult r) {
        ParseSummary p = r.parse();
        StringBuilder blocks = new StringBuilder("{");
        for (Map.Entry<BlockKind, Long> e : p.blocksByKind().entrySet()) {
            if (blocks.length() > 1) {
                blocks.append(',');
            }
            blocks.append(quote(e.getKey().name().toLowerCase())).append(':').append(e.getValue());
        }
        blocks.append('}');
        StringBuilder problems = new StringBuilder("[");
        p.problems().forEach(pr -> {
            if (problems.length() > 1) {
                problems.append(',');
            }
            problems.append("{\"line\":").append(pr.line()).append(",\"offset\":").append(pr.offset())
                .append(",\"block_line\":").append(pr.blockLine()).append(",\"reason\":").append(quote(pr.reason()))
                .append('}');
        });
        problems.append(']');
        return "{\"stage\":" + quote(r.stage().name()) + ",\"stage_id\":" + r.stage().id()
            + ",\"paths\":" + r.stage().paths() + ",\"blocks\":" + r.stage().blocks()
            + ",\"blocks_by_kind\":" + blocks + ",\"bytes\":" + p.bytes() + ",\"lines\":" + p.lines()
            + ",\"skipped_lines\":" + p.skippedLines() + ",\"bad_blocks\":" + p.badBlocks()
            + ",\"verbatim_rows\":" + p.verbatimRows() + ",\"stored_bytes\":" + r.stage().storedBytes()
            + ",\"resumed_blocks\":" + r.resumedBlocks()
            + ",\"seconds\":" + String.format("%.3f", r.nanos() / 1e9)
            + ",\"mb_per_s\":" + String.format("%.1f", r.megabytesPerSecond()) + ",\"problems\":" + problems + "}";
    }

    public static String stage(StageInfo s) {
        StringBuilder meta = new StringBuilder("{");
        s.meta().forEach((k, v) -> {
            if (meta.length() > 1) {
                meta.append(',');
            }
            meta.append(quote(k)).append(':').append(quote(v));
        });
        meta.append('}');
        return "{\"id\":" + s.id() + ",\"name\":" + quote(s.name()) + ",\"state\":" + quote(s.state().name().toLowerCase())
            + ",\"created_ms\":" + s.createdMillis() + ",\"parent_id\":" + s.parentId() + ",\"source\":"
            + quote(s.source()) + ",\"source_bytes\":" + s.sourceBytes() + ",\"source_crc32c\":"
            + quote(Integer.toHexString(s.sourceCrc())) + ",\"paths\":" + s.paths() + ",\"blocks\":" + s.blocks()
            + ",\"stored_bytes\":" + s.storedBytes() + ",\"meta\":" + meta + "}";
    }

    /** {@code stadb stages --format json}. */
    public static String stages(List<StageInfo> stages, String head) {
        StringBuilder sb = new StringBuilder("{\"head\":").append(head == null ? "null" : quote(head))
            .append(",\"stages\":[");
        for (int i = 0; i < stages.size(); i++) {
            sb.append(i > 0 ? "," : "").append(stage(stages.get(i)));
        }
        return sb.append("]}").toString();
    }

    /** One path as {@code stadb query --format jsonl} prints it (one line, no newline). */
    public static String path(PathRecord r) {
        return PathOutput.json(r);
    }

    /** A page as {@code stadb query --format json-page} prints it (without the newline). */
    public static String page(io.stadb.query.Page p) {
        StringBuilder sb = new StringBuilder("{\"paths\":[");
        for (int i = 0; i < p.paths().size(); i++) {
            sb.append(i > 0 ? "," : "").append(PathOutput.json(p.paths().get(i)));
        }
        return sb.append("],\"next_cursor\":").append(p.nextCursor() == null ? "null" : quote(p.nextCursor()))
            .append('}').toString();
    }

    /** {@code stadb trend --format json}. */
    public static String trend(Trend t) {
        StringBuilder sb = new StringBuilder("{\"trend\":[");
        for (int i = 0; i < t.points().size(); i++) {
            TrendPoint p = t.points().get(i);
            sb.append(i > 0 ? "," : "").append("{\"stage\":").append(quote(p.stage()))
                .append(",\"type\":").append(quote(p.type().label())).append(",\"paths\":").append(p.paths())
                .append(",\"endpoints\":").append(p.endpoints()).append(",\"wns\":").append(jsonNum(p.wns()))
                .append(",\"tns\":").append(jsonNum(p.tns())).append(",\"violating_endpoints\":")
                .append(p.violatingEndpoints()).append('}');
        }
return sb.append("]}").toString();
    }

    /** {@code stadb stats --format json}. */
    public static String stats(StageStats s) {
        StringBuilder sb = new StringBuilder("{\"stage\":").append(quote(s.stage()))
            .append(",\"paths\":").append(s.paths()).append(",\"totals\":[");
        groups(sb, s.totals());
        sb.append("],\"groups\":[");
        groups(sb, s.groups());
        sb.append("],\"histogram\":");
        histogramJson(sb, s.slack());
        sb.append(",\"endpoint_histogram\":");
        histogramJson(sb, s.endpointSlack());
        return sb.append('}').toString();
    }

    private static void groups(StringBuilder sb, java.util.List<GroupStats> list) {
        for (int i = 0; i < list.size(); i++) {
            GroupStats g = list.get(i);
            sb.append(i > 0 ? "," : "").append("{\"type\":").append(quote(g.type().label()))
                .append(",\"group\":").append(g.group() == null ? "null" : quote(g.group()))
                .append(",\"corner\":").append(g.corner() == null ? "null" : quote(g.corner()))
                .append(",\"mode\":").append(g.mode() == null ? "null" : quote(g.mode()))
                .append(",\"paths\":").append(g.paths()).append(",\"endpoints\":").append(g.endpoints())
                .append(",\"worst_slack\":").append(jsonNum(g.worstSlack()))
                .append(",\"wns\":").append(jsonNum(g.wns()))
                .append(",\"tns\":").append(jsonNum(g.tns()))
                .append(",\"violating_endpoints\":").append(g.violatingEndpoints()).append('}');
        }
    }

    private static void histogramJson(StringBuilder sb, Histogram h) {
        sb.append("{\"lower\":").append(jsonNum(round6(h.lower()))).append(",\"width\":")
            .append(jsonNum(round6(h.width()))).append(",\"counts\":").append(longs(h.counts()))
            .append(",\"unbinned\":").append(h.unbinned()).append(",\"by_group\":{");
        int i = 0;
        for (Map.Entry<String, long[]> e : h.byGroup().entrySet()) {
            sb.append(i++ > 0 ? "," : "").append(quote(e.getKey())).append(':').append(longs(e.getValue()));
        }
        sb.append("}}");
    }

    private static String longs(long[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? "," : "").append(v[i]);
        }
        return sb.append(']').toString();
    }

    /** {@code stadb diff --format json}. */
    public static String diff(StageDiff d) {
        StringBuilder sb = new StringBuilder("{\"from\":").append(quote(d.from())).append(",\"to\":")
            .append(quote(d.to())).append(",\"matched\":").append(d.matched()).append(",\"regressed\":")
            .append(d.regressed()).append(",\"improved\":").append(d.improved()).append(",\"unchanged\":")
            .append(d.unchanged()).append(",\"added\":").append(d.added()).append(",\"removed\":").append(d.removed());
        sb.append(",\"worst_regressions\":");
        deltas(sb, d.worstRegressions());
        sb.append(",\"worst_added\":");
        deltas(sb, d.worstAdded());
        sb.append(",\"worst_removed\":");
        deltas(sb, d.worstRemoved());
        return sb.append('}').toString();
    }

    private static void deltas(StringBuilder sb, List<PathDelta> l) {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            PathDelta p = l.get(i);
            sb.append(i > 0 ? "," : "").append("{\"startpoint\":").append(quote(p.startpoint()))
                .append(",\"endpoint\":").append(quote(p.endpoint())).append(",\"group\":").append(quote(p.group()))
                .append(",\"corner\":").append(quote(p.corner())).append(",\"mode\":").append(quote(p.mode()))
                .append(",\"type\":").append(quote(p.type().label())).append(",\"rank\":").append(p.rank())
                .append(",\"from_slack\":").append(jsonNum(p.fromSlack()))
                .append(",\"to_slack\":").append(jsonNum(p.toSlack()))
                .append(",\"delta\":").append(jsonNum(roundDelta(p.delta()))).append('}');
        }
        sb.append(']');
    }

    /** Deltas of two 6-digit values, without the binary noise of the subtraction. */
    static double roundDelta(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    static String jsonNum(double v) {
        return PathOutput.jsonNum(v);
    }
}

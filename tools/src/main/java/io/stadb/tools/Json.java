package io.stadb.tools;

import io.stadb.codec.BlockKind;
import io.stadb.engine.StageInfo;
import io.stadb.ingest.IngestResult;
import io.stadb.ingest.ParseSummary;
import java.util.Map;

/** The few JSON objects the CLI prints, written by hand (no JSON library in the CLI jar). */
final class Json {
    private Json() {
    }

    static String quote(String s) {
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

    static String ingestSummary(IngestResult r) {
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

    static String stage(StageInfo s) {
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
}

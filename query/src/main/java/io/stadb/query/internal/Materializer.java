package io.stadb.query.internal;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.NameLookup;
import io.stadb.codec.ReportBlock;
import io.stadb.engine.PathIndex;
import io.stadb.engine.PathIndexFormat;
import io.stadb.engine.StageReader;
import io.stadb.query.CheckKind;
import io.stadb.query.MinMax;
import io.stadb.query.PathClass;
import io.stadb.query.PathRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns index ordinals into {@link PathRecord}s: header fields from the index and the dictionary; with
 * points, the path's text re-rendered from its decoded block. A batch's blocks are decoded in block
 * order (each chunk's predictive decode runs forward once), then the records are put back in the
 * caller's order.
 */
public final class Materializer {
    private final StageReader reader;
    private final PathIndex idx;
    private final NameLookup names;
    private final String stage;
    private final BlockRenderer renderer = new BlockRenderer();
    private final ByteBuilder text = new ByteBuilder(1 << 12);

    public Materializer(StageReader reader) {
        this.reader = reader;
        this.idx = reader.paths();
        this.names = reader.names();
        this.stage = reader.stage().name();
    }

    public List<PathRecord> records(long[] ordinals, int n, boolean points) {
        String[] texts = points ? texts(ordinals, n) : null;
        List<PathRecord> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(record(ordinals[k], texts == null ? null : texts[k]));
        }
        return out;
    }

    private String[] texts(long[] ordinals, int n) {
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ordinals[a], ordinals[b]));
        String[] texts = new String[n];
        for (int k : order) {
            long i = ordinals[k];
            ReportBlock b = reader.block(idx.block(i));
            text.clear();
            int row = idx.row(i);
            if (row < 0) {
                renderer.render(b, text);
            } else {
                BlockRenderer.renderRow(b, row, text); // one table line: a path text always ends its line
                text.append((byte) '\n');
            }
            texts[k] = new String(text.array(), 0, text.length(), StandardCharsets.ISO_8859_1);
        }
        return texts;
    }

    public PathRecord record(long i, String pathText) {
        MinMax mm = MinMax.ofCode(idx.minMax(i));
        return new PathRecord(stage, i, name(idx.startpoint(i)), name(idx.endpoint(i)), name(idx.group(i)), mm,
            name(idx.corner(i)), name(idx.mode(i)), time(idx.slack(i)), time(idx.arrival(i)), time(idx.required(i)),
            idx.status(i), PathClass.of(idx.startKind(i), idx.endKind(i)), CheckKind.of(mm, idx.endKind(i)), pathText);
    }

    private String name(int id) {
        return id < 0 ? "" : names.name(id);
    }

    /** Index fixed point to the report's unit. */
    public static double time(long v) {
        if (v == PathIndexFormat.NO_TIME) {
            return Double.NaN;
        }
        if (v == PathIndexFormat.POS_INF) {
            return Double.POSITIVE_INFINITY;
        }
        if (v == PathIndexFormat.NEG_INF) {
            return Double.NEGATIVE_INFINITY;
        }
        return v / 1e6;
    }

    /** The report's unit to index fixed point (for filters). */
    public static long fixed(double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("NaN slack bound");
        }
        if (v >= 9.2e12) {
            return Long.MAX_VALUE;
        }
        if (v <= -9.2e12) {
            return Long.MIN_VALUE;
        }
        return Math.round(v * 1e6);
    }
}

package io.stadb.codec.internal;

import static io.stadb.codec.ChunkFormat.MAX_ROWS;

import io.stadb.codec.ByteBuilder;
import io.stadb.codec.Col;
import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.Layout;
import io.stadb.codec.Num;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * The layouts and shapes ("templates") of a chunk's blocks. A template is, per row, its kind, its flags
 * and a mask of which numbers are present, whether it has a name, and (for non-point rows) an edge: three
 * bytes a row. Paths of one report have few shapes, so a block's shape costs one small code, and the
 * rows' kinds, flags and blank cells cost nothing more. Both are defined inline on first use.
 */
final class BlockShapes {
    static final int HAS_NAME = 0x40;
    static final int HAS_EDGE = 0x80;

    private final List<byte[]> templates = new ArrayList<>();
    private final HashMap<TemplateKey, Integer> templateIds = new HashMap<>();
    private final TemplateKey probe = new TemplateKey(null, 0);
    private final List<Layout> layouts = new ArrayList<>();
    private final ByteBuilder scratch = new ByteBuilder(256);
    private int prevTemplate = -1;
    private int prevLayout = -1;

    void clear() {
        templates.clear();
        templateIds.clear();
        layouts.clear();
        prevTemplate = -1;
        prevLayout = -1;
    }

    int previousTemplate() {
        return prevTemplate;
    }

    /** Row kind, flags and mask of template {@code t}, three bytes a row. */
    byte[] body(int t) {
        return templates.get(t);
    }

    /** Codes the block's layout: 0 = the previous block's, else id + 1 (a new id is defined inline). */
    void layout(ReportBlock b, boolean encoding, ByteStream meta, ByteStream ls) {
        if (encoding) {
            Layout l = b.layout();
            int id = layouts.indexOf(l);
            if (id < 0) {
                id = layouts.size();
                Layout copy = new Layout();
                copy.copyFrom(l);
                layouts.add(copy);
                ls.putByte(l.digits());
                ls.putByte(l.fieldMask());
                for (int c = 0; c < Col.COUNT; c++) {
                    ls.putByte(l.width(c));
                }
            }
            meta.putVar(id == prevLayout ? 0 : id + 1);
            prevLayout = id;
            return;
        }
        int code = meta.getInt(layouts.size() + 1);
        int id = code == 0 ? prevLayout : code - 1;
        if (id == layouts.size()) {
            Layout l = new Layout();
            l.setDigits(ls.getByte());
            l.setFieldMask(ls.getByte());
            for (int c = 0; c < Col.COUNT; c++) {
                l.setWidth(c, ls.getByte());
            }
            layouts.add(l);
        }
        if (id < 0) {
            throw new CorruptBlockException("chunk meta", meta.position(), "no previous layout");
        }
        b.layout().copyFrom(layouts.get(id));
        prevLayout = id;
    }

    /**
     * Codes the block's template: 0 = {@code predicted}, else id + 1. Decoding adds the block's rows with
     * their kinds. Returns the template id.
     */
    int template(ReportBlock b, boolean encoding, ByteStream meta, ByteStream ts, int predicted) {
        int t;
        if (encoding) {
            ByteBuilder tb = scratch;
            tb.clear();
            int n = b.rowCount();
            for (int r = 0; r < n; r++) {
                int mask = 0;
                for (int c = 0; c < Col.COUNT; c++) {
                    if (b.num(r, c) != Num.BLANK) {
                        mask |= 1 << c;
                    }
                }
                if (b.nameLen(r) > 0) {
                    mask |= HAS_NAME;
                }
                if (b.edge(r) != ' ' && b.rowKind(r) != RowKind.POINT) {
                    mask |= HAS_EDGE;
                }
                tb.append(b.rowKind(r)).append(b.rowFlags(r)).append((byte) mask);
            }
            // Most blocks have the predicted shape: comparing with it is cheaper than hashing the shape.
            byte[] p = predicted >= 0 ? templates.get(predicted) : null;
            if (p != null && Arrays.equals(p, 0, p.length, tb.array(), 0, tb.length())) {
                t = predicted;
            } else {
                probe.set(tb.array(), tb.length());
                Integer id = templateIds.get(probe);
                t = id != null ? id : define(tb, n, ts);
            }
            meta.putVar(t == predicted ? 0 : t + 1);
        } else {
            int code = meta.getInt(templates.size() + 1);
            t = code == 0 ? predicted : code - 1;
            if (t == templates.size()) {
                int n = ts.getInt(Math.min(MAX_ROWS, (ts.length() - ts.position()) / 3));
                byte[] body = new byte[3 * n];
                for (int i = 0; i < body.length; i++) {
                    body[i] = (byte) ts.getByte();
                }
                add(body);
            }
            if (t < 0) {
                throw new CorruptBlockException("chunk meta", meta.position(), "no previous template");
            }
            byte[] body = templates.get(t);
            for (int i = 0; i < body.length; i += 3) {
                if (body[i] < 0 || body[i] >= RowKind.COUNT) {
                    throw new CorruptBlockException("chunk templates", i, "unknown row kind " + body[i]);
                }
                b.addRow(body[i]);
            }
        }
        prevTemplate = t;
        return t;
    }

    /** A new template, defined inline in the templates stream. */
    private int define(ByteBuilder tb, int n, ByteStream ts) {
        int t = add(tb.toByteArray());
        ts.putVar(n);
        for (byte x : templates.get(t)) {
            ts.putByte(x);
        }
        return t;
    }

    /** Registers a template in both directions: a primed base's shapes must be found by a delta's encoder. */
    private int add(byte[] body) {
        int t = templates.size();
        templates.add(body);
        templateIds.put(new TemplateKey(body, body.length), t);
        return t;
    }

    /** A template's bytes as a hash key; the probe instance is re-pointed instead of allocated. */
    private static final class TemplateKey {
        private byte[] b;
        private int len;
        private int hash;

        TemplateKey(byte[] b, int len) {
            set(b, len);
        }

        void set(byte[] bytes, int length) {
            b = bytes;
            len = length;
            int h = 1;
            for (int i = 0; i < length; i++) {
                h = 31 * h + bytes[i];
            }
            hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TemplateKey k && k.len == len && Arrays.equals(b, 0, len, k.b, 0, k.len);
        }
    }
}

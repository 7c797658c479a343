package io.stadb.codec.internal;

import static io.stadb.codec.ChunkFormat.*;

import io.stadb.codec.BlockKind;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.Col;
import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.Layout;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.Num;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The column coder of a chunk, one code path for both directions: {@link #block} encodes a block into the
 * streams, or decodes the next block from them, running the very same predictions, so encoder and
 * decoder cannot drift apart.
 *
 * <p>Every value is coded against a prediction learned from what was coded before in the chunk (and, for
 * a delta chunk, from its base): a pin's slew, cap and fanout from the last time the pin was seen in the
 * same corner and path type; an arc's delay from the last time the arc was seen; a point's time as the
 * previous time plus its delay; slack as required minus arrival; a name as the one that followed the
 * previous name last time, or the one at the same row of the last block of the same shape. Hits code as
 * 0, so the streams are mostly zeros and zstd reduces them to almost nothing. Predictions are only
 * hints: a wrong one costs bytes, never correctness.
 */
public final class ChunkModel {
    private static final int HAS_NAME = 0x40;
    private static final int HAS_EDGE = 0x80;
    private static final long NONE = Long.MIN_VALUE + 7;

    private final NameDictionary dict;
    private final ByteStream[] streams = new ByteStream[S_SLACK];
    private final ByteStream[] own = new ByteStream[S_SLACK];
    private boolean encoding;
    private int dictLimit;

    private final Long2LongHashMap numbers = new Long2LongHashMap(NONE);
    /** Names that followed a name (or, for header rows, recent names of the row kind), most recent first. */
    private final Long2ObjectHashMap<int[]> successors = new Long2ObjectHashMap<>();
    private int lastMiss = -1;
    private final Long2LongHashMap edges = new Long2LongHashMap(-1);
    /** The name that followed a name on the way to an endpoint: paths to one endpoint converge. */
    private final Long2LongHashMap towardEndpoint = new Long2LongHashMap(-1);
    private final Int2IntHashMap auxOf = new Int2IntHashMap(-1);
    private final Int2IntHashMap extraOf = new Int2IntHashMap(-1);

    private final List<byte[]> templates = new ArrayList<>();
    private final HashMap<TemplateKey, Integer> templateIds = new HashMap<>();
    private final TemplateKey probe = new TemplateKey(null, 0);
    private final List<int[]> lastNames = new ArrayList<>();
    private final List<Layout> layouts = new ArrayList<>();

    private int prevTemplate;
    private int prevLayout;
    private long prevLine;
    private long prevLines;
    private long firstLine;
    private long firstOffset;
    private long prevOffset;
    /** Names of the previous block (any shape), for end-aligned vertical prediction. */
    private int[] previousNames = new int[0];
    private int arrivalLabel;
    private int requiredLabel;
    private int slackLabel;
    private int metLabel;
    private int violatedLabel;

    /** Names of each block coded so far (delta chunks use the base's as vertical predictions). */
    private List<int[]> blockNames;
    private List<int[]> verticalByBlock;
    /** Per base block: its template id, then the present numbers of its rows in order. */
    private List<long[]> blockValues;
    private List<long[]> verticalValues;
    private List<int[]> blockEdges;
    private List<int[]> verticalEdges;
    /** Base block index by path key (start, end, group, type, mode, corner and rank among equal keys). */
    private final Long2LongHashMap baseByKey = new Long2LongHashMap(-1);
    private final Long2LongHashMap rankByKey = new Long2LongHashMap(0);
    private int baseShift;
    private long[] rowValues = new long[256];
    private int rowValueCount;
    private int blockIndex;

    private final ByteBuilder templateScratch = new ByteBuilder(256);
    private int[] rowNames = new int[64];

    public ChunkModel(NameDictionary dict) {
        this.dict = dict;
        for (int i = 0; i < own.length; i++) {
            own[i] = new ByteStream(1024);
        }
        reset();
    }

    /** Forgets everything learned: the start of a chunk. */
    public void reset() {
        numbers.clear();
        successors.clear();
        edges.clear();
        towardEndpoint.clear();
        lastMiss = -1;
        auxOf.clear();
        extraOf.clear();
        templates.clear();
        templateIds.clear();
        lastNames.clear();
        layouts.clear();
        prevTemplate = -1;
        prevLayout = -1;
        prevLine = 0;
        prevLines = 0;
        prevOffset = 0;
        previousNames = new int[0];
        blockNames = null;
        verticalByBlock = null;
        blockValues = null;
        verticalValues = null;
        blockEdges = null;
        verticalEdges = null;
        baseByKey.clear();
        rankByKey.clear();
        blockIndex = 0;
    }

    /** Starts encoding into empty streams; the labels the predictions need are interned first. */
    public void startEncoding() {
        encoding = true;
        for (int i = 0; i < own.length; i++) {
            own[i].clear();
            streams[i] = own[i];
        }
        arrivalLabel = intern("data arrival time");
        requiredLabel = intern("data required time");
        slackLabel = intern("slack");
        metLabel = intern("MET");
        violatedLabel = intern("VIOLATED");
        blockIndex = 0;
    }

    /** Starts decoding from {@code inputs} (indexed by stream id; the caller checked their CRCs). */
    public void startDecoding(ByteStream[] inputs, int dictionarySize) {
        encoding = false;
        System.arraycopy(inputs, 0, streams, 0, streams.length);
        dictLimit = Math.min(dictionarySize, dict.size());
        arrivalLabel = find("data arrival time");
        requiredLabel = find("data required time");
        slackLabel = find("slack");
        metLabel = find("MET");
        violatedLabel = find("VIOLATED");
        blockIndex = 0;
    }

    /** Records each block's names from now on (a base chunk being primed for a delta). */
    public void recordBlockNames() {
        blockNames = new ArrayList<>();
        blockValues = new ArrayList<>();
        blockEdges = new ArrayList<>();
        baseByKey.clear();
        rankByKey.clear();
    }

    /** Uses the recorded names as the vertical prediction of the block with the same index. */
    public void useRecordedAsVertical() {
        verticalByBlock = blockNames;
        verticalValues = blockValues;
        verticalEdges = blockEdges;
        blockEdges = null;
        rankByKey.clear();
        baseShift = 0;
        blockNames = null;
        blockValues = null;
        blockIndex = 0;
    }

    private int intern(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return dict.intern(b, 0, b.length);
    }

    private int find(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int id = dict.find(b, 0, b.length);
        return id < dictLimit ? id : -1;
    }

    public ByteStream stream(int id) {
        return streams[id];
    }

    // ---- one block ------------------------------------------------------------------------------

    /** Encodes {@code b} (encoding) or decodes the next block into {@code b} (decoding). */
    public void block(ReportBlock b) {
        ByteStream meta = streams[S_META];
        int kindCode;
        int flags;
        if (encoding) {
            kindCode = b.kind().code();
            flags = b.flags();
            meta.putByte(kindCode);
            meta.putVar(flags);
        } else {
            kindCode = meta.getByte();
            flags = meta.getInt(0xffff);
            BlockKind k = BlockKind.ofCode(kindCode);
            if (k == null) {
                throw new CorruptBlockException("chunk meta", meta.position(), "unknown block kind " + kindCode);
            }
            b.clear(k);
            b.setFlags(flags);
        }
        // Blocks follow one another: the next starts where the previous one's lines end.
        long line = delta(meta, encoding ? b.sourceLine() : 0, prevLine + prevLines);
        // ... and takes about as many bytes per line as the blocks before it.
        long guess = line > firstLine && prevLine > firstLine
            ? (prevOffset - firstOffset) * (line - prevLine) / (prevLine - firstLine) : 0;
        long offset = delta(meta, encoding ? b.sourceOffset() : 0, prevOffset + guess);
        if (blockIndex == 0) {
            firstLine = line;
            firstOffset = offset;
        }
        if (!encoding) {
            b.setSource(offset, line);
        }
        prevLine = line;
        prevOffset = offset;
        layout(b);
        int t = template(b);
        rows(b, t);
        prevLines = lines;
        blockIndex++;
    }

    private long delta(ByteStream s, long actual, long prev) {
        if (encoding) {
            s.putZigZag(actual - prev);
            return actual;
        }
        return prev + s.getZigZag();
    }

    private void layout(ReportBlock b) {
        ByteStream meta = streams[S_META];
        ByteStream ls = streams[S_LAYOUTS];
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
        } else {
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
    }

    /** The previous block's shape, or in a delta chunk the shape of the base block expected here. */
    private int predictedTemplate() {
        if (verticalValues != null) {
            int guess = blockIndex + baseShift;
            if (guess >= 0 && guess < verticalValues.size()) {
                return (int) verticalValues.get(guess)[0];
            }
        }
        return prevTemplate;
    }

    /** The block's shape: per row kind, flags, which numbers are present, whether it has a name or edge. */
    private int template(ReportBlock b) {
        ByteStream meta = streams[S_META];
        ByteStream ts = streams[S_TEMPLATES];
        int t;
        if (encoding) {
            ByteBuilder tb = templateScratch;
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
            probe.set(tb.array(), tb.length());
            Integer id = templateIds.get(probe);
            if (id == null) {
                t = templates.size();
                byte[] copy = tb.toByteArray();
                templates.add(copy);
                templateIds.put(new TemplateKey(copy, copy.length), t);
                lastNames.add(null);
                ts.putVar(n);
                for (byte x : copy) {
                    ts.putByte(x);
                }
            } else {
                t = id;
            }
            meta.putVar(t == predictedTemplate() ? 0 : t + 1);
        } else {
            int code = meta.getInt(templates.size() + 1);
            t = code == 0 ? predictedTemplate() : code - 1;
            if (t == templates.size()) {
                int n = ts.getInt(Math.min(MAX_ROWS, (ts.length() - ts.position()) / 3));
                byte[] body = new byte[3 * n];
                for (int i = 0; i < body.length; i++) {
                    body[i] = (byte) ts.getByte();
                }
                templates.add(body);
                // A primed base's shapes must be found again by the encoder of the delta.
                templateIds.put(new TemplateKey(body, body.length), t);
                lastNames.add(null);
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

    // ---- rows of one block ----------------------------------------------------------------------

    /** What the rows coded so far in the current block tell the next one. */
    private long ctx;
    private long sectionTime;
    private long arrival;
    private long required;
    private int prevName;
    private int prevPoint;
    private int prevEdge;
    private int endpoint;
    private long lines;
    private long[] baseValues;
    private int[] baseEdges;
    private int[] rowEdges = new int[64];
    private int valueIndex;

    private void rows(ReportBlock b, int t) {
        byte[] body = templates.get(t);
        int n = body.length / 3;
        if (rowNames.length < n) {
            rowNames = new int[Math.max(n, rowNames.length * 2)];
        }
        int[] vertical = lastNames.get(t);
        baseValues = null;
        baseEdges = null;
        if (rowEdges.length < n) {
            rowEdges = new int[Math.max(n, rowEdges.length * 2)];
        }
        long pathKey = 0;
        boolean header = true;
        // Until the header gives the path key, guess the base block from the last match's position.
        boolean headerFromBase = false;
        if (verticalByBlock != null) {
            int guess = blockIndex + baseShift;
            if (guess >= 0 && guess < verticalByBlock.size()) {
                vertical = verticalByBlock.get(guess);
                headerFromBase = true;
            }
        }
        rowValueCount = 1;
        valueIndex = 1;
        lines = 0;
        ctx = 0;
        sectionTime = 0;
        arrival = NONE;
        required = NONE;
        prevName = -1;
        prevPoint = -1;
        prevEdge = ' ';
        endpoint = -1;
        int[] previous = previousNames;
        int shift = previous.length - n;
        for (int r = 0; r < n; r++) {
            byte kind = body[3 * r];
            byte flags = body[3 * r + 1];
            int mask = body[3 * r + 2] & 0xff;
            if (header && (kind < RowKind.STARTPOINT || kind > RowKind.CORNER)) {
                // The header is done: a delta chunk now predicts the rest from the base's block with the
                // same path key (same start and end point, group, type, mode, corner and rank), when it
                // has the same shape.
                header = false;
                if (pathKey != 0) {
                    long rank = rankByKey.get(pathKey);
                    rankByKey.put(pathKey, rank + 1);
                    long keyed = mix(pathKey, rank, 8);
                    if (blockNames != null) {
                        baseByKey.put(keyed, blockNames.size());
                    } else if (verticalByBlock != null) {
                        long j = baseByKey.get(keyed);
                        if (j >= 0) {
                            baseShift = (int) j - blockIndex;
                        }
                        if (j >= 0 && verticalValues.get((int) j)[0] == t) {
                            vertical = verticalByBlock.get((int) j);
                            baseValues = verticalValues.get((int) j);
                            baseEdges = verticalEdges.get((int) j);
                        } else {
                            vertical = lastNames.get(t);
                        }
                    }
                }
            }
            boolean verbatim = (flags & RowKind.F_VERBATIM) != 0 || kind == RowKind.VERBATIM;
            int edge = (mask & HAS_EDGE) != 0 ? edge(b, r, -1, ' ') : ' ';
            int name = -1;
            if ((mask & HAS_NAME) != 0) {
                if (verbatim) {
                    raw(b, r, 0);
                } else {
                    boolean path = kind == RowKind.POINT || kind == RowKind.JSON_LINE;
                    long key = path ? mix(1, kind, prevName) : mix(1, kind, -2);
                    int v = vertical != null && r < vertical.length ? vertical[r] : -1;
                    int ve = r + shift >= 0 && r + shift < previous.length ? previous[r + shift] : -1;
                    long toEnd = kind == RowKind.POINT ? mix(6, prevName, endpoint) : 0;
                    name = name(b, r, key, toEnd, v, ve, baseValues != null || header && headerFromBase);
                }
            }
            rowNames[r] = name;
            if (header && name >= 0) {
                pathKey = mix(pathKey, kind, name);
            }
            if (kind == RowKind.ENDPOINT) {
                endpoint = name;
            } else if (kind == RowKind.PATH_TYPE || kind == RowKind.CORNER || kind == RowKind.MODE) {
                ctx = mix(ctx, kind, name);
            } else if (kind == RowKind.POINT) {
                // An arc seen before repeats its edge; a new one most often keeps the incoming edge (in a
                // delta chunk: the base block's edge, when the base block is known).
                int fallback = baseEdges != null && r < baseEdges.length ? baseEdges[r] : prevEdge;
                long key = baseEdges != null ? -1 : mix(4, mix(prevPoint, name, prevEdge), ctx);
                edge = edge(b, r, key, fallback);
            }
            rowEdges[r] = edge;
            if ((mask & 0x3f) != 0) {
                numbers(b, r, kind, mask, name, edge);
            }
            // Texts after numbers: a slack line's MET/VIOLATED follows from its value.
            long sv = name == slackLabel && (mask & (1 << Col.TIME)) != 0 ? b.num(r, Col.TIME) : Num.BLANK;
            texts(b, r, kind, flags, verbatim, name, Num.isFinite(sv) ? (sv < 0 ? violatedLabel : metLabel) : -1);
            if (kind == RowKind.BLANK) {
                sectionTime = 0;
                prevPoint = -1;
                prevEdge = ' ';
            } else if (kind == RowKind.POINT) {
                prevPoint = name;
                if (edge != ' ') {
                    prevEdge = edge; // net lines carry no edge: keep the driver's
                }
            }
            if (name >= 0) {
                prevName = name;
            }
            if (!encoding) {
                b.setRowFlags(r, flags);
                b.setEdge(r, (byte) edge);
            }
            lines += (flags & RowKind.F_SPLIT) != 0 ? 2 : 1;
        }
        int[] names = Arrays.copyOf(rowNames, n);
        lastNames.set(t, names);
        previousNames = names;
        if (blockNames != null) {
            blockNames.add(names);
            rowValues[0] = t;
            blockValues.add(Arrays.copyOf(rowValues, rowValueCount));
            blockEdges.add(Arrays.copyOf(rowEdges, n));
        }
    }

    /** Aux and extra texts of a row. */
    private void texts(ReportBlock b, int r, byte kind, byte flags, boolean verbatim, int name, int auxOverride) {
        if ((flags & RowKind.F_AUX) != 0) {
            if (verbatim || (kind == RowKind.JSON_LINE && (flags & RowKind.F_STRING) == 0)) {
                raw(b, r, 1);
            } else {
                // A name keeps its cell (pins) or reason (start and end points).
                text(b, r, 1, auxOf, name, S_AUX, auxOverride >= 0 ? auxOverride : auxOf.get(name));
            }
        }
        if ((flags & RowKind.F_EXTRA) != 0) {
            if (verbatim) {
                raw(b, r, 2);
            } else {
                text(b, r, 2, extraOf, name, S_EXTRA, extraOf.get(name));
            }
        }
    }

    /** The numbers of a row, each against its prediction. */
    private void numbers(ReportBlock b, int r, byte kind, int mask, int name, int edge) {
        long delay = Num.BLANK;
        for (int c = 0; c < Col.COUNT; c++) {
            if ((mask & (1 << c)) == 0) {
                continue;
            }
            long key;
            long pred;
            if (kind == RowKind.POINT) {
                switch (c) {
                    case Col.DELAY -> key = mix(mix(2, prevPoint, name), edge * 256 + prevEdge, ctx);
                    case Col.TIME -> key = 0;
                    case Col.SLEW, Col.VARIATION -> key = mix(mix(3 + c, name, edge), 0, ctx);
                    // A net's cap is printed for its driver's transition (rise and fall caps differ).
                    case Col.CAP -> key = mix(mix(3 + c, name, edge != ' ' ? edge : prevEdge), 0, ctx);
                    default -> key = mix(3 + c, name, ctx);
                }
                if (c == Col.TIME) {
                    if (name == slackLabel && plain(required) && plain(arrival)) {
                        pred = required - arrival;
                    } else if (name == arrivalLabel && plain(arrival)) {
                        pred = -arrival;
                    } else {
                        // Paths that share a prefix share its arrival, hence its rounding.
                        key = mix(5, sectionTime, delay);
                        long memo = numbers.get(key);
                        pred = memo != NONE ? memo : sectionTime + (plain(delay) ? delay : 0);
                    }
                } else {
                    pred = predicted(key);
                }
            } else if (kind == RowKind.END_ROW && c == Col.SLACK) {
                long req = b.num(r, Col.REQUIRED);
                long arr = b.num(r, Col.ARRIVAL);
                key = mix(20, name, c);
                pred = plain(req) && plain(arr) ? req - arr : predicted(key);
            } else if (kind == RowKind.DASH || kind == RowKind.JSON_LINE) {
                key = mix(21 + kind, r, name);
                pred = predicted(key);
            } else {
                key = mix(30 + kind, name, c);
                pred = predicted(key);
            }
            if (baseValues != null && valueIndex < baseValues.length && (kind != RowKind.POINT || c != Col.TIME)) {
                // Delta: the base block's value at the same place (its path, its row, its column).
                pred = baseValues[valueIndex];
            }
            valueIndex++;
            long v = number(b, r, c, pred);
            if (rowValueCount == rowValues.length) {
                rowValues = Arrays.copyOf(rowValues, rowValueCount * 2);
            }
            rowValues[rowValueCount++] = v;
            remember(key, v);
            if (c == Col.DELAY) {
                delay = v;
            }
            if (kind == RowKind.POINT && c == Col.TIME) {
                if (plain(v)) {
                    sectionTime = v;
                }
                if (name == arrivalLabel && arrival == NONE) {
                    arrival = v;
                } else if (name == requiredLabel) {
                    required = v;
                }
            }
        }
    }

    private void remember(long key, long v) {
        if (key == 0) {
            return;
        }
        if (v == NONE) {
            numbers.remove(key); // the map's "missing" marker cannot be stored
        } else {
            numbers.put(key, v);
        }
    }

    // ---- cells ----------------------------------------------------------------------------------

    /** Edge codes: 0 = as predicted (the edge this arc had last time), else 1 + the edge's code. */
    private int edge(ReportBlock b, int r, long key, int fallback) {
        ByteStream s = streams[S_EDGES];
        long known = key == -1 ? -1 : edges.get(key);
        int pred = known != -1 ? (int) known : fallback;
        int e;
        if (encoding) {
            e = b.edge(r);
            if (e == pred) {
                s.putByte(0);
            } else {
                int code = e == ' ' ? 1 : e == '^' ? 2 : e == 'v' ? 3 : 4;
                s.putByte(code);
                if (code == 4) {
                    s.putByte(e);
                }
            }
        } else {
            int code = s.getByte();
            e = switch (code) {
                case 0 -> pred;
                case 1 -> ' ';
                case 2 -> '^';
                case 3 -> 'v';
                case 4 -> s.getByte();
                default -> throw new CorruptBlockException("chunk edges", s.position(), "bad edge code " + code);
            };
        }
        if (key != -1) {
            edges.put(key, e);
        }
        return e;
    }

    private static final int MRU = 8;

    /**
     * Name codes: 0 = the name that followed the previous name on the way to this block's endpoint last
     * time; 1..8 = position in the list of names that followed the previous name (most recent first; for
     * header rows, the recent names of that row kind); 9 = the same row of the last block of this shape
     * (in a delta chunk: of the base's block at this index, tried first); 10 = the row as far from the end
     * in the previous block; 11 = the id after the last name that missed (new names are interned in
     * order); else id + 12.
     */
    private int name(ReportBlock b, int r, long key, long toEndKey, int vertical, int fromEnd,
                     boolean verticalFirst) {
        ByteStream s = streams[S_NAMES];
        long te = toEndKey == 0 ? -1 : towardEndpoint.get(toEndKey);
        int toEnd = (int) te;
        int[] list = successors.get(key);
        if (list == null) {
            list = new int[MRU];
            Arrays.fill(list, -1);
            successors.put(key, list);
        }
        int seq = lastMiss + 1;
        int id;
        int idx;
        if (encoding) {
            id = dict.intern(b.arena(), b.nameOff(r), b.nameLen(r));
            idx = indexOf(list, id);
            long code = verticalFirst && id == vertical ? MRU + 1 : id == toEnd ? 0 : idx >= 0 ? idx + 1
                : id == vertical ? MRU + 1 : id == fromEnd ? MRU + 2 : id == seq ? MRU + 3 : (long) id + MRU + 4;
            s.putVar(code);
            if (code > 0 && code <= MRU) {
                idx = (int) code - 1;
            }
        } else {
            int code = s.getInt(dictLimit + MRU + 3);
            id = code == 0 ? toEnd : code <= MRU ? list[code - 1] : code == MRU + 1 ? vertical
                : code == MRU + 2 ? fromEnd : code == MRU + 3 ? seq : code - MRU - 4;
            if (id < 0 || id >= dictLimit) {
                throw new CorruptBlockException("chunk names", s.position(), "name id " + id + " not in the dictionary");
            }
            idx = code > 0 && code <= MRU ? code - 1 : indexOf(list, id);
            b.setName(r, dict.bytes(), dict.offset(id), dict.length(id));
        }
        if (toEndKey != 0) {
            towardEndpoint.put(toEndKey, id);
        }
        if (idx < 0) {
            lastMiss = id;
            idx = MRU - 1;
        }
        System.arraycopy(list, 0, list, 1, idx);
        list[0] = id;
        return id;
    }

    private static int indexOf(int[] list, int id) {
        for (int i = 0; i < list.length; i++) {
            if (list[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** Aux (slot 1) or extra (slot 2) text: code 0 when it is {@code pred}, else id + 1. */
    private int text(ReportBlock b, int r, int slot, Int2IntHashMap by, int name, int stream, int pred) {
        ByteStream s = streams[stream];
        int id;
        if (encoding) {
            id = slot == 1 ? dict.intern(b.arena(), b.auxOff(r), b.auxLen(r))
                : dict.intern(b.arena(), b.extraOff(r), b.extraLen(r));
            s.putVar(id == pred ? 0 : (long) id + 1);
        } else {
            int code = s.getInt(dictLimit);
            id = code == 0 ? pred : code - 1;
            if (id < 0 || id >= dictLimit) {
                throw new CorruptBlockException("chunk text", s.position(), "text id " + id + " not in the dictionary");
            }
            if (slot == 1) {
                b.setAux(r, dict.bytes(), dict.offset(id), dict.length(id));
            } else {
                b.setExtra(r, dict.bytes(), dict.offset(id), dict.length(id));
            }
        }
        by.put(name, id);
        return id;
    }

    /** Text that would only bloat the dictionary (verbatim lines, JSON numbers): kept in the raw stream. */
    private void raw(ReportBlock b, int r, int slot) {
        ByteStream s = streams[S_RAW];
        if (encoding) {
            switch (slot) {
                case 0 -> s.putBytes(b.arena(), b.nameOff(r), b.nameLen(r));
                case 1 -> s.putBytes(b.arena(), b.auxOff(r), b.auxLen(r));
                default -> s.putBytes(b.arena(), b.extraOff(r), b.extraLen(r));
            }
            return;
        }
        int at = s.getBytes();
        int len = s.lastLength;
        switch (slot) {
            case 0 -> b.setName(r, s.array(), at, len);
            case 1 -> b.setAux(r, s.array(), at, len);
            default -> b.setExtra(r, s.array(), at, len);
        }
    }

    private long predicted(long key) {
        long p = numbers.get(key);
        return p == NONE ? 0 : p;
    }

    private static boolean plain(long v) {
        return v != NONE && !Num.isSentinel(v);
    }

    private static final long MAX_DELTA = 1L << 61;

    /** Codes cell (r, c) as a zigzag delta from {@code pred} (code 0 = hit) or, code 1, as a raw value. */
    private long number(ReportBlock b, int r, int c, long pred) {
        ByteStream s = streams[S_NUM + c];
        if (encoding) {
            long v = b.num(r, c);
            if (plain(v) && plain(pred)) {
                long d = v - pred;
                if (((v ^ pred) & (v ^ d)) >= 0 && d > -MAX_DELTA && d < MAX_DELTA) {
                    s.putVar(((d << 1) ^ (d >> 63)) << 1);
                    return v;
                }
            }
            s.putVar(1);
            s.putZigZag(v);
            return v;
        }
        int at = s.position();
        long code = s.getVar();
        long v;
        if (code == 1) {
            v = s.getZigZag();
        } else if ((code & 1) != 0 || !plain(pred)) {
            throw new CorruptBlockException("chunk numbers", at, "bad number code");
        } else {
            long zz = code >>> 1;
            v = pred + ((zz >>> 1) ^ -(zz & 1));
            if (!plain(v)) {
                throw new CorruptBlockException("chunk numbers", at, "number out of range");
            }
        }
        if (v == Num.BLANK) {
            throw new CorruptBlockException("chunk numbers", at, "blank stored as present");
        }
        b.setNum(r, c, v);
        return v;
    }

    static long mix(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + c;
        return h ^ (h >>> 32);
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

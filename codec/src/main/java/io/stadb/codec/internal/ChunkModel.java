package io.stadb.codec.internal;

import static io.stadb.codec.ChunkFormat.*;

import io.stadb.codec.BlockKind;
import io.stadb.codec.Col;
import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.NameBytes;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.Num;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 *
 * <p>Names: a model made with a {@link NameDictionary} interns the names it encodes there. A
 * <em>detached</em> model ({@link #detached()}) never touches a dictionary: before each chunk it is given
 * ({@link #supplyNames}) the ids of the chunk's texts, interned ahead in coding order by the thread that
 * owns the dictionary (see {@link BlockTexts}), the label ids, and a read-only view of the names for
 * decoding a delta's base. The ids are those the attached model would have interned, so the chunk's bytes
 * are the same. Single-threaded either way.
 */
public final class ChunkModel {
    private static final int HAS_NAME = BlockShapes.HAS_NAME;
    private static final int HAS_EDGE = BlockShapes.HAS_EDGE;
    private static final long NONE = Long.MIN_VALUE + 7;
    /** No block has more rows than the parser allows (ParserOptions' default); a decoder holds to it too. */
    public static final int MAX_BLOCK_ROWS = 1 << 16;
    /** Rows the chunk header says are left to decode: a decoder never makes more. */
    private long rowsLeft;

    /** The dictionary encoding interns into; null in a detached model. */
    private final NameDictionary dict;
    /** Where decoding finds a name's bytes: the dictionary, or a detached model's supplied view. */
    private NameBytes nameBytes;
    /** Detached and encoding: the ids of the chunk's texts in coding order, and the next one to use. */
    private int[] supplied;
    private int suppliedCount;
    private int suppliedAt;
    /** Ids of {@link #LABELS} (interned when encoding, found when decoding; supplied when detached). */
    private final int[] labelIds = new int[LABELS.length];
    private final BlockTexts texts = new BlockTexts();
    private final ByteStream[] streams = new ByteStream[S_SLACK];
    private final ByteStream[] own = new ByteStream[S_SLACK];
    private boolean encoding;
    private int dictLimit;

    // What the chunk taught so far, one record per context a row is predicted from (see RecordTable).
    /**
     * Per name: its aux and extra text, then the names that followed it in a path, most recent first.
     * The header rows' lists (recent names of the row kind) and "no name" are records of their own.
     */
    private final NameRecords names = new NameRecords(N_WIDTH, -1);
    /** Per row kind: the record of the recent names of that kind (header rows), or -1 before the first. */
    private final int[] kindRecord = new int[RowKind.COUNT];
    /** The record of "no name": the predictions of rows without one, and what follows a block's start. */
    private int noName;
    private static final int N_AUX = 0;
    private static final int N_EXTRA = 1;
    private static final int N_NEXT = 2;
    private static final int MRU = 8;
    private static final int N_WIDTH = N_NEXT + MRU;
    /** Per pin (name) and path context: fanout, then cap, slew and variation per edge class. */
    private final RecordTable pins = new RecordTable(P_WIDTH, NONE);
    private static final int P_FANOUT = 0;
    private static final int P_CAP = 1;
    private static final int P_SLEW = 4;
    private static final int P_VARIATION = 7;
    private static final int P_WIDTH = 10;
    /** Per arc (previous point, point, incoming edge) and path context: the edge, then delay per edge class. */
    private final RecordTable arcs = new RecordTable(A_WIDTH, NONE);
    private static final int A_EDGE = 0;
    private static final int A_DELAY = 1;
    private static final int A_WIDTH = 4;
    /** The name that followed a name on the way to an endpoint: paths to one endpoint converge. */
    private final RecordTable towardEndpoint = new RecordTable(1, -1);
    /** A point's time after a section time and delay: paths that share a prefix share its rounding. */
    private final RecordTable times = new RecordTable(1, NONE);
    /** Numbers of the rows other than points, by row kind, name and column. */
    private final RecordTable numbers = new RecordTable(1, NONE);
    private int lastMiss = -1;

    private final BlockShapes shapes = new BlockShapes();
    /** Names of the last block of each shape (template id), the vertical prediction of a row's name. */
    private final List<int[]> lastNames = new ArrayList<>();

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

    /** The base chunk being primed (recording its blocks), or the base a delta chunk is coded against. */
    private DeltaBase recording;
    private DeltaBase base;
    private long[] rowValues = new long[256];
    private int rowValueCount;
    private int blockIndex;

    private int[] rowNames = new int[64];

    public ChunkModel(NameDictionary dict) {
        this.dict = dict;
        this.nameBytes = dict;
        for (int i = 0; i < own.length; i++) {
            own[i] = new ByteStream(1024);
        }
        reset();
    }

    /** A model that codes with names supplied per chunk ({@link #supplyNames}) and holds no dictionary. */
    public static ChunkModel detached() {
        return new ChunkModel(null);
    }

    /**
     * Detached model, before a chunk: {@code view} resolves ids for decoding (a delta's base); {@code labels}
     * are the ids of {@link #LABELS} ({@link #internLabels}, interned where an attached model's
     * {@link #startEncoding} would have); {@code ids[0, count)} are the ids of the chunk's texts, block after
     * block, as {@link BlockTexts} lists them. The arrays are read, not copied: keep them until the chunk
     * is finished.
     */
    public void supplyNames(NameBytes view, int[] labels, int[] ids, int count) {
        if (dict != null) {
            throw new IllegalStateException("a model with a dictionary interns its own names");
        }
        nameBytes = view;
        System.arraycopy(labels, 0, labelIds, 0, LABELS.length);
        supplied = ids;
        suppliedCount = count;
        suppliedAt = 0;
    }

    /** Supplied ids not used by the blocks coded so far (0 after the chunk's last block when all is well). */
    public int suppliedLeft() {
        return suppliedCount - suppliedAt;
    }

    /** Texts every encoder interns at the start of a chunk, in this order: the predictions use them. */
    private static final String[] LABELS = {"data arrival time", "data required time", "slack", "MET", "VIOLATED"};

    /** Number of {@link #LABELS}. */
    public static final int LABEL_COUNT = LABELS.length;

    /** Interns {@link #LABELS} in order, as {@link #startEncoding} does, into {@code ids}. */
    public static void internLabels(NameDictionary dict, int[] ids) {
        for (int i = 0; i < LABELS.length; i++) {
            byte[] b = LABELS[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            ids[i] = dict.intern(b, 0, b.length);
        }
    }

    /** Forgets everything learned: the start of a chunk. */
    public void reset() {
        names.clear();
        Arrays.fill(kindRecord, -1);
        noName = names.add();
        pins.clear();
        arcs.clear();
        towardEndpoint.clear();
        times.clear();
        numbers.clear();
        lastMiss = -1;
        shapes.clear();
        lastNames.clear();
        prevLine = 0;
        prevLines = 0;
        firstLine = 0;
        firstOffset = 0;
        prevOffset = 0;
        previousNames = new int[0];
        recording = null;
        base = null;
        blockIndex = 0;
    }

    /** Starts encoding into empty streams; the labels the predictions need are interned first. */
    public void startEncoding() {
        encoding = true;
        limitLearning(true);
        rowsLeft = Long.MAX_VALUE;
        for (int i = 0; i < own.length; i++) {
            own[i].clear();
            streams[i] = own[i];
        }
        if (dict != null) {
            internLabels(dict, labelIds);
        } else if (supplied == null) {
            throw new IllegalStateException("a detached model encodes with supplied names only");
        }
        arrivalLabel = labelIds[0];
        requiredLabel = labelIds[1];
        slackLabel = labelIds[2];
        metLabel = labelIds[3];
        violatedLabel = labelIds[4];
        blockIndex = 0;
    }

    /** Starts decoding from {@code inputs} (indexed by stream id; the caller checked their CRCs). */
    public void startDecoding(ByteStream[] inputs, int dictionarySize, int rowCount, boolean limitLearning) {
        encoding = false;
        limitLearning(limitLearning);
        rowsLeft = rowCount;
        System.arraycopy(inputs, 0, streams, 0, streams.length);
        dictLimit = Math.min(dictionarySize, nameBytes.size());
        arrivalLabel = find(0);
        requiredLabel = find(1);
        slackLabel = find(2);
        metLabel = find(3);
        violatedLabel = find(4);
        blockIndex = 0;
    }

    /**
     * Whether the tables stop learning where they rarely hit (chunk format 3; 2 learned everything); set by
     * {@link #startEncoding} (on) and {@link #startDecoding}, this overrides it for the chunk being coded.
     */
    public void limitLearning(boolean on) {
        pins.limitLearning(on);
        arcs.limitLearning(on);
        towardEndpoint.limitLearning(on);
        times.limitLearning(on);
    }

    /** Remembers each block from now on: a base chunk being primed for a delta. */
    public void recordBlockNames() {
        recording = new DeltaBase();
    }

    /** What was recorded becomes the base the next blocks are predicted from, path by path. */
    public void useRecordedAsVertical() {
        base = recording;
        recording = null;
        base.startMatching();
        blockIndex = 0;
    }

    /**
     * The id of label {@code i} when the chunk being decoded may use it, else -1. Detached, the supplied id
     * stands for the dictionary's find: ids never change, and one interned after the chunk was written is
     * at or past its dictionary size, so it is refused alike.
     */
    private int find(int i) {
        int id;
        if (dict != null) {
            byte[] b = LABELS[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            id = dict.find(b, 0, b.length);
        } else {
            id = labelIds[i];
        }
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
        long guess = blockIndex > 0 && line > firstLine && prevLine > firstLine
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
        shapes.layout(b, encoding, meta, streams[S_LAYOUTS]);
        int t = shapes.template(b, encoding, meta, streams[S_TEMPLATES], predictedTemplate());
        rowsLeft -= b.rowCount();
        if (!encoding && (rowsLeft < 0 || b.rowCount() > MAX_BLOCK_ROWS)) {
            throw new CorruptBlockException("chunk meta", meta.position(), "block " + blockIndex + " of "
                + b.rowCount() + " rows exceeds the chunk's row count or the per-block limit");
        }
        while (lastNames.size() <= t) {
            lastNames.add(null);
        }
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

    /** The previous block's shape, or in a delta chunk the shape of the base block expected here. */
    private int predictedTemplate() {
        int g = base == null ? -1 : base.guess(blockIndex);
        return g >= 0 ? base.template(g) : shapes.previousTemplate();
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
        byte[] body = shapes.body(t);
        int n = body.length / 3;
        if (rowNames.length < n) {
            rowNames = new int[Math.max(n, rowNames.length * 2)];
        }
        // No table grows inside the block, so the record indices below stay valid while it is coded.
        pins.reserve(n);
        arcs.reserve(n);
        towardEndpoint.reserve(n);
        times.reserve(n);
        numbers.reserve(Col.COUNT * n);
        // Interning and loading ahead pays where the rows' names mostly miss their first predictions
        // (generated reports): there the lookups are cache misses. Where they mostly hit (real reports) the
        // tables stay in cache and comparing a predicted name is cheaper than hashing it: code as before.
        prepared = encoding && (supplied != null || 2 * predictedNames < namedRows);
        predictedNames = 0;
        namedRows = 0;
        if (prepared) {
            prepare(b, n);
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
        int guess = base == null ? -1 : base.guess(blockIndex);
        if (guess >= 0) {
            vertical = base.names(guess);
            headerFromBase = true;
        }
        rowValueCount = 1;
        valueIndex = 1;
        lines = 0;
        ctx = 0;
        sectionTime = 0;
        arrival = NONE;
        required = NONE;
        prevName = -1;
        prevNameAt = noName;
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
                if (pathKey != 0 && recording != null) {
                    recording.indexKey(recording.keyOf(pathKey));
                } else if (pathKey != 0 && base != null) {
                    int j = base.find(base.keyOf(pathKey), blockIndex);
                    if (j >= 0 && base.template(j) == t) {
                        vertical = base.names(j);
                        baseValues = base.values(j);
                        baseEdges = base.edges(j);
                    } else {
                        vertical = lastNames.get(t);
                    }
                }
            }
            boolean verbatim = (flags & RowKind.F_VERBATIM) != 0 || kind == RowKind.VERBATIM;
            int edge = (mask & HAS_EDGE) != 0 ? edge(b, r, -1, ' ') : ' ';
            int name = -1;
            int nameAt = -1;
            if ((mask & HAS_NAME) != 0) {
                if (verbatim) {
                    raw(b, r, 0);
                } else {
                    boolean path = kind == RowKind.POINT || kind == RowKind.JSON_LINE;
                    // A path row's candidates are the names that followed the previous name; a header
                    // row's, the recent names of its kind.
                    int listAt = path ? prevNameAt : kindRecord(kind);
                    int v = vertical != null && r < vertical.length ? vertical[r] : -1;
                    int ve = r + shift >= 0 && r + shift < previous.length ? previous[r + shift] : -1;
                    long toEnd = kind == RowKind.POINT ? mix(6, prevName, endpoint) : 0;
                    name = name(b, r, listAt, toEnd, v, ve, baseValues != null || header && headerFromBase);
                    nameAt = names.of(name);
                }
            }
            if (nameAt < 0 && (flags & (RowKind.F_AUX | RowKind.F_EXTRA)) != 0) {
                nameAt = noName;
            }
            rowNames[r] = name;
            if (header && name >= 0) {
                pathKey = mix(pathKey, kind, name);
            }
            int arcAt = -1;
            if (kind == RowKind.ENDPOINT) {
                endpoint = name;
            } else if (kind == RowKind.PATH_TYPE || kind == RowKind.CORNER || kind == RowKind.MODE) {
                ctx = mix(ctx, kind, name);
            } else if (kind == RowKind.POINT) {
                // An arc seen before repeats its edge; a new one most often keeps the incoming edge (in a
                // delta chunk: the base block's edge, when the base block is known).
                arcAt = arcs.find(mix(mix(4, prevPoint, name), prevEdge, ctx));
                int fallback = baseEdges != null && r < baseEdges.length ? baseEdges[r] : prevEdge;
                edge = edge(b, r, baseEdges != null ? -1 : arcAt, fallback);
            }
            rowEdges[r] = edge;
            if ((mask & 0x3f) != 0) {
                numbers(b, r, kind, mask, name, edge, arcAt);
            }
            // Texts after numbers: a slack line's MET/VIOLATED follows from its value.
            long sv = name == slackLabel && (mask & (1 << Col.TIME)) != 0 ? b.num(r, Col.TIME) : Num.BLANK;
            texts(b, r, kind, flags, verbatim, nameAt, Num.isFinite(sv) ? (sv < 0 ? violatedLabel : metLabel) : -1);
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
                prevNameAt = nameAt;
            }
            if (!encoding) {
                b.setRowFlags(r, flags);
                b.setEdge(r, (byte) edge);
            }
            lines += (flags & RowKind.F_SPLIT) != 0 ? 2 : 1;
        }
        int[] blockNames = Arrays.copyOf(rowNames, n);
        lastNames.set(t, blockNames);
        previousNames = blockNames;
        if (recording != null) {
            recording.add(t, blockNames, Arrays.copyOf(rowValues, rowValueCount), Arrays.copyOf(rowEdges, n));
        }
    }

    // ---- encoding: the block's names interned ahead -------------------------------------------

    /** Encoding: per row, the id of its name, aux and extra text (-1 for none), interned ahead. */
    private int[] preName = new int[64];
    private int[] preAux = new int[64];
    private int[] preExtra = new int[64];
    private int[] textIds = new int[192];
    /** Whether this block's names were interned ahead ({@link #prepare}). */
    private boolean prepared;
    /** Named rows of the block so far, and how many of them were one of their two first predictions. */
    private int namedRows;
    private int predictedNames;

    /**
     * Encoding: interns the block's names and texts, in the order the rows would, before coding the rows.
     * On generated reports, where most names miss their predictions, each row's lookup was a cache miss
     * on a dictionary of several MB, one after another; interned together here the misses overlap. (Also
     * loading the tables' slots ahead, with keys computed by a copy of the rows' logic, measured no gain
     * once the tables stopped learning past 16 K records, and was dropped.) A detached model takes the
     * ids from those supplied instead, in the same order.
     */
    private void prepare(ReportBlock b, int n) {
        if (preName.length < n) {
            int c = Math.max(n, 2 * preName.length);
            preName = new int[c];
            preAux = new int[c];
            preExtra = new int[c];
        }
        int m = texts.collect(b);
        int[] ids;
        int at;
        if (dict != null) {
            if (textIds.length < m) {
                textIds = new int[Math.max(m, 2 * textIds.length)];
            }
            texts.intern(dict, b, textIds, 0);
            ids = textIds;
            at = 0;
        } else {
            if (m > suppliedCount - suppliedAt) {
                throw new IllegalStateException("block " + blockIndex + " has " + m + " texts, only "
                    + (suppliedCount - suppliedAt) + " supplied ids are left");
            }
            ids = supplied;
            at = suppliedAt;
            suppliedAt += m;
        }
        // Each slot holds the position of its text among the block's texts; look up its id.
        int[] tn = texts.name;
        int[] ta = texts.aux;
        int[] te = texts.extra;
        for (int r = 0; r < n; r++) {
            preName[r] = tn[r] < 0 ? -1 : ids[at + tn[r]];
            preAux[r] = ta[r] < 0 ? -1 : ids[at + ta[r]];
            preExtra[r] = te[r] < 0 ? -1 : ids[at + te[r]];
        }
    }

    /** The record of {@link #prevName}. */
    private int prevNameAt;

    private int kindRecord(byte kind) {
        if (kindRecord[kind] < 0) {
            kindRecord[kind] = names.add();
        }
        return kindRecord[kind];
    }

    /** Edges index a record's per-edge values: rise, fall, and the rest (none, or anything unusual). */
    private static int edgeClass(int edge) {
        return edge == '^' ? 1 : edge == 'v' ? 2 : 0;
    }

    /** Aux and extra texts of a row; {@code nameAt} is the name's record. */
    private void texts(ReportBlock b, int r, byte kind, byte flags, boolean verbatim, int nameAt, int auxOverride) {
        if ((flags & RowKind.F_AUX) != 0) {
            if (verbatim || (kind == RowKind.JSON_LINE && (flags & RowKind.F_STRING) == 0)) {
                raw(b, r, 1);
            } else {
                // A name keeps its cell (pins) or reason (start and end points).
                text(b, r, 1, nameAt, S_AUX, auxOverride);
            }
        }
        if ((flags & RowKind.F_EXTRA) != 0) {
            if (verbatim) {
                raw(b, r, 2);
            } else {
                text(b, r, 2, nameAt, S_EXTRA, -1);
            }
        }
    }

    /** The numbers of a row, each against its prediction; {@code arcAt} is a point's arc record. */
    private void numbers(ReportBlock b, int r, byte kind, int mask, int name, int edge, int arcAt) {
        long delay = Num.BLANK;
        boolean pinned = kind == RowKind.POINT && (mask & ~(1 << Col.DELAY | 1 << Col.TIME) & 0x3f) != 0;
        int pinAt = pinned ? pins.find(mix(3, name, ctx)) : -1;
        int edgeClass = edgeClass(edge);
        for (int c = 0; c < Col.COUNT; c++) {
            if ((mask & (1 << c)) == 0) {
                continue;
            }
            // Where the prediction is learned: a record's value, or none (-1) for a computed one.
            long[] memo = null;
            int at = -1;
            long pred;
            if (kind == RowKind.POINT) {
                memo = pins.array();
                switch (c) {
                    case Col.DELAY -> {
                        memo = arcs.array();
                        at = arcAt + A_DELAY + edgeClass;
                    }
                    case Col.SLEW -> at = pinAt + P_SLEW + edgeClass;
                    case Col.VARIATION -> at = pinAt + P_VARIATION + edgeClass;
                    // A net's cap is printed for its driver's transition (rise and fall caps differ).
                    case Col.CAP -> at = pinAt + P_CAP + edgeClass(edge != ' ' ? edge : prevEdge);
                    case Col.FANOUT -> at = pinAt + P_FANOUT;
                    default -> memo = null;
                }
                if (c == Col.TIME) {
                    if (name == slackLabel && plain(required) && plain(arrival)) {
                        pred = required - arrival;
                    } else if (name == arrivalLabel && plain(arrival)) {
                        pred = -arrival;
                    } else {
                        // Paths that share a prefix share its arrival, hence its rounding.
                        memo = times.array();
                        at = times.find(mix(5, sectionTime, delay));
                        pred = memo[at] != NONE ? memo[at] : sectionTime + (plain(delay) ? delay : 0);
                    }
                } else {
                    pred = learned(memo[at]);
                }
            } else {
                long key = kind == RowKind.DASH || kind == RowKind.JSON_LINE ? mix(21 + kind, r, name)
                    : kind == RowKind.END_ROW && c == Col.SLACK ? mix(20, name, c) : mix(30 + kind, name, c);
                memo = numbers.array();
                at = numbers.find(key);
                pred = learned(memo[at]);
                if (kind == RowKind.END_ROW && c == Col.SLACK) {
                    long req = b.num(r, Col.REQUIRED);
                    long arr = b.num(r, Col.ARRIVAL);
                    if (plain(req) && plain(arr)) {
                        pred = req - arr;
                    }
                }
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
            if (memo != null) {
                memo[at] = v;
            }
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

    /** A learned value as a prediction: nothing learned (the record's initial NONE) predicts 0. */
    private static long learned(long v) {
        return v == NONE ? 0 : v;
    }

    // ---- cells ----------------------------------------------------------------------------------

    /**
     * Edge codes: 0 = as predicted (the edge this arc had last time, kept in the arc record at
     * {@code arcAt}; else {@code fallback}), else 1 + the edge's code.
     */
    private int edge(ReportBlock b, int r, int arcAt, int fallback) {
        ByteStream s = streams[S_EDGES];
        long known = arcAt < 0 ? NONE : arcs.array()[arcAt + A_EDGE];
        int pred = known != NONE ? (int) known : fallback;
        int e;
        if (encoding) {
            e = b.edge(r) & 0xff; // the decoder reads 0..255: both sides must key on the same value
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
        if (arcAt >= 0) {
            arcs.array()[arcAt + A_EDGE] = e;
        }
        return e;
    }

    /**
     * Name codes: 0 = the name that followed the previous name on the way to this block's endpoint last
     * time; 1..8 = position in the list of names that followed the previous name (most recent first; for
     * header rows, the recent names of that row kind), the list at {@code listAt} in {@link #names}; 9 =
     * the same row of the last block of this shape (in a delta chunk: of the base's block at this index,
     * tried first); 10 = the row as far from the end in the previous block; 11 = the id after the last
     * name that missed (new names are interned in order); else id + 12.
     */
    private int name(ReportBlock b, int r, int listAt, long toEndKey, int vertical, int fromEnd,
                     boolean verticalFirst) {
        ByteStream s = streams[S_NAMES];
        int toEndAt = toEndKey == 0 ? -1 : towardEndpoint.find(toEndKey);
        long[] te = towardEndpoint.array();
        int toEnd = toEndAt < 0 ? -1 : (int) te[toEndAt];
        long[] list = names.array();
        int first = listAt + N_NEXT;
        int seq = lastMiss + 1;
        int id;
        int idx;
        if (encoding) {
            id = nameId(b, r, verticalFirst ? vertical : -1, toEnd);
            idx = indexOf(list, first, id);
            long code = verticalFirst && id == vertical ? MRU + 1 : id == toEnd ? 0 : idx >= 0 ? idx + 1
                : id == vertical ? MRU + 1 : id == fromEnd ? MRU + 2 : id == seq ? MRU + 3 : (long) id + MRU + 4;
            s.putVar(code);
            if (code > 0 && code <= MRU) {
                idx = (int) code - 1;
            }
        } else {
            int code = s.getInt(dictLimit + MRU + 3);
            id = code == 0 ? toEnd : code <= MRU ? (int) list[first + code - 1] : code == MRU + 1 ? vertical
                : code == MRU + 2 ? fromEnd : code == MRU + 3 ? seq : code - MRU - 4;
            if (id < 0 || id >= dictLimit) {
                throw new CorruptBlockException("chunk names", s.position(), "name id " + id + " not in the dictionary");
            }
            idx = code > 0 && code <= MRU ? code - 1 : indexOf(list, first, id);
            b.setName(r, nameBytes.bytes(), nameBytes.offset(id), nameBytes.length(id));
        }
        if (toEndAt >= 0) {
            te[toEndAt] = id;
        }
        if (idx < 0) {
            lastMiss = id;
            idx = MRU - 1;
        }
        System.arraycopy(list, first, list, first + 1, idx);
        list[first] = id;
        return id;
    }

    /**
     * The id of row {@code r}'s name. The two first predictions are tried by their bytes: on real reports
     * most rows hit one, and comparing one name is cheaper than hashing it into the dictionary. Past them
     * the name is interned once and the recent-names list compared by id: comparing bytes against each of
     * the list's names cost a cache miss per name, and on reports where names rarely repeat (generated
     * ones) that was a fifth of the writer's time.
     */
    private int nameId(ReportBlock b, int r, int first, int second) {
        namedRows++;
        if (prepared) {
            int id = preName[r];
            if (id == first || id == second) {
                predictedNames++;
            }
            return id;
        }
        byte[] a = b.arena();
        int off = b.nameOff(r);
        int len = b.nameLen(r);
        if (dict.is(first, a, off, len)) {
            predictedNames++;
            return first;
        }
        if (dict.is(second, a, off, len)) {
            predictedNames++;
            return second;
        }
        return dict.intern(a, off, len);
    }

    private static int indexOf(long[] list, int from, int id) {
        for (int i = 0; i < MRU; i++) {
            if (list[from + i] == id) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Aux (slot 1) or extra (slot 2) text: code 0 when it is the prediction ({@code override}, else the
     * name's last one, kept in its record at {@code nameAt}), else id + 1.
     */
    private int text(ReportBlock b, int r, int slot, int nameAt, int stream, int override) {
        ByteStream s = streams[stream];
        long[] rec = names.array();
        int at = nameAt < 0 ? -1 : nameAt + (slot == 1 ? N_AUX : N_EXTRA);
        int pred = override >= 0 ? override : at < 0 ? -1 : (int) rec[at];
        int id;
        if (encoding) {
            if (prepared) {
                id = slot == 1 ? preAux[r] : preExtra[r];
            } else {
                byte[] a = b.arena();
                int off = slot == 1 ? b.auxOff(r) : b.extraOff(r);
                int len = slot == 1 ? b.auxLen(r) : b.extraLen(r);
                id = dict.is(pred, a, off, len) ? pred : dict.intern(a, off, len);
            }
            s.putVar(id == pred ? 0 : (long) id + 1);
        } else {
            int code = s.getInt(dictLimit);
            id = code == 0 ? pred : code - 1;
            if (id < 0 || id >= dictLimit) {
                throw new CorruptBlockException("chunk text", s.position(), "text id " + id + " not in the dictionary");
            }
            if (slot == 1) {
                b.setAux(r, nameBytes.bytes(), nameBytes.offset(id), nameBytes.length(id));
            } else {
                b.setExtra(r, nameBytes.bytes(), nameBytes.offset(id), nameBytes.length(id));
            }
        }
        if (at >= 0) {
            rec[at] = id;
        }
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
}

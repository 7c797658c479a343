package io.stadb.codec;

import static io.stadb.codec.ChunkFormat.*;

import com.github.luben.zstd.Zstd;
import io.stadb.codec.internal.BitPacking;
import io.stadb.codec.internal.ByteStream;
import io.stadb.codec.internal.ChunkModel;
import io.stadb.codec.internal.ZeroRuns;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes a batch of blocks into one {@link ChunkFormat} chunk: {@link #begin()} (or
 * {@link #beginDelta} against a base chunk of an earlier stage), {@link #add} each block, {@link #finish}.
 * Names go into the shared {@link NameDictionary}; persist its new entries with the chunk. Reusable,
 * single-threaded.
 *
 * <p>A {@link #detached} writer holds no dictionary, so it may code on another thread than the one that
 * owns the dictionary: that thread interns each chunk's names ahead into a {@link ChunkNames}
 * ({@link ChunkNames#begin}, {@link ChunkNames#add} per block, {@link ChunkNames#end}) exactly where an
 * attached writer would, and the detached writer codes the chunk with those ids
 * ({@link #begin(ChunkNames)}). The chunk is then byte for byte the one the attached writer would write.
 */
public final class ChunkWriter {
    /**
     * zstd level for the column streams, chosen by {@code bench CodecReport}: on 25 K-path sta reports
     * level 9 stores 0.55-0.72x of zstd -19's bytes at 22-32x its speed; level 19 stores about 10 % less
     * but only 4-5x faster than zstd -19 on the text, too slow for ingest.
     */
    public static final int DEFAULT_LEVEL = 9;

    /** Chunks this many blocks long (the default) balance compression and the cost of decoding path j. */
    public static final int DEFAULT_CHUNK_BLOCKS = 4096;

    private final NameDictionary dict;
    private final ChunkModel model;
    private final int zstdLevel;
    private final ByteStream runs = new ByteStream(1 << 16);
    private final Crc32c crc = new Crc32c();
    private final ReportBlock scratch = new ReportBlock();
    private long[] slack = new long[1024];
    private int[] slackScale = new int[1024];
    private int blocks;
    private int rows;
    private long baseId = -1;
    private int baseCrc;

    /** The format version written: {@link ChunkFormat#VERSION}, or the previous one for tests of reading it. */
    private byte version = VERSION;

    /** Writes chunks of the previous format version (2), which readers still read: for tests. */
    void writePreviousVersion() {
        version = VERSION_LEARNING_ALL;
    }

    public ChunkWriter(NameDictionary dict, int zstdLevel) {
        this.dict = java.util.Objects.requireNonNull(dict);
        this.model = new ChunkModel(dict);
        this.zstdLevel = zstdLevel;
    }

    private ChunkWriter(int zstdLevel) {
        this.dict = null;
        this.model = ChunkModel.detached();
        this.zstdLevel = zstdLevel;
    }

    /** A writer that codes chunks whose names were interned ahead ({@link ChunkNames}); see the class comment. */
    public static ChunkWriter detached(int zstdLevel) {
        return new ChunkWriter(zstdLevel);
    }

    /** The names of the chunk being coded by a detached writer; null otherwise. */
    private ChunkNames names;

    /** Detached: starts a chunk that stands alone, coded with {@code names} (ended: {@link ChunkNames#end}). */
    public void begin(ChunkNames names) {
        supply(names);
        begin();
    }

    /**
     * Detached: starts a chunk coded against {@code base}, a reader made over {@code names}'s
     * {@link ChunkNames#view() view} ({@link ChunkReader#ChunkReader(NameBytes)}), opened on chunk {@code id}.
     */
    public void beginDelta(ChunkReader base, long id, ChunkNames names) {
        supply(names);
        beginDelta(base, id);
    }

    private void supply(ChunkNames n) {
        if (dict != null) {
            throw new IllegalStateException("this writer interns its names itself");
        }
        n.checkEnded();
        names = n;
        model.supplyNames(n.view(), n.labels, n.ids, n.count);
    }

    /** Starts a chunk that stands alone. */
    public void begin() {
        requireNames();
        model.reset();
        model.startEncoding();
        model.limitLearning(version != VERSION_LEARNING_ALL);
        blocks = 0;
        rows = 0;
        baseId = -1;
        baseCrc = 0;
    }

    /**
     * Starts a chunk coded against {@code base} (an open reader of an earlier stage's chunk, id
     * {@code id}): everything the base says is predicted for free, so an unchanged re-run costs almost
     * nothing. The reader of this chunk needs the same base.
     */
    public void beginDelta(ChunkReader base, long id) {
        requireNames();
        model.reset();
        base.prime(model, scratch);
        model.startEncoding();
        model.limitLearning(version != VERSION_LEARNING_ALL);
        blocks = 0;
        rows = 0;
        baseId = id;
        baseCrc = base.crc();
    }

    private void requireNames() {
        if (dict == null && names == null) {
            throw new IllegalStateException("a detached writer begins a chunk with its names (begin(ChunkNames))");
        }
    }

    /** Throws the error {@link #add} throws for a block no chunk may hold (a check to make before interning). */
    public static void checkBlock(ReportBlock b) {
        if (b.rowCount() > io.stadb.codec.internal.ChunkModel.MAX_BLOCK_ROWS) {
            throw new StadbException("block of " + b.rowCount() + " rows is over the chunk limit of "
                + io.stadb.codec.internal.ChunkModel.MAX_BLOCK_ROWS);
        }
    }

    /** Adds a block whose facts are derived (parsers and readers leave them so). */
    public void add(ReportBlock b) {
        checkBlock(b);
        model.block(b);
        if (blocks == slack.length) {
            slack = Arrays.copyOf(slack, blocks * 2);
            slackScale = Arrays.copyOf(slackScale, blocks * 2);
        }
        BlockFacts f = b.facts();
        long s = f.slack();
        // Metric lines (tns, wns) are not paths: they stay out of the slack column.
        boolean has = b.kind() != BlockKind.METRIC && f.slackRow() >= 0 && (Num.isFinite(s) || s == Num.NEG_ZERO);
        slack[blocks] = has ? (s == Num.NEG_ZERO ? 0 : s) : NO_SLACK;
        slackScale[blocks] = f.slackScale();
        blocks++;
        rows += b.rowCount();
    }

    public int blockCount() {
        return blocks;
    }

    /** Writes the chunk to {@code out} (appending); returns its length. */
    public int finish(ByteBuilder out) {
        int dictSize;
        if (dict != null) {
            dictSize = dict.size();
        } else {
            if (names == null || model.suppliedLeft() != 0) {
                throw new IllegalStateException("the chunk's blocks are not those its names were interned for ("
                    + (names == null ? "no names" : model.suppliedLeft() + " ids left") + ")");
            }
            dictSize = names.dictionarySize;
            names = null; // one chunk per begin(ChunkNames)
        }
        int scale = Integer.MIN_VALUE;
        for (int i = 0; i < blocks; i++) {
            if (slack[i] != NO_SLACK) {
                scale = Math.max(scale, slackScale[i]);
            }
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long[] scaled = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            long v = slack[i];
            if (v != NO_SLACK) {
                v = rescale(v, scale - slackScale[i]);
            }
            scaled[i] = v;
            if (v != NO_SLACK) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        byte[][] payload = new byte[STREAMS][];
        int[] rawLength = new int[STREAMS];
        byte[] codec = new byte[STREAMS];
        for (int id = 0; id < S_SLACK; id++) {
            ByteStream s = model.stream(id);
            if (s.length() == 0) {
                payload[id] = new byte[0];
                codec[id] = CODEC_RAW;
            } else {
                runs.clear();
                ZeroRuns.encode(s.array(), s.length(), runs);
                rawLength[id] = runs.length();
                byte[] z = new byte[(int) Zstd.compressBound(runs.length())];
                int n = (int) Zstd.compressByteArray(z, 0, z.length, runs.array(), 0, runs.length(), zstdLevel);
                payload[id] = Arrays.copyOf(z, n);
                codec[id] = CODEC_ZSTD;
            }
        }
        payload[S_SLACK] = packSlack(scaled, min, max);
        rawLength[S_SLACK] = payload[S_SLACK].length;
        codec[S_SLACK] = CODEC_RAW;

        int start = out.length();
        int dirEnd = HEADER_LENGTH + STREAMS * DIR_ENTRY_LENGTH;
        int total = dirEnd;
        for (byte[] p : payload) {
            total += p.length;
        }
        out.ensureSpace(total);
        out.setLength(start + total);
        UnsafeBuffer buf = new UnsafeBuffer(out.array(), start, total);
        buf.putInt(MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        buf.putByte(VERSION_OFFSET, version);
        buf.putByte(FLAGS_OFFSET, (byte) (baseId >= 0 ? FLAG_DELTA : 0));
        buf.putShort(STREAM_COUNT_OFFSET, (short) STREAMS, ByteOrder.LITTLE_ENDIAN);
        buf.putInt(BLOCK_COUNT_OFFSET, blocks, ByteOrder.LITTLE_ENDIAN);
        buf.putInt(ROW_COUNT_OFFSET, rows, ByteOrder.LITTLE_ENDIAN);
        buf.putLong(BASE_ID_OFFSET, baseId, ByteOrder.LITTLE_ENDIAN);
        buf.putInt(BASE_CRC_OFFSET, baseCrc, ByteOrder.LITTLE_ENDIAN);
        buf.putInt(SLACK_SCALE_OFFSET, scale == Integer.MIN_VALUE ? 0 : scale, ByteOrder.LITTLE_ENDIAN);
        buf.putLong(MIN_SLACK_OFFSET, min, ByteOrder.LITTLE_ENDIAN);
        buf.putLong(MAX_SLACK_OFFSET, max, ByteOrder.LITTLE_ENDIAN);
        buf.putInt(DICT_SIZE_OFFSET, dictSize, ByteOrder.LITTLE_ENDIAN);
        int p = dirEnd;
        for (int id = 0; id < STREAMS; id++) {
            int d = HEADER_LENGTH + id * DIR_ENTRY_LENGTH;
            buf.putByte(d + DIR_ID, (byte) id);
            buf.putByte(d + DIR_CODEC, codec[id]);
            buf.putShort(d + 2, (short) 0);
            buf.putInt(d + DIR_RAW_LENGTH, rawLength[id], ByteOrder.LITTLE_ENDIAN);
            buf.putInt(d + DIR_STORED_LENGTH, payload[id].length, ByteOrder.LITTLE_ENDIAN);
            buf.putInt(d + DIR_CRC, crc.compute(payload[id], 0, payload[id].length), ByteOrder.LITTLE_ENDIAN);
            buf.putBytes(p, payload[id]);
            p += payload[id].length;
        }
        buf.putInt(HEADER_CRC_OFFSET, ChunkReader.headerCrc(out.array(), start), ByteOrder.LITTLE_ENDIAN);
        return total;
    }

    /** Convenience: the chunk as a new array. */
    public byte[] finish() {
        ByteBuilder out = new ByteBuilder(4096);
        finish(out);
        return out.toByteArray();
    }

    private static long rescale(long v, int by) {
        long r = v;
        for (int i = 0; i < by; i++) {
            if (Math.abs(r) > Long.MAX_VALUE / 10 - 1) {
                return NO_SLACK;
            }
            r *= 10;
        }
        return r;
    }

    /**
     * i64 first value, u8 bits, then per block the zigzag step from the previous value that has one
     * (reports list paths by slack, so steps are small), with all-ones meaning "no slack".
     */
    private static byte[] packSlack(long[] v, long min, long max) {
        int n = v.length;
        long first = 0;
        for (long x : v) {
            if (x != NO_SLACK) {
                first = x;
                break;
            }
        }
        long[] codes = new long[n];
        long prev = first;
        long maxCode = 0;
        boolean wide = min != Long.MAX_VALUE && (max - min < 0 || max - min > Long.MAX_VALUE / 4);
        for (int i = 0; i < n; i++) {
            if (v[i] != NO_SLACK) {
                long d = v[i] - prev;
                codes[i] = (d << 1) ^ (d >> 63);
                maxCode = Math.max(maxCode, codes[i]);
                prev = v[i];
            }
        }
        int bits = wide ? 64 : BitPacking.bitsFor(maxCode + 1);
        long none = bits == 64 ? -1L : (1L << bits) - 1;
        for (int i = 0; i < n; i++) {
            if (v[i] == NO_SLACK) {
                codes[i] = none;
            }
        }
        byte[] out = new byte[9 + BitPacking.bytes(n, bits)];
        UnsafeBuffer b = new UnsafeBuffer(out);
        b.putLong(0, first, ByteOrder.LITTLE_ENDIAN);
        b.putByte(8, (byte) bits);
        BitPacking.pack(codes, n, bits, out, 9);
        return out;
    }
}

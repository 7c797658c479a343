package io.stadb.codec;

import static io.stadb.codec.ChunkFormat.*;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.stadb.codec.internal.BitPacking;
import io.stadb.codec.internal.ByteStream;
import io.stadb.codec.internal.ChunkModel;
import io.stadb.codec.internal.ZeroRuns;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a {@link ChunkFormat} chunk from a heap array or an mmap'd {@link DirectBuffer}. {@link #open}
 * checks the header and directory only; {@link #slacks} inflates nothing but the slack column; decoding
 * blocks checks each stream's CRC first. Bad bytes are {@link CorruptBlockException}s naming the chunk and
 * offset; no length is trusted before it is checked. Reusable, single-threaded.
 */
public final class ChunkReader {
    /** The dictionary decoding resolves names in; null for a reader over a snapshot, which only primes. */
    private final NameDictionary dict;
    private final NameBytes names;
    private final Crc32c crc = new Crc32c();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final ByteStream[] inflated = new ByteStream[S_SLACK];
    private byte[] zstdOut = new byte[1 << 16];
    private ChunkModel model;
    private String where;
    private int len;
    private int blocks;
    private int rows;
    private int streamsFound;
    private final int[] streamOffset = new int[STREAMS];
    private final int[] storedLength = new int[STREAMS];
    private final int[] rawLength = new int[STREAMS];
    private final byte[] codec = new byte[STREAMS];
    private final int[] streamCrc = new int[STREAMS];
    private ChunkReader base;

    public ChunkReader(NameDictionary dict) {
        this(dict, dict);
    }

    /**
     * A reader that can only be the base of a detached {@link ChunkWriter#detached delta encoding}
     * ({@link ChunkWriter#beginDelta(ChunkReader, long, ChunkNames)}): it resolves nothing itself, and it
     * checks the base's dictionary size against {@code names} (a snapshot of the store's names).
     */
    public ChunkReader(NameBytes names) {
        this(null, names);
    }

    private ChunkReader(NameDictionary dict, NameBytes names) {
        this.dict = dict;
        this.names = names;
        for (int i = 0; i < inflated.length; i++) {
            inflated[i] = new ByteStream(16);
        }
    }

    public ChunkReader open(byte[] b, int off, int length, String name) {
        view.wrap(b, off, length);
        return open(length, name);
    }

    public ChunkReader open(DirectBuffer b, int off, int length, String name) {
        view.wrap(b, off, length);
        return open(length, name);
    }

    /** The open chunk's format version. */
    private byte version;

    private ChunkReader open(int length, String name) {
        sequential = -1;
        where = name;
        len = length;
        base = null;
        if (length < HEADER_LENGTH) {
            throw new CorruptBlockException(where, 0, "chunk of " + length + " bytes is shorter than its header");
        }
        if (view.getInt(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != MAGIC) {
            throw new CorruptBlockException(where, 0, "not a stadb chunk (bad magic)");
        }
        version = view.getByte(VERSION_OFFSET);
        if (version != VERSION && version != VERSION_LEARNING_ALL) {
            throw new CorruptBlockException(where, VERSION_OFFSET, "unsupported chunk version " + version + " (this stadb reads "
                + VERSION_LEARNING_ALL + " and " + VERSION + "): the store was written by another stadb version;"
                + " ingest its reports again into a new store");
        }
        int n = view.getShort(STREAM_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        int dirEnd = HEADER_LENGTH + n * DIR_ENTRY_LENGTH;
        if (n != STREAMS || dirEnd > length) {
            throw new CorruptBlockException(where, STREAM_COUNT_OFFSET, "bad stream count " + n);
        }
        byte[] copy = new byte[dirEnd];
        view.getBytes(0, copy);
        int stored = view.getInt(HEADER_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (headerCrc(copy, 0) != stored) {
            throw new CorruptBlockException(where, HEADER_CRC_OFFSET, "header CRC32C mismatch");
        }
        blocks = view.getInt(BLOCK_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        rows = view.getInt(ROW_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (blocks < 0 || blocks > MAX_BLOCKS || rows < 0 || rows > MAX_ROWS) {
            throw new CorruptBlockException(where, BLOCK_COUNT_OFFSET, "bad block or row count");
        }
        int p = dirEnd;
        for (int i = 0; i < STREAMS; i++) {
            int d = HEADER_LENGTH + i * DIR_ENTRY_LENGTH;
            int id = view.getByte(d + DIR_ID);
            int sl = view.getInt(d + DIR_STORED_LENGTH, ByteOrder.LITTLE_ENDIAN);
            int rl = view.getInt(d + DIR_RAW_LENGTH, ByteOrder.LITTLE_ENDIAN);
            byte c = view.getByte(d + DIR_CODEC);
            if (id != i || sl < 0 || rl < 0 || rl > MAX_STREAM_LENGTH || sl > length - p
                || (c != CODEC_RAW && c != CODEC_ZSTD) || (c == CODEC_RAW && sl != rl)) {
                throw new CorruptBlockException(where, d, "bad directory entry for stream " + i);
            }
            streamOffset[i] = p;
            storedLength[i] = sl;
            rawLength[i] = rl;
            codec[i] = c;
            streamCrc[i] = view.getInt(d + DIR_CRC, ByteOrder.LITTLE_ENDIAN);
            p += sl;
        }
        if (p != length) {
            throw new CorruptBlockException(where, p, (length - p) + " bytes after the last stream");
        }
        long raw = 0;
        for (int i = 0; i < STREAMS; i++) {
            raw += rawLength[i];
        }
        if (raw > MAX_STREAM_LENGTH) {
            throw new CorruptBlockException(where, HEADER_LENGTH, "streams claim " + raw + " bytes inflated, over the "
                + MAX_STREAM_LENGTH + "-byte limit of a chunk");
        }
        streamsFound = STREAMS;
        return this;
    }

    static int headerCrc(byte[] chunk, int start) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(chunk, start, HEADER_CRC_OFFSET);
        int n = (chunk[start + STREAM_COUNT_OFFSET] & 0xff) | (chunk[start + STREAM_COUNT_OFFSET + 1] & 0xff) << 8;
        c.update(chunk, start + HEADER_LENGTH, Math.max(0, Math.min(n, STREAMS) * DIR_ENTRY_LENGTH));
        return (int) c.getValue();
    }

    public int blockCount() {
        return blocks;
    }

    public int rowCount() {
        return rows;
    }

    public boolean isDelta() {
        return (view.getByte(FLAGS_OFFSET) & FLAG_DELTA) != 0;
    }

    public long baseId() {
        return view.getLong(BASE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int slackScale() {
        return view.getInt(SLACK_SCALE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** Smallest slack of the chunk at {@link #slackScale()}, or Long.MAX_VALUE when no block has one. */
    public long minSlack() {
        return view.getLong(MIN_SLACK_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long maxSlack() {
        return view.getLong(MAX_SLACK_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** Bytes of the chunk. */
    public int length() {
        return len;
    }

    /** CRC32C of the whole chunk: a delta chunk names its base by it. */
    public int crc() {
        return crc.compute(view, 0, len);
    }

    /** Bytes a stream takes in the chunk (for size reports). */
    public int storedLength(int stream) {
        return storedLength[stream];
    }

    private long[] words = new long[16];

    /**
     * Decodes only the slack column into {@code out} (one value per block at {@link #slackScale()},
     * {@link ChunkFormat#NO_SLACK} where a block has none). Touches no other stream.
     */
    public int slacks(long[] out) {
        int off = streamOffset[S_SLACK];
        int sl = storedLength[S_SLACK];
        if (crc.compute(view, off, sl) != streamCrc[S_SLACK]) {
            throw new CorruptBlockException(where, off, "slack column CRC32C mismatch");
        }
        if (sl < 9) {
            throw new CorruptBlockException(where, off, "slack column too short");
        }
        long b = view.getLong(off, ByteOrder.LITTLE_ENDIAN);
        int bits = view.getByte(off + 8);
        if (bits < 0 || bits > 64 || BitPacking.bytes(blocks, bits) != sl - 9) {
            throw new CorruptBlockException(where, off + 8, "slack column has " + bits + " bits for " + blocks + " blocks");
        }
        int nw = (sl - 9) / 8;
        if (words.length < nw + 1) {
            words = new long[nw + 1];
        }
        for (int i = 0; i < nw; i++) {
            words[i] = view.getLong(off + 9 + 8 * i, ByteOrder.LITTLE_ENDIAN);
        }
        words[nw] = 0;
        BitPacking.unpack(words, blocks, bits, out);
        long none = bits == 64 ? -1L : (1L << bits) - 1;
        long prev = b;
        for (int i = 0; i < blocks; i++) {
            long code = out[i];
            if (code == none) {
                out[i] = NO_SLACK;
            } else {
                prev += (code >>> 1) ^ -(code & 1);
                out[i] = prev;
            }
        }
        return blocks;
    }

    /** Gives a delta chunk its base (an open reader of the base chunk); checks it is the right one. */
    public void setBase(ChunkReader b) {
        if (!isDelta()) {
            throw new IllegalStateException("not a delta chunk");
        }
        int expected = view.getInt(BASE_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (b.crc() != expected) {
            throw new CorruptBlockException(where, BASE_CRC_OFFSET, String.format(
                "delta chunk is based on chunk %d with CRC32C %08x, but the base given has %08x",
                baseId(), expected, b.crc()));
        }
        base = b;
    }

    /** Decodes every block in order into {@code into}, calling {@code each} after each one. */
    public void decodeAll(ReportBlock into, Consumer<ReportBlock> each) {
        start();
        for (int i = 0; i < blocks; i++) {
            model.block(into);
            into.deriveFacts();
            each.accept(into);
        }
        end();
    }

    private int sequential = -1;

    /**
     * Starts a sequential decode: {@link #next} then returns blocks 0, 1, … (the coder is predictive, so a
     * block can only be reached through the ones before it).
     */
    public void rewind() {
        start();
        sequential = 0;
    }

    /** The index of the block {@link #next} decodes next, or -1 before {@link #rewind}. */
    public int position() {
        return sequential;
    }

    /** Decodes the next block of a sequential decode into {@code into}. */
    public ReportBlock next(ReportBlock into) {
        if (sequential < 0 || sequential >= blocks) {
            throw new IllegalStateException("next() past the chunk's " + blocks + " blocks or before rewind()");
        }
        model.block(into);
        into.deriveFacts();
        sequential++;
        return into;
    }

    /** Decodes block {@code j} (decoding the ones before it, not the rest of the chunk). */
    public ReportBlock decode(int j, ReportBlock into) {
        if (j < 0 || j >= blocks) {
            throw new IndexOutOfBoundsException(j);
        }
        start();
        for (int i = 0; i <= j; i++) {
            model.block(into);
        }
        into.deriveFacts();
        return into;
    }

    private void start() {
        sequential = -1;
        if (dict == null) {
            throw new IllegalStateException("a reader over a snapshot of the names only primes delta bases");
        }
        if (model == null) {
            model = new ChunkModel(dict);
        }
        model.reset();
        if (isDelta()) {
            if (base == null) {
                throw new IllegalStateException("delta chunk " + where + " needs its base (setBase)");
            }
            base.prime(model, new ReportBlock());
        }
        int need = view.getInt(DICT_SIZE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (need < 0 || need > dict.size()) {
            throw new CorruptBlockException(where, DICT_SIZE_OFFSET, "chunk needs " + need
                + " dictionary names, the dictionary has " + dict.size());
        }
        inflateAll();
        model.startDecoding(inflated, need, rows, version != VERSION_LEARNING_ALL);
    }

    private void end() {
        for (int i = 0; i < S_SLACK; i++) {
            if (!inflated[i].exhausted()) {
                throw new CorruptBlockException(where, streamOffset[i], "stream " + i + " has bytes left after the last block");
            }
        }
    }

    /** Runs the model over this (base) chunk's blocks so a delta chunk is coded against it. */
    void prime(ChunkModel m, ReportBlock scratch) {
        int need = view.getInt(DICT_SIZE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (isDelta()) {
            throw new CorruptBlockException(where, FLAGS_OFFSET, "a delta chunk cannot be the base of another");
        }
        inflateAll();
        m.startDecoding(inflated, Math.min(need, names.size()), rows, version != VERSION_LEARNING_ALL);
        m.recordBlockNames();
        for (int i = 0; i < blocks; i++) {
            m.block(scratch);
        }
        m.useRecordedAsVertical();
    }

    /** Inflates the column streams; together they may expand to {@link ChunkFormat#MAX_STREAM_LENGTH}. */
    private void inflateAll() {
        int budget = MAX_STREAM_LENGTH;
        for (int i = 0; i < S_SLACK; i++) {
            int off = streamOffset[i];
            int sl = storedLength[i];
            byte[] src = new byte[sl];
            view.getBytes(off, src);
            if (crc.compute(src, 0, sl) != streamCrc[i]) {
                throw new CorruptBlockException(where, off, "stream " + i + " CRC32C mismatch");
            }
            ByteStream s = inflated[i];
            String name = where + " stream " + i;
            if (codec[i] == CODEC_RAW) {
                s.wrap(src, sl, name);
                continue;
            }
            int n = rawLength[i];
            if (zstdOut.length < n) {
                zstdOut = new byte[Math.max(n, 2 * zstdOut.length)];
            }
            try {
                long got = Zstd.decompressByteArray(zstdOut, 0, n, src, 0, sl);
                if (got != n) {
                    throw new CorruptBlockException(where, off, "stream " + i + " inflated to " + got + " bytes, not " + n);
                }
            } catch (ZstdException e) {
                throw new CorruptBlockException(where, off, "stream " + i + ": " + e.getMessage());
            }
            s.clear();
            ZeroRuns.decode(zstdOut, n, s, budget, name);
            budget -= s.length();
            s.wrap(s.array(), s.length(), name);
        }
    }
}

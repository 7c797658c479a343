package io.stadb.codec;

/**
 * The byte layout of a chunk: a batch of report blocks of one stage in columns (module {@code codec}).
 * Little-endian. Streams are column data (see {@link io.stadb.codec.internal.ChunkModel}), each with its
 * own CRC32C so a reader can check and inflate one column (the slack column) without the others. A zstd
 * stream holds the column {@link io.stadb.codec.internal.ZeroRuns zero-run coded}; its raw length is
 * that of the zero-run coded bytes.
 *
 * <pre>
 *  0       4       5       6               8
 * +-------+-------+-------+---------------+
 * | magic | vers. | flags | stream count  |   magic "SCK1" (0x314B4353), flags bit 0: delta chunk
 * +-------+-------+-------+---------------+
 * |  8 block count (i32) | 12 row count (i32)                       |
 * | 16 base chunk id (i64, -1 = none)                               |
 * | 24 base CRC32C (i32) | 28 slack scale (i32)                     |
 * | 32 min slack (i64, scaled; Long.MAX_VALUE when none)            |
 * | 40 max slack (i64, scaled; Long.MIN_VALUE when none)            |
 * | 48 dictionary size needed (i32) | 52 header CRC32C (i32) over [0,52) + directory |
 * +-----------------------------------------------------------------+
 * | 56 directory: stream count x 16 bytes:                          |
 * |    u8 stream id, u8 codec (0 raw, 1 zstd of zero runs), u16 0,  |
 * |    i32 raw length, i32 stored length, i32 CRC32C of stored bytes |
 * +-----------------------------------------------------------------+
 * | stream payloads, in directory order                             |
 * +-----------------------------------------------------------------+
 * </pre>
 * The slack stream is raw (not zstd), one value per block, so a scan reads it straight from an mmap'd
 * segment: i64 first slack, u8 bits, then bit-packed zigzag steps from the previous slack (all ones:
 * the block has none). Reports list paths by slack, so the steps need few bits.
 */
public final class ChunkFormat {
    private ChunkFormat() {
    }

    public static final int MAGIC = 0x314B4353;
    /**
     * 3: the coder's toward-endpoint, arc, pin and time tables stop learning new contexts past 16 K
     * records a chunk while they rarely hit (see RecordTable#LEARN_FREELY). 2: they learn every context;
     * still read.
     */
    public static final byte VERSION = 3;
    /** The previous version, read as it was written: its tables learn every context. */
    public static final byte VERSION_LEARNING_ALL = 2;
    public static final int FLAG_DELTA = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int FLAGS_OFFSET = 5;
    public static final int STREAM_COUNT_OFFSET = 6;
    public static final int BLOCK_COUNT_OFFSET = 8;
    public static final int ROW_COUNT_OFFSET = 12;
    public static final int BASE_ID_OFFSET = 16;
    public static final int BASE_CRC_OFFSET = 24;
    public static final int SLACK_SCALE_OFFSET = 28;
    public static final int MIN_SLACK_OFFSET = 32;
    public static final int MAX_SLACK_OFFSET = 40;
    public static final int DICT_SIZE_OFFSET = 48;
    public static final int HEADER_CRC_OFFSET = 52;
    public static final int HEADER_LENGTH = 56;

    public static final int DIR_ENTRY_LENGTH = 16;
    public static final int DIR_ID = 0;
    public static final int DIR_CODEC = 1;
    public static final int DIR_RAW_LENGTH = 4;
    public static final int DIR_STORED_LENGTH = 8;
    public static final int DIR_CRC = 12;

    public static final byte CODEC_RAW = 0;
    public static final byte CODEC_ZSTD = 1;

    /** Limits a reader enforces before allocating. */
    public static final int MAX_STREAM_LENGTH = 1 << 28;
    public static final int MAX_BLOCKS = 1 << 20;
    public static final int MAX_ROWS = 1 << 26;

    /** Slack column value for a block without a numeric slack. */
    public static final long NO_SLACK = Long.MIN_VALUE;

    // Stream ids.
    public static final int S_META = 0;
    public static final int S_TEMPLATES = 1;
    public static final int S_LAYOUTS = 2;
    public static final int S_NAMES = 3;
    public static final int S_AUX = 4;
    public static final int S_EXTRA = 5;
    public static final int S_EDGES = 6;
    public static final int S_RAW = 7;
    public static final int S_NUM = 8;            // 8..13: one per Col
    public static final int S_SLACK = 14;
    public static final int STREAMS = 15;
}

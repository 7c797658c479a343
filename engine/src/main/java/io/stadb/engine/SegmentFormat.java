package io.stadb.engine;

/**
 * The byte layout of a stage's segment file {@code stages/<id>/data.seg}: written once, fsync'd before
 * the catalog names the stage, then only read (mmap'd). Little-endian.
 *
 * <pre>
 *  0        4        5                8
 * +--------+--------+----------------+
 * | "SSG1" | version|   reserved     |
 * +--------+--------+----------------+
 * | chunk 0 | chunk 1 | ...           |  codec ChunkFormat chunks, back to back, from offset 8
 * +----------------------------------+
 * | footer: one 48-byte entry a chunk:                                   |
 * |   0 u64 offset   8 u32 length   12 u32 blocks                        |
 * |  16 i64 min slack   24 i64 max slack   32 i32 slack scale            |
 * |  36 i64 base stage id (-1: a full chunk; else a delta against chunk  |
 * |     of the same index in that stage's segment)   44 u32 reserved     |
 * +----------------------------------------------------------------------+
 * | trailer, the last 24 bytes:                                          |
 * |   0 u64 footer offset   8 u32 chunk count   12 u32 CRC32C of footer  |
 * |  16 "SSGE"   20 u32 reserved                                         |
 * +----------------------------------------------------------------------+
 * </pre>
 * A reader finds everything from the trailer; each chunk carries its own CRCs.
 */
public final class SegmentFormat {
    private SegmentFormat() {
    }

    public static final int MAGIC = 0x31475353;          // "SSG1"
    public static final int TRAILER_MAGIC = 0x45475353;  // "SSGE"
    public static final byte VERSION = 1;
    public static final int HEADER_LENGTH = 8;

    public static final int ENTRY_LENGTH = 48;
    public static final int ENTRY_OFFSET = 0;
    public static final int ENTRY_LENGTH_FIELD = 8;
    public static final int ENTRY_BLOCKS = 12;
    public static final int ENTRY_MIN_SLACK = 16;
    public static final int ENTRY_MAX_SLACK = 24;
    public static final int ENTRY_SLACK_SCALE = 32;
    public static final int ENTRY_BASE_STAGE = 36;

    public static final int TRAILER_LENGTH = 24;
    public static final int TRAILER_FOOTER_OFFSET = 0;
    public static final int TRAILER_CHUNK_COUNT = 8;
    public static final int TRAILER_FOOTER_CRC = 12;
    public static final int TRAILER_MAGIC_OFFSET = 16;

    /** The segment file's name inside its stage directory. */
    public static final String FILE_NAME = "data.seg";
}

package io.stadb.engine;

/**
 * The byte layout of a stage's path index {@code stages/<id>/paths.idx}: one fixed-width record per path
 * (a path block, a JSON check, or one row of an end/summary/slack_only table) in input order, so a query
 * reads headers, filters and sorts without decoding the columnar chunks. Derived data: it can always be
 * rebuilt from the segment (a writer rebuilds a missing one on open). Little-endian.
 *
 * <pre>
 *  0        4        5                8                12               16
 * +--------+--------+----------------+----------------+----------------+
 * | "SPX1" | version|   reserved     | record length  | sort run length|
 * +--------+--------+----------------+----------------+----------------+
 * | records, RECORD_LENGTH bytes each, from offset 16:                  |
 * |   0 i64 slack     8 i64 arrival    16 i64 required                  |
 * |     (fixed point, 10^-6 of the report's time unit; JSON seconds are |
 * |      taken as 10^9 ns; NO_TIME when not printed)                    |
 * |  24 i32 startpoint name id   28 i32 endpoint name id                |
 * |  32 i32 path group name id   36 i32 corner name id                  |
 * |  40 i32 mode name id         (name ids: the store's NameDictionary, |
 * |                               -1 when absent)                       |
 * |  44 u8 min/max (0 none, 1 max, 2 min)   45 u8 PathStatus ordinal     |
 * |  46 u8 startpoint PinKind    47 u8 endpoint PinKind                  |
 * |  48 i32 block index in the stage (input order)                      |
 * |  52 i32 row in the block (a table row; -1 for a whole-block path)    |
 * +---------------------------------------------------------------------+
 * | order: record count x u32 ordinal, the records sorted by (slack,    |
 * |   ordinal), NO_TIME last: worst-N is its head, a cursor a binary    |
 * |   search into it                                                    |
 * +---------------------------------------------------------------------+
 * | trailer, the last 32 bytes:                                         |
 * |   0 u64 order offset   8 u64 record count   16 u32 reserved         |
 * |  20 u32 CRC32C of everything before the trailer   24 "SPXE"        |
 * |  28 u32 reserved                                                    |
 * +---------------------------------------------------------------------+
 * </pre>
 */
public final class PathIndexFormat {
    private PathIndexFormat() {
    }

    public static final String FILE_NAME = "paths.idx";
    public static final int MAGIC = 0x31585053;          // "SPX1"
    public static final int TRAILER_MAGIC = 0x45585053;  // "SPXE"
    public static final byte VERSION = 2;
    public static final int HEADER_LENGTH = 16;
    public static final int HEADER_RECORD_LENGTH = 8;
    public static final int HEADER_RUN_LENGTH = 12;

    public static final int RECORD_LENGTH = 56;
    public static final int SLACK = 0;
    public static final int ARRIVAL = 8;
    public static final int REQUIRED = 16;
    public static final int STARTPOINT = 24;
    public static final int ENDPOINT = 28;
    public static final int GROUP = 32;
    public static final int CORNER = 36;
    public static final int MODE = 40;
    public static final int MIN_MAX = 44;
    public static final int STATUS = 45;
    public static final int START_KIND = 46;
    public static final int END_KIND = 47;
    public static final int BLOCK = 48;
    public static final int ROW = 52;

    /** Records the writer sorts in memory at a time before merging (bounds its memory). */
    public static final int RUN_LENGTH = 4096;
    public static final int ORDER_ENTRY = 4;

    public static final int TRAILER_LENGTH = 32;
    public static final int TRAILER_ORDER_OFFSET = 0;
    public static final int TRAILER_RECORD_COUNT = 8;
    public static final int TRAILER_CRC = 20;
    public static final int TRAILER_MAGIC_OFFSET = 24;

    /**
     * Paths one stage can hold: readers map the index as one buffer of at most 2 GiB (about 35.7 M
     * paths). The writer refuses more with a clear error rather than write a file no reader can map.
     */
    public static final long MAX_RECORDS = (Integer.MAX_VALUE - HEADER_LENGTH - 32L) / (RECORD_LENGTH + 4);

    /** Time columns: fixed point with this many fraction digits of the report's unit. */
    public static final int TIME_DIGITS = 6;
    /** A time that was not printed (unconstrained paths, short format); sorts after every real value. */
    public static final long NO_TIME = Long.MAX_VALUE;
    public static final long POS_INF = Long.MAX_VALUE - 1;
    public static final long NEG_INF = Long.MIN_VALUE + 1;

    public static final byte MAX = 1;
    public static final byte MIN = 2;
}

package io.stadb.engine;

/**
 * The byte layout of a stage's path index {@code stages/<id>/paths.idx}: each path's header fields (a path
 * block, a JSON check, or one row of an end/summary/slack_only table) in input order, so a query reads
 * headers, filters and sorts without decoding the columnar chunks. Derived data: it can always be rebuilt
 * from the segment (a writer rebuilds a missing or older-version one on open). Little-endian.
 *
 * <p>Version 3 packs the records: version 2 spent a fixed 56-byte record per path, 80-90 % of a store,
 * while a page of neighbouring paths usually shares its group, corner, mode and kinds and prints its
 * times with 2-4 digits. Paths are cut into pages of {@link #PAGE_LENGTH}; within a page each column is
 * frame-of-reference coded at one width, described by a fixed-size directory entry, so any field of any
 * path is still one directory read plus one unaligned 64-bit read. A page stores its paths record-major
 * (a path's codes side by side, about 6 bytes on generated reports) rather than column-major: a query
 * reads paths in slack order, one random path at a time, all its fields, and one record is one cache
 * miss where a dozen column runs were five (worst-first reads of every field of 1M paths: 240 -> 100-117
 * ns per path; version 2's 56-byte records: 47-57).
 *
 * <pre>
 *  0        4        5                8                12               16
 * +--------+--------+----------------+----------------+----------------+
 * | "SPX1" | version|   reserved     | page length    | column count    |
 * +--------+--------+----------------+----------------+----------------+
 * | pages, from offset 16, back to back: for each page (PAGE_LENGTH     |
 * |   paths, the last one shorter) its records, each R bits: the path's |
 * |   codes, column after column at the page's widths, no padding       |
 * |   (PackedBits: bit k of the page is bit k % 8 of byte k / 8;        |
 * |   ceil(n * R / 8) bytes; a width-0 column takes no bits)            |
 * +---------------------------------------------------------------------+
 * | directory, at the trailer's offset: page count x COLUMNS entries of |
 * |   DIRECTORY_ENTRY bytes, page-major:                                |
 * |   0 i64 base                                                        |
 * |   8 u64 locator, one read for all the decoder needs:                |
 * |     bits  0-35 file bit address of the column in the page's first   |
 * |                record (records offset * 8 + the bits of the         |
 * |                columns before it)                                   |
 * |     bits 36-44 R, the page's record bits (sum of widths, <= 447)    |
 * |     bits 45-51 width (0-64)   52-56 decimal exponent e (0-18)       |
 * |     bits 57-60 flags          61-63 zero                            |
 * |   path j of the page, column c: code at bit address + j * R,        |
 * |   value = base + code * 10^e                                        |
 * |        (+ j               if F_PLUS_INDEX)                          |
 * |        (+ arrival + slack if F_ARRIVAL_PLUS_SLACK, required only)   |
 * |        (+ arrival - slack if F_ARRIVAL_MINUS_SLACK, required only)  |
 * |      (the sums wrap; a prediction with an absent term is 0);        |
 * |   code 0 is the column's absent value if F_ABSENT (NO_TIME for      |
 * |   times, -1 for name ids and row) and base then is min - 10^e       |
 * +---------------------------------------------------------------------+
 * | columns (COL_*), value meaning as in version 2:                     |
 * |   0 slack  1 arrival  2 required: fixed point, 10^-6 of the report's|
 * |     time unit; JSON seconds are taken as 10^9 ns; NO_TIME when not  |
 * |     printed                                                         |
 * |   3 startpoint 4 endpoint 5 path group 6 corner 7 mode: name ids    |
 * |     (the store's NameDictionary, -1 when absent)                    |
 * |   8 min/max (0 none, 1 max, 2 min)  9 PathStatus ordinal            |
 * |  10 startpoint PinKind  11 endpoint PinKind                         |
 * |  12 block index in the stage (input order)                          |
 * |  13 row in the block (a table row; -1 for a whole-block path)       |
 * +---------------------------------------------------------------------+
 * | order: record count ordinals packed at ceil(log2(count)) bits, the  |
 * |   records sorted by (slack, ordinal), NO_TIME last: worst-N is its  |
 * |   head, a cursor a binary search into it                            |
 * +---------------------------------------------------------------------+
 * | trailer, the last 32 bytes:                                         |
 * |   0 u64 order offset   8 u64 record count                           |
 * |  16 u32 directory offset                                            |
 * |  20 u32 CRC32C of everything before the trailer   24 "SPXE"         |
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
    public static final byte VERSION = 3;
    public static final int HEADER_LENGTH = 16;
    public static final int HEADER_VERSION = 4;
    public static final int HEADER_PAGE_LENGTH = 8;
    public static final int HEADER_COLUMNS = 12;

    /** Paths per page; a power of two so a path's page is a shift. Also the writer's sort run. */
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_LENGTH = 1 << PAGE_SHIFT;
    /** Records the writer sorts in memory at a time before merging (bounds its memory). */
    public static final int RUN_LENGTH = PAGE_LENGTH;

    public static final int COL_SLACK = 0;
    public static final int COL_ARRIVAL = 1;
    public static final int COL_REQUIRED = 2;
    public static final int COL_STARTPOINT = 3;
    public static final int COL_ENDPOINT = 4;
    public static final int COL_GROUP = 5;
    public static final int COL_CORNER = 6;
    public static final int COL_MODE = 7;
    public static final int COL_MIN_MAX = 8;
    public static final int COL_STATUS = 9;
    public static final int COL_START_KIND = 10;
    public static final int COL_END_KIND = 11;
    public static final int COL_BLOCK = 12;
    public static final int COL_ROW = 13;
    public static final int COLUMNS = 14;

    public static final int DIRECTORY_ENTRY = 16;
    public static final int DIR_BASE = 0;
    public static final int DIR_LOCATOR = 8;
    /** Locator fields: shifts and widths in bits (the bit address is the low LOC_ADDRESS_BITS). */
    public static final int LOC_ADDRESS_BITS = 36;
    public static final int LOC_RECORD_BITS = 36;
    public static final int LOC_WIDTH = 45;
    public static final int LOC_EXPONENT = 52;
    public static final int LOC_FLAGS = 57;
    public static final long LOC_ADDRESS_MASK = (1L << LOC_ADDRESS_BITS) - 1;
    public static final int LOC_RECORD_BITS_MASK = 0x1ff;
    public static final int LOC_WIDTH_MASK = 0x7f;
    public static final int LOC_EXPONENT_MASK = 0x1f;
    public static final int LOC_FLAGS_MASK = 0xf;
    /** One page's entries. */
    public static final int PAGE_DIRECTORY = COLUMNS * DIRECTORY_ENTRY;

    public static final int F_ABSENT = 1;
    public static final int F_PLUS_INDEX = 2;
    public static final int F_ARRIVAL_PLUS_SLACK = 4;
    public static final int F_ARRIVAL_MINUS_SLACK = 8;
    /** Largest decimal exponent: 10^18 is the largest power of ten in a long. */
    public static final int MAX_EXPONENT = 18;

    public static final int TRAILER_LENGTH = 32;
    public static final int TRAILER_ORDER_OFFSET = 0;
    public static final int TRAILER_RECORD_COUNT = 8;
    public static final int TRAILER_DIRECTORY_OFFSET = 16;
    public static final int TRAILER_CRC = 20;
    public static final int TRAILER_MAGIC_OFFSET = 24;

    /**
     * The most bits one path's columns can take: 3 times at 64, 5 name ids at 32 (0..2^31-1 plus the
     * absent code), 4 byte columns at 8, block at 31 (a non-negative int) and row at 32. A predicted
     * column is only stored when it packs narrower than its plain values.
     */
    public static final int MAX_RECORD_BITS = 3 * 64 + 5 * 32 + 4 * 8 + 31 + 32;

    /**
     * Paths one stage can hold: readers map the index as one buffer of at most 2 GiB, and directory
     * entries hold 32-bit offsets. Bounded by the worst case (every column at its widest, 4-byte
     * ordinals, a directory byte per path, which covers 224 bytes per 4096 paths), about 35.2 M paths;
     * real stages pack to a sixth of that. The writer refuses more with a clear error rather than write a
     * file no reader can map.
     */
    public static final long MAX_RECORDS = (Integer.MAX_VALUE - HEADER_LENGTH - TRAILER_LENGTH - 2L * PAGE_DIRECTORY
        - COLUMNS) / ((MAX_RECORD_BITS + 7) / 8 + 4 + 1);

    /** Time columns: fixed point with this many fraction digits of the report's unit. */
    public static final int TIME_DIGITS = 6;
    /** A time that was not printed (unconstrained paths, short format); sorts after every real value. */
    public static final long NO_TIME = Long.MAX_VALUE;
    public static final long POS_INF = Long.MAX_VALUE - 1;
    public static final long NEG_INF = Long.MIN_VALUE + 1;

    public static final byte MAX = 1;
    public static final byte MIN = 2;

    /**
     * The value code 0 stands for in a page with {@link #F_ABSENT}, per column; {@code Long.MIN_VALUE}
     * for columns that never lack a value (no int or byte column holds it).
     */
    public static long absentValue(int column) {
        if (column <= COL_REQUIRED) {
            return NO_TIME;
        }
        if (column <= COL_MODE || column == COL_ROW) {
            return -1;
        }
        return Long.MIN_VALUE;
    }

    /**
     * The required time a page's {@link #F_ARRIVAL_PLUS_SLACK} or {@link #F_ARRIVAL_MINUS_SLACK} flag
     * predicts from the path's arrival and slack: wrapping, and 0 when either is {@link #NO_TIME}.
     */
    public static long predictRequired(int flags, long arrival, long slack) {
        if (arrival == NO_TIME || slack == NO_TIME) {
            return 0;
        }
        return (flags & F_ARRIVAL_PLUS_SLACK) != 0 ? arrival + slack : arrival - slack;
    }

    /** A directory entry's locator (see the layout above). */
    public static long locator(long bitAddress, int recordBits, int width, int exponent, int flags) {
        return bitAddress | (long) recordBits << LOC_RECORD_BITS | (long) width << LOC_WIDTH
            | (long) exponent << LOC_EXPONENT | (long) flags << LOC_FLAGS;
    }

    /** Bits per ordinal in the order section of {@code records} paths. */
    public static int ordinalBits(long records) {
        return records <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(records - 1);
    }
}

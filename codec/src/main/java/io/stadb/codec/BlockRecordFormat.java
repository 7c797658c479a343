package io.stadb.codec;

/**
 * The byte layout of one block record, as a stage journal stores it (one record per block). All
 * integers are little-endian; {@code var} is an unsigned LEB128 varint, {@code zvar} a zigzag one.
 *
 * <pre>
 *  0               1               2               3
 *  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 * +---------------+---------------+-------------------------------+
 * |   version     |  block kind   |          block flags          |  0
 * +---------------+---------------+-------------------------------+
 * |                          row count                            |  4
 * +---------------------------------------------------------------+
 * |                  source byte offset (i64)                     |  8
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                  source line number (i64)                     | 16
 * |                                                               |
 * +---------------+---------------+-------------------------------+
 * |    digits     |  field mask   |  width[FANOUT] | width[CAP]   | 24
 * +---------------+---------------+---------------+---------------+
 * | width[SLEW]   | width[DELAY]  | width[VAR]    | width[TIME]   | 28
 * +---------------+---------------+---------------+---------------+
 * |  rows: row count times                                        | 32
 * |    u8 kind, u8 flags, u8 edge, u8 number mask (bit c = column |
 * |    c is not blank), zvar per set bit, var name length + bytes,|
 * |    [var aux length + bytes if F_AUX], [extra likewise]        |
 * +---------------------------------------------------------------+
 * |                 CRC32C of bytes [0, end - 4)                  | end - 4
 * +---------------------------------------------------------------+
 * </pre>
 * Blank cells cost nothing (the number mask), so a typical path line costs its numbers and its name.
 */
public final class BlockRecordFormat {
    private BlockRecordFormat() {
    }

    public static final byte VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int KIND_OFFSET = 1;
    public static final int FLAGS_OFFSET = 2;
    public static final int ROW_COUNT_OFFSET = 4;
    public static final int SOURCE_OFFSET_OFFSET = 8;
    public static final int SOURCE_LINE_OFFSET = 16;
    public static final int DIGITS_OFFSET = 24;
    public static final int FIELD_MASK_OFFSET = 25;
    public static final int WIDTHS_OFFSET = 26;
    public static final int HEADER_LENGTH = 32;
    public static final int CRC_LENGTH = 4;
    /** Longest dash line or JSON indent a record may ask the renderer for (a line-length bound). */
    public static final int MAX_RUN_LENGTH = 1 << 20;
    /** The fewest bytes a row can take: kind, flags, edge, mask, name length. */
    public static final int MIN_ROW_LENGTH = 5;
}

package io.stadb.codec;

import static io.stadb.codec.BlockRecordFormat.*;

import java.nio.ByteOrder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/** Encodes a {@link ReportBlock} as a {@link BlockRecordFormat} record. Reusable, single-threaded. */
public final class BlockRecordWriter {
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final Crc32c crc = new Crc32c();
    private int length;

    /** Encodes {@code b}; the record is then {@link #buffer()} bytes [0, {@link #length()}). */
    public int write(ReportBlock b) {
        MutableDirectBuffer buf = buffer;
        buf.putByte(VERSION_OFFSET, VERSION);
        buf.putByte(KIND_OFFSET, b.kind().code());
        buf.putShort(FLAGS_OFFSET, (short) b.flags(), ByteOrder.LITTLE_ENDIAN);
        buf.putInt(ROW_COUNT_OFFSET, b.rowCount(), ByteOrder.LITTLE_ENDIAN);
        buf.putLong(SOURCE_OFFSET_OFFSET, b.sourceOffset(), ByteOrder.LITTLE_ENDIAN);
        buf.putLong(SOURCE_LINE_OFFSET, b.sourceLine(), ByteOrder.LITTLE_ENDIAN);
        Layout l = b.layout();
        checkByte(l.digits(), "digits");
        for (int c = 0; c < Col.COUNT; c++) {
            checkByte(l.width(c), "width");
        }
        buf.putByte(DIGITS_OFFSET, (byte) l.digits());
        buf.putByte(FIELD_MASK_OFFSET, (byte) l.fieldMask());
        for (int c = 0; c < Col.COUNT; c++) {
            buf.putByte(WIDTHS_OFFSET + c, (byte) l.width(c));
        }
        int p = HEADER_LENGTH;
        byte[] arena = b.arena();
        // Rows are written straight into the array (room for the row's worst case made first): through
        // the buffer, every byte paid a capacity check, and the journal record was ~10 % of the writer.
        byte[] a = buffer.byteArray();
        for (int r = 0, n = b.rowCount(); r < n; r++) {
            byte flags = b.rowFlags(r);
            int room = p + 4 + Col.COUNT * 10 + 3 * 5 + b.nameLen(r)
                + ((flags & RowKind.F_AUX) != 0 ? b.auxLen(r) : 0) + ((flags & RowKind.F_EXTRA) != 0 ? b.extraLen(r) : 0);
            if (room > a.length) {
                buffer.checkLimit(room);
                a = buffer.byteArray();
            }
            a[p++] = b.rowKind(r);
            a[p++] = flags;
            a[p++] = b.edge(r);
            int maskAt = p++;
            int mask = 0;
            for (int c = 0; c < Col.COUNT; c++) {
                long v = b.num(r, c);
                if (v != Num.BLANK) {
                    mask |= 1 << c;
                    p = putVar(a, p, (v << 1) ^ (v >> 63));
                }
            }
            a[maskAt] = (byte) mask;
            p = putText(a, p, arena, b.nameOff(r), b.nameLen(r));
            if ((flags & RowKind.F_AUX) != 0) {
                p = putText(a, p, arena, b.auxOff(r), b.auxLen(r));
            }
            if ((flags & RowKind.F_EXTRA) != 0) {
                p = putText(a, p, arena, b.extraOff(r), b.extraLen(r));
            }
        }
        buf.putInt(p, crc.compute(buffer.byteArray(), 0, p), ByteOrder.LITTLE_ENDIAN);
        length = p + CRC_LENGTH;
        return length;
    }

    /** {@link Varint#put} into an array with room for it. */
    private static int putVar(byte[] a, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            a[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        return p;
    }

    /** Layout numbers are stored in a byte: a value that does not fit would come back changed. */
    private static void checkByte(int v, String what) {
        if (v < 0 || v > 255) {
            throw new StadbException("layout " + what + " " + v + " does not fit the block record format");
        }
    }

    private static int putText(byte[] a, int p, byte[] src, int off, int len) {
        p = putVar(a, p, len);
        System.arraycopy(src, off, a, p, len);
        return p + len;
    }

    /** The backing array: the record is its first {@link #length()} bytes. */
    public byte[] buffer() {
        return buffer.byteArray();
    }

    public int length() {
        return length;
    }
}

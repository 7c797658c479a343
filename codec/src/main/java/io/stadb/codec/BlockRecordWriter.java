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
        for (int r = 0, n = b.rowCount(); r < n; r++) {
            byte flags = b.rowFlags(r);
            buf.putByte(p++, b.rowKind(r));
            buf.putByte(p++, flags);
            buf.putByte(p++, b.edge(r));
            int maskAt = p++;
            int mask = 0;
            for (int c = 0; c < Col.COUNT; c++) {
                long v = b.num(r, c);
                if (v != Num.BLANK) {
                    mask |= 1 << c;
                    p = Varint.putZigZag(buf, p, v);
                }
            }
            buf.putByte(maskAt, (byte) mask);
            p = putText(buf, p, arena, b.nameOff(r), b.nameLen(r));
            if ((flags & RowKind.F_AUX) != 0) {
                p = putText(buf, p, arena, b.auxOff(r), b.auxLen(r));
            }
            if ((flags & RowKind.F_EXTRA) != 0) {
                p = putText(buf, p, arena, b.extraOff(r), b.extraLen(r));
            }
        }
        buf.putInt(p, crc.compute(buf.byteArray(), 0, p), ByteOrder.LITTLE_ENDIAN);
        length = p + CRC_LENGTH;
        return length;
    }

    /** Layout numbers are stored in a byte: a value that does not fit would come back changed. */
    private static void checkByte(int v, String what) {
        if (v < 0 || v > 255) {
            throw new StadbException("layout " + what + " " + v + " does not fit the block record format");
        }
    }

    private static int putText(MutableDirectBuffer buf, int p, byte[] src, int off, int len) {
        p = Varint.put(buf, p, len);
        buf.putBytes(p, src, off, len);
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

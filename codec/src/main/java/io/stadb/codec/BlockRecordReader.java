package io.stadb.codec;

import static io.stadb.codec.BlockRecordFormat.*;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes {@link BlockRecordFormat} records into a reusable {@link ReportBlock}. Every length is checked
 * against the bytes that are there, and the CRC first, so bad bytes give a {@link CorruptBlockException}
 * naming the offset, never an OOM or a wrong block.
 */
public final class BlockRecordReader {
    private final Crc32c crc = new Crc32c();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final Varint.Cursor cur = new Varint.Cursor();
    private byte[] scratch = new byte[256];

    /** Decodes {@code src[off, off + len)} into {@code into}. {@code where} names the record in errors. */
    public ReportBlock read(byte[] src, int off, int len, ReportBlock into, String where) {
        view.wrap(src, off, len);
        return read(view, 0, len, into, where);
    }

    /** Decodes the record at {@code buf[off, off + len)} (works on mmap'd memory too). */
    public ReportBlock read(DirectBuffer buf, int off, int len, ReportBlock into, String where) {
        if (len < HEADER_LENGTH + CRC_LENGTH) {
            throw new CorruptBlockException(where, off, "record of " + len + " bytes is shorter than its header");
        }
        int end = off + len - CRC_LENGTH;
        int stored = buf.getInt(end, ByteOrder.LITTLE_ENDIAN);
        int actual = crc.compute(buf, off, end - off);
        if (stored != actual) {
            throw new CorruptBlockException(where, end, String.format(
                "CRC32C mismatch: stored %08x, computed %08x", stored, actual));
        }
        byte version = buf.getByte(off + VERSION_OFFSET);
        if (version != VERSION) {
            throw new CorruptBlockException(where, off, "unsupported block record version " + version);
        }
        BlockKind kind = BlockKind.ofCode(buf.getByte(off + KIND_OFFSET));
        if (kind == null) {
            throw new CorruptBlockException(where, off + KIND_OFFSET, "unknown block kind "
                + buf.getByte(off + KIND_OFFSET));
        }
        int rows = buf.getInt(off + ROW_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (rows < 0 || (long) rows * MIN_ROW_LENGTH > end - off - HEADER_LENGTH) {
            throw new CorruptBlockException(where, off + ROW_COUNT_OFFSET, "row count " + rows
                + " does not fit in " + (end - off - HEADER_LENGTH) + " bytes");
        }
        into.clear(kind);
        into.setFlags(buf.getShort(off + FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xffff);
        into.setSource(buf.getLong(off + SOURCE_OFFSET_OFFSET, ByteOrder.LITTLE_ENDIAN),
            buf.getLong(off + SOURCE_LINE_OFFSET, ByteOrder.LITTLE_ENDIAN));
        Layout l = into.layout();
        l.setDigits(buf.getByte(off + DIGITS_OFFSET) & 0xff);
        l.setFieldMask(buf.getByte(off + FIELD_MASK_OFFSET) & 0xff);
        for (int c = 0; c < Col.COUNT; c++) {
            l.setWidth(c, buf.getByte(off + WIDTHS_OFFSET + c) & 0xff);
        }
        cur.reset(buf, off + HEADER_LENGTH, end, where);
        for (int i = 0; i < rows; i++) {
            int rowStart = cur.position();
            cur.require(4);
            byte kindByte = cur.byteAt();
            if (kindByte < 0 || kindByte >= RowKind.COUNT) {
                throw new CorruptBlockException(where, rowStart, "unknown row kind " + kindByte + " in row " + i);
            }
            int r = into.addRow(kindByte);
            byte flags = cur.byteAt();
            byte edge = cur.byteAt();
            int mask = cur.byteAt();
            into.setEdge(r, edge);
            for (int c = 0; c < Col.COUNT; c++) {
                if ((mask & (1 << c)) != 0) {
                    long v = cur.zigZag();
                    if (v == Num.BLANK) {
                        throw new CorruptBlockException(where, cur.position(), "blank value stored as present");
                    }
                    into.setNum(r, c, v);
                }
            }
            if ((kindByte == RowKind.DASH || kindByte == RowKind.JSON_LINE)
                && (into.num(r, Col.LENGTH) < 0 || into.num(r, Col.LENGTH) > BlockRecordFormat.MAX_RUN_LENGTH)) {
                throw new CorruptBlockException(where, rowStart, "run length " + into.num(r, Col.LENGTH)
                    + " out of range in row " + i);
            }
            readText(r, 0, into);
            if ((flags & RowKind.F_AUX) != 0) {
                readText(r, 1, into);
            }
            if ((flags & RowKind.F_EXTRA) != 0) {
                readText(r, 2, into);
            }
            into.setRowFlags(r, flags);
        }
        if (cur.position() != end) {
            throw new CorruptBlockException(where, cur.position(), (end - cur.position())
                + " bytes left after the last row");
        }
        into.deriveFacts();
        return into;
    }

    private void readText(int r, int slot, ReportBlock into) {
        int len = cur.length();
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        cur.bytes(scratch, len);
        switch (slot) {
            case 0 -> into.setName(r, scratch, 0, len);
            case 1 -> into.setAux(r, scratch, 0, len);
            default -> into.setExtra(r, scratch, 0, len);
        }
    }
}

package io.stadb.engine.internal;

import static io.stadb.engine.PathIndexFormat.*;

import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes one {@link io.stadb.engine.PathIndexFormat} file: records a zone at a time (one zone of records
 * in memory), then zone map and trailer, fsync'd. Single-threaded, like the stage writer that owns it.
 */
public final class PathIndexWriter implements AutoCloseable {
    private final FileIo io;
    private final Path file;
    private final FileChannel channel;
    private final byte[] zone = new byte[ZONE_RECORDS * RECORD_LENGTH];
    private final UnsafeBuffer zoneBuf = new UnsafeBuffer(zone);
    private final ExpandableArrayBuffer zoneMap = new ExpandableArrayBuffer(1024);
    private final CRC32C crc = new CRC32C();
    private int inZone;
    private int zones;
    private long records;
    private long position;
    private long zoneMin = Long.MAX_VALUE;
    private long zoneMax = Long.MIN_VALUE;

    public PathIndexWriter(FileIo io, Path file) throws IOException {
        this.io = io;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] header = new byte[HEADER_LENGTH];
        UnsafeBuffer h = new UnsafeBuffer(header);
        h.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        h.putByte(4, VERSION);
        h.putInt(HEADER_RECORD_LENGTH, RECORD_LENGTH, ByteOrder.LITTLE_ENDIAN);
        h.putInt(HEADER_ZONE_RECORDS, ZONE_RECORDS, ByteOrder.LITTLE_ENDIAN);
        writeChecked(header, header.length);
    }

    void add(PathIndexRecord r) throws IOException {
        int o = inZone * RECORD_LENGTH;
        zoneBuf.putLong(o + SLACK, r.slack, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putLong(o + ARRIVAL, r.arrival, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putLong(o + REQUIRED, r.required, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putInt(o + STARTPOINT, r.startpoint, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putInt(o + ENDPOINT, r.endpoint, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putInt(o + GROUP, r.group, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putInt(o + CORNER, r.corner, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putInt(o + MODE, r.mode, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putByte(o + MIN_MAX, r.minMax);
        zoneBuf.putByte(o + STATUS, r.status);
        zoneBuf.putByte(o + START_KIND, r.startKind);
        zoneBuf.putByte(o + END_KIND, r.endKind);
        zoneBuf.putInt(o + BLOCK, r.block, ByteOrder.LITTLE_ENDIAN);
        zoneBuf.putInt(o + ROW, r.row, ByteOrder.LITTLE_ENDIAN);
        zoneMin = Math.min(zoneMin, r.slack);
        zoneMax = Math.max(zoneMax, r.slack);
        records++;
        if (++inZone == ZONE_RECORDS) {
            flushZone();
        }
    }

    private void flushZone() throws IOException {
        writeChecked(zone, inZone * RECORD_LENGTH);
        zoneMap.putLong(zones * ZONE_LENGTH + ZONE_MIN, zoneMin, ByteOrder.LITTLE_ENDIAN);
        zoneMap.putLong(zones * ZONE_LENGTH + ZONE_MAX, zoneMax, ByteOrder.LITTLE_ENDIAN);
        zones++;
        inZone = 0;
        zoneMin = Long.MAX_VALUE;
        zoneMax = Long.MIN_VALUE;
    }

    private void writeChecked(byte[] b, int len) throws IOException {
        byte[] out = len == b.length ? b : java.util.Arrays.copyOf(b, len);
        crc.update(out, 0, len);
        io.write(channel, out);
        position += len;
    }

    public long records() {
        return records;
    }

    /** Writes zone map and trailer and fsyncs: after this the file is complete and durable. */
    public void finish() throws IOException {
        if (inZone > 0) {
            flushZone();
        }
        long zoneOffset = position;
        byte[] tail = new byte[zones * ZONE_LENGTH + TRAILER_LENGTH];
        zoneMap.getBytes(0, tail, 0, zones * ZONE_LENGTH);
        crc.update(tail, 0, zones * ZONE_LENGTH);
        UnsafeBuffer t = new UnsafeBuffer(tail);
        int at = zones * ZONE_LENGTH;
        t.putLong(at + TRAILER_ZONE_OFFSET, zoneOffset, ByteOrder.LITTLE_ENDIAN);
        t.putLong(at + TRAILER_RECORD_COUNT, records, ByteOrder.LITTLE_ENDIAN);
        t.putInt(at + TRAILER_ZONE_COUNT, zones, ByteOrder.LITTLE_ENDIAN);
        t.putInt(at + TRAILER_CRC, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        t.putInt(at + TRAILER_MAGIC_OFFSET, TRAILER_MAGIC, ByteOrder.LITTLE_ENDIAN);
        io.write(channel, tail);
        io.force(channel);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package io.stadb.engine.internal;

import static io.stadb.engine.PathIndexFormat.*;

import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes one {@link io.stadb.engine.PathIndexFormat} file: records a run at a time (one run of records in
 * memory, its slacks sorted and spilled by a {@link SlackOrderBuilder}), then the merged order section
 * and the trailer, fsync'd. Single-threaded, like the stage writer that owns it.
 */
public final class PathIndexWriter implements AutoCloseable {
    private final FileIo io;
    private final Path file;
    private final FileChannel channel;
    private final byte[] runRecords = new byte[RUN_LENGTH * RECORD_LENGTH];
    private final UnsafeBuffer runBuf = new UnsafeBuffer(runRecords);
    private final long[] slacks = new long[RUN_LENGTH];
    private final SlackOrderBuilder order;
    private final CRC32C crc = new CRC32C();
    private int inRun;
    private long records;
    private long position;

    public PathIndexWriter(FileIo io, Path file) throws IOException {
        this.io = io;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] header = new byte[HEADER_LENGTH];
        UnsafeBuffer h = new UnsafeBuffer(header);
        h.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        h.putByte(4, VERSION);
        h.putInt(HEADER_RECORD_LENGTH, RECORD_LENGTH, ByteOrder.LITTLE_ENDIAN);
        h.putInt(HEADER_RUN_LENGTH, RUN_LENGTH, ByteOrder.LITTLE_ENDIAN);
        try {
            writeChecked(header, header.length);
            this.order = new SlackOrderBuilder(io, file.resolveSibling(file.getFileName() + ".sort"), RUN_LENGTH);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void add(PathIndexRecord r) throws IOException {
        if (records == MAX_RECORDS) {
            throw new io.stadb.codec.StadbException(file.toString(), -1, -1, "a stage holds at most " + MAX_RECORDS
                + " paths (its path index is mapped as one 2 GiB buffer): ingest the report as several stages", null);
        }
        int o = inRun * RECORD_LENGTH;
        runBuf.putLong(o + SLACK, r.slack, ByteOrder.LITTLE_ENDIAN);
        runBuf.putLong(o + ARRIVAL, r.arrival, ByteOrder.LITTLE_ENDIAN);
        runBuf.putLong(o + REQUIRED, r.required, ByteOrder.LITTLE_ENDIAN);
        runBuf.putInt(o + STARTPOINT, r.startpoint, ByteOrder.LITTLE_ENDIAN);
        runBuf.putInt(o + ENDPOINT, r.endpoint, ByteOrder.LITTLE_ENDIAN);
        runBuf.putInt(o + GROUP, r.group, ByteOrder.LITTLE_ENDIAN);
        runBuf.putInt(o + CORNER, r.corner, ByteOrder.LITTLE_ENDIAN);
        runBuf.putInt(o + MODE, r.mode, ByteOrder.LITTLE_ENDIAN);
        runBuf.putByte(o + MIN_MAX, r.minMax);
        runBuf.putByte(o + STATUS, r.status);
        runBuf.putByte(o + START_KIND, r.startKind);
        runBuf.putByte(o + END_KIND, r.endKind);
        runBuf.putInt(o + BLOCK, r.block, ByteOrder.LITTLE_ENDIAN);
        runBuf.putInt(o + ROW, r.row, ByteOrder.LITTLE_ENDIAN);
        slacks[inRun] = r.slack;
        records++;
        if (++inRun == RUN_LENGTH) {
            flushRun();
        }
    }

    private void flushRun() throws IOException {
        writeChecked(runRecords, inRun * RECORD_LENGTH);
        order.addRun(slacks, inRun, records - inRun);
        inRun = 0;
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

    /** Writes the order section and the trailer and fsyncs: after this the file is complete and durable. */
    public void finish() throws IOException {
        if (inRun > 0) {
            flushRun();
        }
        long orderOffset = position;
        order.merge(this::writeChecked);
        byte[] t = new byte[TRAILER_LENGTH];
        UnsafeBuffer tb = new UnsafeBuffer(t);
        tb.putLong(TRAILER_ORDER_OFFSET, orderOffset, ByteOrder.LITTLE_ENDIAN);
        tb.putLong(TRAILER_RECORD_COUNT, records, ByteOrder.LITTLE_ENDIAN);
        tb.putInt(TRAILER_CRC, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        tb.putInt(TRAILER_MAGIC_OFFSET, TRAILER_MAGIC, ByteOrder.LITTLE_ENDIAN);
        io.write(channel, t);
        io.force(channel);
    }

    public Path file() {
        return file;
    }

    /** Closes the file and deletes the sort scratch file (idempotent). */
    @Override
    public void close() throws IOException {
        try {
            order.close();
        } finally {
            channel.close();
        }
    }
}

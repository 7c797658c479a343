package io.stadb.engine.internal;

import static io.stadb.engine.SegmentFormat.*;

import io.stadb.codec.ChunkReader;
import io.stadb.codec.Crc32c;
import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.ExpandableArrayBuffer;

/** Writes one {@link io.stadb.engine.SegmentFormat} file: chunks as they come, then footer and trailer. */
public final class SegmentWriter implements AutoCloseable {
    private final FileIo io;
    private final Path file;
    private final FileChannel channel;
    private final ExpandableArrayBuffer footer = new ExpandableArrayBuffer(4096);
    private long position;
    private int chunks;

    public SegmentWriter(FileIo io, Path file) throws IOException {
        this.io = io;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] header = new byte[HEADER_LENGTH];
        org.agrona.concurrent.UnsafeBuffer h = new org.agrona.concurrent.UnsafeBuffer(header);
        h.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        h.putByte(4, VERSION);
        io.write(channel, header);
        position = HEADER_LENGTH;
    }

    /** Appends a chunk; {@code baseStage} is the stage its delta base lives in, or -1. */
    public void append(byte[] chunk, int length, ChunkReader header, long baseStage) throws IOException {
        // Readers map a segment as one buffer of at most 2 GiB; leave room for the footer and trailer.
        if (position + length + (long) (chunks + 1) * ENTRY_LENGTH + TRAILER_LENGTH > Integer.MAX_VALUE) {
            throw new io.stadb.codec.StadbException(file.toString(), -1, position, "a stage's segment is limited to"
                + " 2 GiB (readers map it as one buffer): ingest the report as several stages", null);
        }
        byte[] copy = length == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, length);
        io.write(channel, copy);
        int e = chunks * ENTRY_LENGTH;
        footer.putLong(e + ENTRY_OFFSET, position, ByteOrder.LITTLE_ENDIAN);
        footer.putInt(e + ENTRY_LENGTH_FIELD, length, ByteOrder.LITTLE_ENDIAN);
        footer.putInt(e + ENTRY_BLOCKS, header.blockCount(), ByteOrder.LITTLE_ENDIAN);
        footer.putLong(e + ENTRY_MIN_SLACK, header.minSlack(), ByteOrder.LITTLE_ENDIAN);
        footer.putLong(e + ENTRY_MAX_SLACK, header.maxSlack(), ByteOrder.LITTLE_ENDIAN);
        footer.putInt(e + ENTRY_SLACK_SCALE, header.slackScale(), ByteOrder.LITTLE_ENDIAN);
        footer.putLong(e + ENTRY_BASE_STAGE, baseStage, ByteOrder.LITTLE_ENDIAN);
        footer.putInt(e + 44, 0, ByteOrder.LITTLE_ENDIAN);
        position += length;
        chunks++;
    }

    public int chunkCount() {
        return chunks;
    }

    /** Writes footer and trailer and fsyncs: after this the file is complete and durable. */
    public long finish() throws IOException {
        int footerLength = chunks * ENTRY_LENGTH;
        byte[] f = new byte[footerLength + TRAILER_LENGTH];
        footer.getBytes(0, f, 0, footerLength);
        org.agrona.concurrent.UnsafeBuffer t = new org.agrona.concurrent.UnsafeBuffer(f);
        t.putLong(footerLength + TRAILER_FOOTER_OFFSET, position, ByteOrder.LITTLE_ENDIAN);
        t.putInt(footerLength + TRAILER_CHUNK_COUNT, chunks, ByteOrder.LITTLE_ENDIAN);
        t.putInt(footerLength + TRAILER_FOOTER_CRC, new Crc32c().compute(f, 0, footerLength), ByteOrder.LITTLE_ENDIAN);
        t.putInt(footerLength + TRAILER_MAGIC_OFFSET, TRAILER_MAGIC, ByteOrder.LITTLE_ENDIAN);
        io.write(channel, f);
        io.force(channel);
        position += f.length;
        return position;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

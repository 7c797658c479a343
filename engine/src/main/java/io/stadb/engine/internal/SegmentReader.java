package io.stadb.engine.internal;

import static io.stadb.engine.SegmentFormat.*;

import io.stadb.codec.ChunkReader;
import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.Crc32c;
import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A segment file mapped read-only. Checks the trailer and the footer's CRC on open; chunks are read in
 * place from the mapping (each chunk checks its own CRCs). {@link #close} unmaps at once.
 */
public final class SegmentReader implements AutoCloseable {
    private final FileIo io;
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int chunks;
    private final long footerOffset;

    public SegmentReader(FileIo io, Path file) throws IOException {
        this.io = io;
        this.file = file;
        this.mapped = io.mapReadOnly(file);
        try {
            this.buffer = new UnsafeBuffer(mapped);
            long size = buffer.capacity();
            String where = file.toString();
            if (size < HEADER_LENGTH + TRAILER_LENGTH || buffer.getInt(0, ByteOrder.LITTLE_ENDIAN) != MAGIC) {
                throw new CorruptBlockException(where, 0, "not a stadb segment");
            }
            if (buffer.getByte(4) != VERSION) {
                throw new CorruptBlockException(where, 4, "unsupported segment version " + buffer.getByte(4));
            }
            int t = (int) (size - TRAILER_LENGTH);
            if (buffer.getInt(t + TRAILER_MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != TRAILER_MAGIC) {
                throw new CorruptBlockException(where, t, "segment trailer missing (file cut short?)");
            }
            footerOffset = buffer.getLong(t + TRAILER_FOOTER_OFFSET, ByteOrder.LITTLE_ENDIAN);
            chunks = buffer.getInt(t + TRAILER_CHUNK_COUNT, ByteOrder.LITTLE_ENDIAN);
            if (chunks < 0 || footerOffset < HEADER_LENGTH || footerOffset + (long) chunks * ENTRY_LENGTH != t) {
                throw new CorruptBlockException(where, t, "segment trailer does not match the file size");
            }
            int crc = new Crc32c().compute(buffer, (int) footerOffset, chunks * ENTRY_LENGTH);
            if (crc != buffer.getInt(t + TRAILER_FOOTER_CRC, ByteOrder.LITTLE_ENDIAN)) {
                throw new CorruptBlockException(where, footerOffset, "segment footer CRC32C mismatch");
            }
            for (int i = 0; i < chunks; i++) {
                long off = chunkOffset(i);
                int len = chunkLength(i);
                if (off < HEADER_LENGTH || len < 0 || off + len > footerOffset) {
                    throw new CorruptBlockException(where, entry(i), "chunk " + i + " lies outside the segment");
                }
            }
        } catch (RuntimeException e) {
            io.unmap(mapped);
            throw e;
        }
    }

    private int entry(int i) {
        return (int) footerOffset + i * ENTRY_LENGTH;
    }

    /** The file's size in bytes. */
    public long size() {
        return buffer.capacity();
    }

    public int chunkCount() {
        return chunks;
    }

    public long chunkOffset(int i) {
        return buffer.getLong(entry(i) + ENTRY_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int chunkLength(int i) {
        return buffer.getInt(entry(i) + ENTRY_LENGTH_FIELD, ByteOrder.LITTLE_ENDIAN);
    }

    public int blocks(int i) {
        return buffer.getInt(entry(i) + ENTRY_BLOCKS, ByteOrder.LITTLE_ENDIAN);
    }

    /** The stage whose chunk {@code i} this chunk is a delta of, or -1. */
    public long baseStage(int i) {
        return buffer.getLong(entry(i) + ENTRY_BASE_STAGE, ByteOrder.LITTLE_ENDIAN);
    }

    public long minSlack(int i) {
        return buffer.getLong(entry(i) + ENTRY_MIN_SLACK, ByteOrder.LITTLE_ENDIAN);
    }

    public long maxSlack(int i) {
        return buffer.getLong(entry(i) + ENTRY_MAX_SLACK, ByteOrder.LITTLE_ENDIAN);
    }

    /** Opens chunk {@code i} in place, on the mapping. */
    public ChunkReader open(int i, ChunkReader reader) {
        return reader.open(buffer, (int) chunkOffset(i), chunkLength(i), file + "#chunk" + i);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        io.unmap(mapped);
    }
}

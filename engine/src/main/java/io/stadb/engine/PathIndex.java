package io.stadb.engine;

import static io.stadb.engine.PathIndexFormat.*;

import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.PathStatus;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stage's path index ({@link PathIndexFormat}) mapped read-only: record {@code i} is the stage's
 * {@code i}-th path in input order. Opening checks the header and trailer; {@link #checkCrc} reads it
 * all. Not thread-safe to close while another thread reads; each reader thread may use its own.
 */
public final class PathIndex implements AutoCloseable {
    private final FileIo io;
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buf;
    private final long records;
    private final long orderOffset;

    PathIndex(FileIo io, Path file) throws IOException {
        this.io = io;
        this.file = file;
        this.mapped = io.mapReadOnly(file);
        try {
            buf = new UnsafeBuffer(mapped);
            long size = buf.capacity();
            String where = file.toString();
            if (size < HEADER_LENGTH + TRAILER_LENGTH || buf.getInt(0, ByteOrder.LITTLE_ENDIAN) != MAGIC) {
                throw new CorruptBlockException(where, 0, "not a stadb path index");
            }
            if (buf.getByte(4) != VERSION || buf.getInt(HEADER_RECORD_LENGTH, ByteOrder.LITTLE_ENDIAN) != RECORD_LENGTH) {
                throw new CorruptBlockException(where, 4, "unsupported path index version or layout");
            }
            int t = (int) (size - TRAILER_LENGTH);
            if (buf.getInt(t + TRAILER_MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != TRAILER_MAGIC) {
                throw new CorruptBlockException(where, t, "path index trailer missing (file cut short?)");
            }
            orderOffset = buf.getLong(t + TRAILER_ORDER_OFFSET, ByteOrder.LITTLE_ENDIAN);
            records = buf.getLong(t + TRAILER_RECORD_COUNT, ByteOrder.LITTLE_ENDIAN);
            if (records < 0 || orderOffset != HEADER_LENGTH + records * RECORD_LENGTH
                || orderOffset + records * ORDER_ENTRY != t) {
                throw new CorruptBlockException(where, t, "path index trailer does not match the file size");
            }
        } catch (RuntimeException e) {
            io.unmap(mapped);
            throw e;
        }
    }

    /** Reads the whole file and checks its CRC32C (what {@code verify} does). */
    public void checkCrc() {
        CRC32C crc = new CRC32C();
        int t = (int) (buf.capacity() - TRAILER_LENGTH);
        crc.update(mapped.duplicate().position(0).limit(t));
        if ((int) crc.getValue() != buf.getInt(t + TRAILER_CRC, ByteOrder.LITTLE_ENDIAN)) {
            throw new CorruptBlockException(file.toString(), HEADER_LENGTH, "path index CRC32C mismatch");
        }
    }

    public long size() {
        return records;
    }

    /** The ordinal of the {@code k}-th path in (slack, ordinal) order. */
    public long ordinalAt(long k) {
        return buf.getInt((int) (orderOffset + k * ORDER_ENTRY), ByteOrder.LITTLE_ENDIAN) & 0xffffffffL;
    }

    /** The number of paths before the first whose (slack, ordinal) is greater than the given key. */
    public long rankAfter(long slack, long ordinal) {
        long lo = 0;
        long hi = records;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            long o = ordinalAt(mid);
            long s = slack(o);
            if (s < slack || s == slack && o <= ordinal) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int at(long i, int field) {
        return (int) (HEADER_LENGTH + i * RECORD_LENGTH + field);
    }

    /** Fixed point, {@link PathIndexFormat#TIME_DIGITS} fraction digits; {@link PathIndexFormat#NO_TIME} if absent. */
    public long slack(long i) {
        return buf.getLong(at(i, SLACK), ByteOrder.LITTLE_ENDIAN);
    }

    public long arrival(long i) {
        return buf.getLong(at(i, ARRIVAL), ByteOrder.LITTLE_ENDIAN);
    }

    public long required(long i) {
        return buf.getLong(at(i, REQUIRED), ByteOrder.LITTLE_ENDIAN);
    }

    /** Name ids in the store's dictionary, -1 when absent. */
    public int startpoint(long i) {
        return buf.getInt(at(i, STARTPOINT), ByteOrder.LITTLE_ENDIAN);
    }

    public int endpoint(long i) {
        return buf.getInt(at(i, ENDPOINT), ByteOrder.LITTLE_ENDIAN);
    }

    public int group(long i) {
        return buf.getInt(at(i, GROUP), ByteOrder.LITTLE_ENDIAN);
    }

    public int corner(long i) {
        return buf.getInt(at(i, CORNER), ByteOrder.LITTLE_ENDIAN);
    }

    public int mode(long i) {
        return buf.getInt(at(i, MODE), ByteOrder.LITTLE_ENDIAN);
    }

    /** 0 none, {@link PathIndexFormat#MAX} or {@link PathIndexFormat#MIN}. */
    public int minMax(long i) {
        return buf.getByte(at(i, MIN_MAX));
    }

    public PathStatus status(long i) {
        return STATUSES[buf.getByte(at(i, STATUS)) & 3];
    }

    public PinKind startKind(long i) {
        return PinKind.ofOrdinal(buf.getByte(at(i, START_KIND)));
    }

    public PinKind endKind(long i) {
        return PinKind.ofOrdinal(buf.getByte(at(i, END_KIND)));
    }

    /** The block (in stage order) holding path {@code i}. */
    public int block(long i) {
        return buf.getInt(at(i, BLOCK), ByteOrder.LITTLE_ENDIAN);
    }

    /** The table row within its block, or -1 when the path is the whole block. */
    public int row(long i) {
        return buf.getInt(at(i, ROW), ByteOrder.LITTLE_ENDIAN);
    }

    private static final PathStatus[] STATUSES = PathStatus.values();

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        io.unmap(mapped);
    }
}

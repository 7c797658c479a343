package io.stadb.engine;

import static io.stadb.engine.PathIndexFormat.*;

import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.PathStatus;
import io.stadb.engine.internal.PackedBits;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stage's path index ({@link PathIndexFormat}) mapped read-only: record {@code i} is the stage's
 * {@code i}-th path in input order. Each field read decodes in place: a directory entry, then one packed
 * code. Opening copies the directory to the heap (16 bytes per 4096 paths and column, 0.06 bytes per
 * path): reading it through the mapping cost a third more per field in a scan. Opening checks the header, the trailer and that every directory
 * entry points inside the pages, so a damaged file fails there rather than in a query; {@link #checkCrc}
 * reads it all. Not thread-safe to close while another thread reads; each reader thread may use its own.
 */
public final class PathIndex implements AutoCloseable {
    private final FileIo io;
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buf;
    private final long records;
    private final int orderOffset;
    private final int orderBits;
    private final int directoryOffset;
    /**
     * The directory on the heap, two longs per (page, column): base, then the column's first bit
     * (36 bits) | R << 36 (9 bits) | width << 45 (7) | exponent << 52 (5) | flags << 57 (4).
     */
    private final long[] dir;
    private static final long FIRST_BIT = (1L << 36) - 1;

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
            byte version = buf.getByte(HEADER_VERSION);
            if (version < VERSION) {
                throw new CorruptBlockException(where, HEADER_VERSION, "path index version " + version
                    + " is from an older stadb; it is derived data: `stadb verify --repair` (or opening the store"
                    + " as its writer) rebuilds it");
            }
            if (version != VERSION || buf.getInt(HEADER_PAGE_LENGTH, ByteOrder.LITTLE_ENDIAN) != PAGE_LENGTH
                || buf.getInt(HEADER_COLUMNS, ByteOrder.LITTLE_ENDIAN) != COLUMNS) {
                throw new CorruptBlockException(where, HEADER_VERSION, "unsupported path index version or layout");
            }
            int t = (int) (size - TRAILER_LENGTH);
            if (buf.getInt(t + TRAILER_MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != TRAILER_MAGIC) {
                throw new CorruptBlockException(where, t, "path index trailer missing (file cut short?)");
            }
            long order = buf.getLong(t + TRAILER_ORDER_OFFSET, ByteOrder.LITTLE_ENDIAN);
            records = buf.getLong(t + TRAILER_RECORD_COUNT, ByteOrder.LITTLE_ENDIAN);
            long dirAt = buf.getInt(t + TRAILER_DIRECTORY_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xffffffffL;
            long pages = records < 0 ? -1 : (records + PAGE_LENGTH - 1) >>> PAGE_SHIFT;
            orderBits = ordinalBits(records);
            if (records < 0 || records > MAX_RECORDS || dirAt < HEADER_LENGTH || order != dirAt + pages * PAGE_DIRECTORY
                || order + PackedBits.bytes((int) records, orderBits) != t) {
                throw new CorruptBlockException(where, t, "path index trailer does not match the file size");
            }
            orderOffset = (int) order;
            directoryOffset = (int) dirAt;
            dir = new long[(int) pages * COLUMNS * 2];
            checkDirectory(where, pages);
        } catch (RuntimeException e) {
            io.unmap(mapped);
            throw e;
        }
    }

    /** Every column's codes lie within the pages, at a width and exponent the decoder handles. */
    private void checkDirectory(String where, long pages) {
        for (long p = 0; p < pages; p++) {
            int n = (int) Math.min(PAGE_LENGTH, records - (p << PAGE_SHIFT));
            for (int c = 0; c < COLUMNS; c++) {
                int e = entry(p, c);
                long off = buf.getInt(e + DIR_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xffffffffL;
                int recordBits = buf.getShort(e + DIR_RECORD_BITS, ByteOrder.LITTLE_ENDIAN) & 0xffff;
                int bitOffset = buf.getShort(e + DIR_BIT_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xffff;
                int width = buf.getByte(e + DIR_WIDTH) & 0xff;
                int exponent = buf.getByte(e + DIR_EXPONENT) & 0xff;
                int flags = buf.getByte(e + DIR_FLAGS) & 0xff;
                if (width > 64 || exponent > MAX_EXPONENT || flags > 15 || recordBits > MAX_RECORD_BITS
                    || bitOffset + width > recordBits || off < HEADER_LENGTH
                    || off + PackedBits.bytes(n, recordBits) > directoryOffset) {
                    throw new CorruptBlockException(where, e, "path index directory entry of page " + p + " column " + c
                        + " is out of range");
                }
                int k = (int) (p * COLUMNS + c) * 2;
                dir[k] = buf.getLong(e + DIR_BASE, ByteOrder.LITTLE_ENDIAN);
                dir[k + 1] = (off * 8 + bitOffset) | (long) recordBits << 36 | (long) width << 45
                    | (long) exponent << 52 | (long) flags << 57;
            }
        }
    }

    /** Whether {@code f} is a path index of an older version (a writer rebuilds those on open). */
    static boolean isOlderVersion(Path f) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(HEADER_VERSION + 1).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // a short file is not an older version, just a damaged one (verify reports it)
            }
            return !b.hasRemaining() && b.getInt(0) == MAGIC && b.get(HEADER_VERSION) < VERSION;
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
        return PackedBits.get(buf, orderOffset, orderBits, k);
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

    private int entry(long page, int column) {
        return (int) (directoryOffset + (page * COLUMNS + column) * DIRECTORY_ENTRY);
    }

    /**
     * Column {@code c} of path {@code i} before any prediction; {@code absent} is what code 0 means when
     * the page has F_ABSENT. Kept small and free of calls back into the accessors so the JIT inlines it
     * into each one (an earlier version that predicted required here, recursively, was 5x slower).
     */
    private long value(long i, int c, long absent) {
        int e = (int) ((i >>> PAGE_SHIFT) * COLUMNS + c) * 2;
        long meta = dir[e + 1];
        long j = i & (PAGE_LENGTH - 1);
        long code = PackedBits.getAt(buf, (meta & FIRST_BIT) + j * ((meta >>> 36) & 0x1ff), (int) (meta >>> 45) & 0x7f);
        if (code == 0 && (meta & ((long) F_ABSENT << 57)) != 0) {
            return absent;
        }
        long v = dir[e] + code * POW10[(int) (meta >>> 52) & 0x1f];
        return (meta & ((long) F_PLUS_INDEX << 57)) != 0 ? v + j : v;
    }

    private static final long[] POW10 = new long[32]; // 32: the index is masked to 5 bits

    static {
        POW10[0] = 1;
        for (int k = 1; k <= MAX_EXPONENT; k++) {
            POW10[k] = POW10[k - 1] * 10;
        }
    }

    /** Fixed point, {@link PathIndexFormat#TIME_DIGITS} fraction digits; {@link PathIndexFormat#NO_TIME} if absent. */
    public long slack(long i) {
        return value(i, COL_SLACK, NO_TIME);
    }

    public long arrival(long i) {
        return value(i, COL_ARRIVAL, NO_TIME);
    }

    /** As {@link #value}, plus the page's prediction from arrival and slack. */
    public long required(long i) {
        int e = (int) ((i >>> PAGE_SHIFT) * COLUMNS + COL_REQUIRED) * 2;
        long meta = dir[e + 1];
        long j = i & (PAGE_LENGTH - 1);
        long code = PackedBits.getAt(buf, (meta & FIRST_BIT) + j * ((meta >>> 36) & 0x1ff), (int) (meta >>> 45) & 0x7f);
        int flags = (int) (meta >>> 57);
        if (code == 0 && (flags & F_ABSENT) != 0) {
            return NO_TIME;
        }
        long v = dir[e] + code * POW10[(int) (meta >>> 52) & 0x1f];
        return (flags & (F_ARRIVAL_PLUS_SLACK | F_ARRIVAL_MINUS_SLACK)) == 0 ? v
            : v + predictRequired(flags, arrival(i), slack(i));
    }

    /** Name ids in the store's dictionary, -1 when absent. */
    public int startpoint(long i) {
        return (int) value(i, COL_STARTPOINT, -1);
    }

    public int endpoint(long i) {
        return (int) value(i, COL_ENDPOINT, -1);
    }

    public int group(long i) {
        return (int) value(i, COL_GROUP, -1);
    }

    public int corner(long i) {
        return (int) value(i, COL_CORNER, -1);
    }

    public int mode(long i) {
        return (int) value(i, COL_MODE, -1);
    }

    /** 0 none, {@link PathIndexFormat#MAX} or {@link PathIndexFormat#MIN}. */
    public int minMax(long i) {
        return (byte) value(i, COL_MIN_MAX, 0);
    }

    public PathStatus status(long i) {
        return STATUSES[(int) value(i, COL_STATUS, 0) & 3];
    }

    public PinKind startKind(long i) {
        return PinKind.ofOrdinal((byte) value(i, COL_START_KIND, 0));
    }

    public PinKind endKind(long i) {
        return PinKind.ofOrdinal((byte) value(i, COL_END_KIND, 0));
    }

    /** The block (in stage order) holding path {@code i}. */
    public int block(long i) {
        return (int) value(i, COL_BLOCK, 0);
    }

    /** The table row within its block, or -1 when the path is the whole block. */
    public int row(long i) {
        return (int) value(i, COL_ROW, -1);
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

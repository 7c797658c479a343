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
 * {@code i}-th path in input order. Each field read decodes in place from the mapping: a directory
 * entry, then one packed code; nothing is copied to the heap, so opening (once per query) costs the same
 * at any stage size. Opening checks the header and trailer; {@link #checkCrc} reads it all (a damaged
 * directory entry gives wrong values, as a damaged record did in version 2, or an out-of-bounds
 * exception from the buffer). Not thread-safe to close while another thread reads; each reader thread
 * may use its own.
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
        } catch (RuntimeException e) {
            io.unmap(mapped);
            throw e;
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
     * the page has F_ABSENT. Two reads of the directory entry and one of the record. Kept small and
     * free of calls back into the accessors so the JIT inlines it into each one (an earlier version that
     * predicted required here, recursively, was 5x slower).
     */
    private long value(long i, int c, long absent) {
        int e = entry(i >>> PAGE_SHIFT, c);
        long loc = buf.getLong(e + DIR_LOCATOR, ByteOrder.LITTLE_ENDIAN);
        long j = i & (PAGE_LENGTH - 1);
        long code = PackedBits.getAt(buf, (loc & LOC_ADDRESS_MASK) + j * ((loc >>> LOC_RECORD_BITS) & LOC_RECORD_BITS_MASK),
            (int) (loc >>> LOC_WIDTH) & LOC_WIDTH_MASK);
        if (code == 0 && (loc & ((long) F_ABSENT << LOC_FLAGS)) != 0) {
            return absent;
        }
        long v = buf.getLong(e + DIR_BASE, ByteOrder.LITTLE_ENDIAN) + code * POW10[(int) (loc >>> LOC_EXPONENT) & LOC_EXPONENT_MASK];
        return (loc & ((long) F_PLUS_INDEX << LOC_FLAGS)) != 0 ? v + j : v;
    }

    /** What code 0 means per column when the page has F_ABSENT: what the accessors return for "absent" (else 0). */
    private static final long[] ABSENT = new long[COLUMNS];

    static {
        ABSENT[COL_SLACK] = NO_TIME;
        ABSENT[COL_ARRIVAL] = NO_TIME;
        ABSENT[COL_REQUIRED] = NO_TIME;
        for (int c : new int[] {COL_STARTPOINT, COL_ENDPOINT, COL_GROUP, COL_CORNER, COL_MODE, COL_ROW}) {
            ABSENT[c] = -1;
        }
    }

    /** The number of pages: page {@code p} holds paths {@code p * PAGE_LENGTH} on. */
    public long pages() {
        return (records + PAGE_LENGTH - 1) >>> PAGE_SHIFT;
    }

    /**
     * Column {@code c} ({@code PathIndexFormat.COL_*}, not {@code COL_REQUIRED}, which is predicted from two
     * others) of every path of page {@code page}, as the per-path accessor returns it, into {@code out} (at
     * least {@link PathIndexFormat#PAGE_LENGTH} long); returns how many paths the page holds. For whole-stage
     * scans: the directory entry is read once per page instead of once per path, and a column constant over
     * the page (width 0: group, corner, mode, min/max nearly always) is a fill.
     */
    public int columnOfPage(int c, long page, long[] out) {
        if (c == COL_REQUIRED || c < 0 || c >= COLUMNS) {
            throw new IllegalArgumentException("column " + c + " has no page decode");
        }
        long first = page << PAGE_SHIFT;
        int n = (int) Math.min(PAGE_LENGTH, records - first);
        int e = entry(page, c);
        long loc = buf.getLong(e + DIR_LOCATOR, ByteOrder.LITTLE_ENDIAN);
        long base = buf.getLong(e + DIR_BASE, ByteOrder.LITTLE_ENDIAN);
        long scale = POW10[(int) (loc >>> LOC_EXPONENT) & LOC_EXPONENT_MASK];
        int width = (int) (loc >>> LOC_WIDTH) & LOC_WIDTH_MASK;
        long stride = (loc >>> LOC_RECORD_BITS) & LOC_RECORD_BITS_MASK;
        long bit = loc & LOC_ADDRESS_MASK;
        boolean absent = (loc & ((long) F_ABSENT << LOC_FLAGS)) != 0;
        boolean plusIndex = (loc & ((long) F_PLUS_INDEX << LOC_FLAGS)) != 0;
        if (width == 0 && !plusIndex) {
            java.util.Arrays.fill(out, 0, n, absent ? ABSENT[c] : base);
            return n;
        }
        for (int j = 0; j < n; j++, bit += stride) {
            long code = PackedBits.getAt(buf, bit, width);
            long v = base + code * scale + (plusIndex ? j : 0);
            out[j] = code == 0 && absent ? ABSENT[c] : v;
        }
        return n;
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
        int e = entry(i >>> PAGE_SHIFT, COL_REQUIRED);
        long loc = buf.getLong(e + DIR_LOCATOR, ByteOrder.LITTLE_ENDIAN);
        long j = i & (PAGE_LENGTH - 1);
        long code = PackedBits.getAt(buf, (loc & LOC_ADDRESS_MASK) + j * ((loc >>> LOC_RECORD_BITS) & LOC_RECORD_BITS_MASK),
            (int) (loc >>> LOC_WIDTH) & LOC_WIDTH_MASK);
        int flags = (int) (loc >>> LOC_FLAGS) & LOC_FLAGS_MASK;
        if (code == 0 && (flags & F_ABSENT) != 0) {
            return NO_TIME;
        }
        long v = buf.getLong(e + DIR_BASE, ByteOrder.LITTLE_ENDIAN) + code * POW10[(int) (loc >>> LOC_EXPONENT) & LOC_EXPONENT_MASK];
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

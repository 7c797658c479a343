package io.stadb.engine.internal;

import static io.stadb.engine.PathIndexFormat.*;

import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes one {@link io.stadb.engine.PathIndexFormat} file: a page of records at a time (one page of
 * column values in memory, replaced by their codes and packed when full, its slacks first sorted and
 * spilled by a {@link SlackOrderBuilder}),
 * then the page directory, the merged order section and the trailer, fsync'd. Memory: one page plus its
 * directory entries (224 bytes per 4096 paths, 1.9 MB at the 35 M path limit), kept until the end because
 * the directory follows the pages. Single-threaded, like the stage writer that owns it.
 */
public final class PathIndexWriter implements AutoCloseable {
    private static final int RAW = 0;
    private final FileIo io;
    private final Path file;
    private final FileChannel channel;
    private final long[][] values = new long[COLUMNS][PAGE_LENGTH];
    private final int[] widths = new int[COLUMNS];
    private final int[] exponents = new int[COLUMNS];
    private final int[] flags = new int[COLUMNS];
    private final byte[] page = new byte[PackedBits.bytes(PAGE_LENGTH, MAX_RECORD_BITS)];
    private byte[] directory = new byte[PAGE_DIRECTORY * 16];
    private int directoryLength;
    private final SlackOrderBuilder order;
    private final CRC32C crc = new CRC32C();
    private int inRun;
    private long records;
    private long position;
    // The chosen encoding of the column being packed (set by measure).
    private long min;
    private int exponent;
    private boolean hasAbsent;

    public PathIndexWriter(FileIo io, Path file) throws IOException {
        this.io = io;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] header = new byte[HEADER_LENGTH];
        UnsafeBuffer h = new UnsafeBuffer(header);
        h.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        h.putByte(HEADER_VERSION, VERSION);
        h.putInt(HEADER_PAGE_LENGTH, PAGE_LENGTH, ByteOrder.LITTLE_ENDIAN);
        h.putInt(HEADER_COLUMNS, COLUMNS, ByteOrder.LITTLE_ENDIAN);
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
        int j = inRun;
        values[COL_SLACK][j] = r.slack;
        values[COL_ARRIVAL][j] = r.arrival;
        values[COL_REQUIRED][j] = r.required;
        values[COL_STARTPOINT][j] = r.startpoint;
        values[COL_ENDPOINT][j] = r.endpoint;
        values[COL_GROUP][j] = r.group;
        values[COL_CORNER][j] = r.corner;
        values[COL_MODE][j] = r.mode;
        values[COL_MIN_MAX][j] = r.minMax;
        values[COL_STATUS][j] = r.status;
        values[COL_START_KIND][j] = r.startKind;
        values[COL_END_KIND][j] = r.endKind;
        values[COL_BLOCK][j] = r.block;
        values[COL_ROW][j] = r.row;
        records++;
        if (++inRun == PAGE_LENGTH) {
            flushPage();
        }
    }

    private void flushPage() throws IOException {
        int n = inRun;
        order.addRun(values[COL_SLACK], n, records - n); // before the slacks are replaced by their codes
        if (directoryLength + PAGE_DIRECTORY > directory.length) {
            directory = Arrays.copyOf(directory, directory.length * 2);
        }
        // Highest column first: required's predictions read arrival and slack, still values then.
        for (int c = COLUMNS - 1; c >= 0; c--) {
            int mode = RAW;
            int width = measure(c, RAW, n);
            for (int m : candidates(c)) {
                int w = measure(c, m, n);
                if (w < width) {
                    width = w;
                    mode = m;
                }
            }
            if (width > 64) {
                throw new IllegalArgumentException("path index column " + c + " holds values outside its range");
            }
            measure(c, mode, n);
            long mult = pow10(exponent);
            encode(c, mode, n, mult);
            widths[c] = width;
            exponents[c] = exponent;
            flags[c] = mode | (hasAbsent ? F_ABSENT : 0);
            putLong(directory, directoryLength + c * DIRECTORY_ENTRY + DIR_BASE, hasAbsent ? min - mult : min);
        }
        int recordBits = 0;
        for (int c = 0; c < COLUMNS; c++) {
            recordBits += widths[c];
        }
        if (recordBits > MAX_RECORD_BITS) { // ids or blocks below -1: not values the builder produces
            throw new IllegalArgumentException("path index page needs " + recordBits + " bits per path, more than "
                + MAX_RECORD_BITS);
        }
        long bit = position * 8;
        for (int c = 0; c < COLUMNS; c++) {
            putLong(directory, directoryLength + c * DIRECTORY_ENTRY + DIR_LOCATOR,
                locator(bit, recordBits, widths[c], exponents[c], flags[c]));
            bit += widths[c];
        }
        directoryLength += PAGE_DIRECTORY;
        writeChecked(page, PackedBits.packRecords(values, widths, n, page, 0));
        inRun = 0;
    }

    /** Predictions worth trying per column (besides the plain value). */
    private static int[] candidates(int column) {
        return column == COL_BLOCK || column == COL_ROW ? PLUS_INDEX
            : column == COL_REQUIRED ? PREDICTED_REQUIRED : NONE;
    }

    private static final int[] NONE = {};
    // Block paths have block = ordinal + a constant and row -1; table rows count up within a block.
    private static final int[] PLUS_INDEX = {F_PLUS_INDEX};
    // Required is arrival + slack on max paths, arrival - slack on min paths.
    private static final int[] PREDICTED_REQUIRED = {F_ARRIVAL_PLUS_SLACK, F_ARRIVAL_MINUS_SLACK};

    /** What {@code mode} subtracts from value {@code j} of the page before packing. */
    private long prediction(int mode, int j) {
        if (mode == RAW) {
            return 0;
        }
        if (mode == F_PLUS_INDEX) {
            return j;
        }
        return predictRequired(mode, values[COL_ARRIVAL][j], values[COL_SLACK][j]);
    }

    /**
     * Sets {@link #min}, {@link #exponent} and {@link #hasAbsent} for column {@code c} of the page under
     * {@code mode} and returns its width in bits, or 65 when the codes would not fit in 64 bits.
     */
    private int measure(int c, int mode, int n) {
        long[] v = values[c];
        long absent = absentValue(c);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        boolean anyAbsent = false;
        boolean any = false;
        for (int j = 0; j < n; j++) {
            if (v[j] == absent) {
                anyAbsent = true;
                continue;
            }
            long x = v[j] - prediction(mode, j);
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
            any = true;
        }
        hasAbsent = anyAbsent;
        if (!any || lo == hi) {
            min = any ? lo : 0;
            exponent = 0;
            return anyAbsent && any ? 1 : 0;
        }
        int e = 0;
        if (c <= COL_REQUIRED) {
            // Reports print 2-4 digits of a unit kept at 6: most values are multiples of 10^2..10^4.
            e = MAX_EXPONENT;
            for (int j = 0; j < n && e > 0; j++) {
                if (v[j] == absent) {
                    continue;
                }
                long d = v[j] - prediction(mode, j) - lo;
                while (e > 0 && Long.remainderUnsigned(d, pow10(e)) != 0) {
                    e--;
                }
            }
        }
        min = lo;
        exponent = e;
        long maxCode = Long.divideUnsigned(hi - lo, pow10(e));
        if (anyAbsent) {
            if (maxCode == -1L) {
                return 65;
            }
            maxCode++;
        }
        return PackedBits.bitsFor(maxCode);
    }

    /**
     * Replaces column {@code c}'s values by their codes. From {@link #min} rather than the base:
     * {@code x - base} may not fit in 64 bits.
     */
    private void encode(int c, int mode, int n, long mult) {
        long[] v = values[c];
        long absent = absentValue(c);
        long shift = hasAbsent ? 1 : 0;
        for (int j = 0; j < n; j++) {
            v[j] = v[j] == absent ? 0 : Long.divideUnsigned(v[j] - prediction(mode, j) - min, mult) + shift;
        }
    }

    private static long pow10(int e) {
        return POW10[e];
    }

    private static final long[] POW10 = new long[MAX_EXPONENT + 1];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int k = 0; k < 8; k++) {
            b[at + k] = (byte) (v >>> (8 * k));
        }
    }

    private void writeChecked(byte[] b, int len) throws IOException {
        byte[] out = len == b.length ? b : Arrays.copyOf(b, len);
        crc.update(out, 0, len);
        io.write(channel, out);
        position += len;
    }

    public long records() {
        return records;
    }

    /** Writes the directory, order section and trailer and fsyncs: after this the file is complete and durable. */
    public void finish() throws IOException {
        if (inRun > 0) {
            flushPage();
        }
        long directoryOffset = position;
        if (directoryLength > 0) {
            writeChecked(directory, directoryLength);
        }
        long orderOffset = position;
        order.merge(ordinalBits(records), this::writeChecked);
        byte[] t = new byte[TRAILER_LENGTH];
        UnsafeBuffer tb = new UnsafeBuffer(t);
        tb.putLong(TRAILER_ORDER_OFFSET, orderOffset, ByteOrder.LITTLE_ENDIAN);
        tb.putLong(TRAILER_RECORD_COUNT, records, ByteOrder.LITTLE_ENDIAN);
        tb.putInt(TRAILER_DIRECTORY_OFFSET, (int) directoryOffset, ByteOrder.LITTLE_ENDIAN);
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

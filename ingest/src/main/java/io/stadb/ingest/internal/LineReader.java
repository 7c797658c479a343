package io.stadb.ingest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without allocating per line. A line is {@link #buffer()}
 * {@code [start, end)} without its {@code \n}; it stays valid until the next {@link #next()}.
 * Memory is bounded by {@code maxLineLength}: a longer line is reported as {@link #overlong()} with its
 * first bytes only, and the rest of it is read and dropped.
 */
public final class LineReader {
    private final InputStream in;
    private final int maxLineLength;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;

    private int start;
    private int end;
    private boolean hasNewline;
    private boolean overlong;
    private long overlongLength;
    private long lineNumber;
    private long lineOffset;
    private long nextOffset;

    public LineReader(InputStream in, int chunkSize, int maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
        this.buf = new byte[Math.max(64, Math.min(chunkSize, maxLineLength + 1))];
    }

    /** Advances to the next line; false at the end of input. */
    public boolean next() throws IOException {
        overlong = false;
        int scanFrom = pos;
        while (true) {
            int nl = indexOfNewline(scanFrom, limit);
            if (nl >= 0) {
                setLine(pos, nl, true);
                pos = nl + 1;
                return true;
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                setLine(pos, limit, false);
                pos = limit;
                return true;
            }
            if (limit - pos > maxLineLength) {
                return skipOverlong();
            }
            scanFrom = limit;
            fill();
            scanFrom -= shiftedBy;
        }
    }

    private int shiftedBy;

    /** Reads more bytes, first moving the current partial line to the front (or growing the buffer). */
    private void fill() throws IOException {
        shiftedBy = 0;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            shiftedBy = pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(maxLineLength + 1, buf.length * 2));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** The current partial line is longer than allowed: keep its head, drop the rest up to the newline. */
    private boolean skipOverlong() throws IOException {
        long length = limit - pos;
        int headEnd = pos + Math.min(maxLineLength, 256);
        // Keep the head at the front of the buffer for error messages.
        System.arraycopy(buf, pos, buf, 0, headEnd - pos);
        int head = headEnd - pos;
        limit = head;
        pos = head;
        boolean newline = false;
        byte[] scratch = new byte[8192];
        while (!newline) {
            int n = in.read(scratch);
            if (n < 0) {
                eof = true;
                break;
            }
            int nl = -1;
            for (int i = 0; i < n; i++) {
                if (scratch[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl >= 0) {
                length += nl;
                int rest = n - nl - 1;
                if (rest > buf.length - limit) {
                    buf = Arrays.copyOf(buf, limit + rest);
                }
                System.arraycopy(scratch, nl + 1, buf, limit, rest);
                limit += rest;
                newline = true;
            } else {
                length += n;
            }
        }
        start = 0;
        end = head;
        hasNewline = newline;
        overlong = true;
        overlongLength = length;
        lineNumber++;
        lineOffset = nextOffset;
        nextOffset += length + (newline ? 1 : 0);
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Finds '\n' eight bytes at a time (the classic has-zero-byte trick on {@code word ^ newlines}). */
    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long hit = (x - ONES) & ~x & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void setLine(int s, int e, boolean newline) {
        start = s;
        end = e;
        hasNewline = newline;
        lineNumber++;
        lineOffset = nextOffset;
        nextOffset += (e - s) + (newline ? 1 : 0);
    }

    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int length() {
        return end - start;
    }

    /** False only for a last line that the input ended without a newline. */
    public boolean hasNewline() {
        return hasNewline;
    }

    /** True when the line was longer than the limit; {@link #buffer()} then holds its first bytes only. */
    public boolean overlong() {
        return overlong;
    }

    public long overlongLength() {
        return overlongLength;
    }

    /** 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Byte offset of the current line's first byte. */
    public long lineOffset() {
        return lineOffset;
    }

    /** Bytes consumed so far (through the current line and its newline). */
    public long bytesRead() {
        return nextOffset;
    }
}

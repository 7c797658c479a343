package io.stadb.bench;

import java.io.InputStream;

/**
 * An unsynchronized {@link InputStream} over a byte array, so the benchmarks measure the parser, not
 * {@code ByteArrayInputStream}'s monitor. Both {@code parse} and {@code scanOnly} read through it.
 */
public final class ByteArraySource extends InputStream {
    private final byte[] data;
    private int pos;

    public ByteArraySource(byte[] data) {
        this.data = data;
    }

    @Override
    public int read() {
        return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = Math.min(len, data.length - pos);
        if (n <= 0) {
            return -1;
        }
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return data.length - pos;
    }
}

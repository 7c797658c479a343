package io.stadb.codec;

import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;

/** CRC32C over heap arrays or Agrona buffers (mmap'd memory is copied through a small scratch array). */
public final class Crc32c {
    private final CRC32C crc = new CRC32C();
    private byte[] scratch = new byte[8192];

    public int compute(byte[] b, int off, int len) {
        crc.reset();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    public int compute(DirectBuffer buf, int off, int len) {
        byte[] arr = buf.byteArray();
        if (arr != null) {
            return compute(arr, buf.wrapAdjustment() + off, len);
        }
        crc.reset();
        int p = off;
        int left = len;
        while (left > 0) {
            int n = Math.min(left, scratch.length);
            buf.getBytes(p, scratch, 0, n);
            crc.update(scratch, 0, n);
            p += n;
            left -= n;
        }
        return (int) crc.getValue();
    }
}

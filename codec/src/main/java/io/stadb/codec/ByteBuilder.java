package io.stadb.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array for rendering lines without allocating per line. Single-threaded; reuse it by
 * {@link #clear()}. Bytes are opaque: report text is treated as ISO-8859-1 so every byte round-trips.
 */
public final class ByteBuilder {
    private byte[] bytes;
    private int length;

    public ByteBuilder() {
        this(256);
    }

    public ByteBuilder(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    public void clear() {
        length = 0;
    }

    public int length() {
        return length;
    }

    public byte[] array() {
        return bytes;
    }

    /** Sets the length after the caller wrote into {@link #array()} (after {@link #ensureSpace}). */
    public void setLength(int newLength) {
        if (newLength < 0 || newLength > bytes.length) {
            throw new IndexOutOfBoundsException(newLength);
        }
        length = newLength;
    }

    /** Makes room for {@code extra} more bytes. */
    public void ensureSpace(int extra) {
        int need = length + extra;
        if (need > bytes.length) {
            if (need < 0) {
                throw new OutOfMemoryError("ByteBuilder over 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length * 2));
        }
    }

    public ByteBuilder append(byte b) {
        ensureSpace(1);
        bytes[length++] = b;
        return this;
    }

    public ByteBuilder append(byte[] src, int off, int len) {
        ensureSpace(len);
        System.arraycopy(src, off, bytes, length, len);
        length += len;
        return this;
    }

    public ByteBuilder append(byte[] src) {
        return append(src, 0, src.length);
    }

    /** Appends the chars of an ASCII/Latin-1 string, one byte each. */
    public ByteBuilder append(String s) {
        int n = s.length();
        ensureSpace(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    public ByteBuilder appendSpaces(int n) {
        if (n > 0) {
            ensureSpace(n);
            Arrays.fill(bytes, length, length + n, (byte) ' ');
            length += n;
        }
        return this;
    }

    public ByteBuilder appendRepeated(byte b, int n) {
        if (n > 0) {
            ensureSpace(n);
            Arrays.fill(bytes, length, length + n, b);
            length += n;
        }
        return this;
    }

    /** Removes trailing spaces (OpenSTA trims path lines on the right). */
    public void trimRight() {
        while (length > 0 && bytes[length - 1] == ' ') {
            length--;
        }
    }

    /** True when the content equals {@code b[from, to)}. */
    public boolean contentEquals(byte[] b, int from, int to) {
        return Arrays.equals(bytes, 0, length, b, from, to);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}

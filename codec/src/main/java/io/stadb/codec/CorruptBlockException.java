package io.stadb.codec;

/** Stored bytes that do not decode: a bad version, a length pointing past the end, a CRC mismatch. */
public final class CorruptBlockException extends StadbException {
    private static final long serialVersionUID = 1L;

    public CorruptBlockException(String source, long offset, String message) {
        super(source, -1, offset, message, null);
    }
}

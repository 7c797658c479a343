package io.stadb.codec;

/**
 * The one exception family of stadb: a real failure (bad input, corrupt bytes, I/O), never an expected
 * outcome. It keeps where it happened: the file or source, the line (or -1) and the byte offset (or -1).
 */
public class StadbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final long offset;

    public StadbException(String message) {
        this(null, -1, -1, message, null);
    }

    public StadbException(String message, Throwable cause) {
        this(null, -1, -1, message, cause);
    }

    public StadbException(String source, long line, long offset, String message, Throwable cause) {
        super(describe(source, line, offset, message), cause);
        this.source = source;
        this.line = line;
        this.offset = offset;
    }

    private static String describe(String source, long line, long offset, String message) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
        }
        if (line >= 0) {
            sb.append(sb.length() > 0 ? ":" : "line ").append(line);
        }
        if (offset >= 0) {
            sb.append(sb.length() > 0 ? " " : "").append("(byte ").append(offset).append(')');
        }
        return sb.length() == 0 ? message : sb.append(": ").append(message).toString();
    }

    /** The file or stream name, or null. */
    public String source() {
        return source;
    }

    /** 1-based line number, or -1 when not known. */
    public long line() {
        return line;
    }

    /** 0-based byte offset, or -1 when not known. */
    public long offset() {
        return offset;
    }
}

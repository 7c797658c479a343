package io.stadb.query;

import io.stadb.codec.StadbException;

/** A query that cannot run: a bad or expired cursor, an unknown stage, a cancelled stream. */
public class QueryException extends StadbException {
    public enum Reason { BAD_CURSOR, CURSOR_MISMATCH, CURSOR_EXPIRED, NO_SUCH_STAGE, CANCELLED, BAD_QUERY }

    private final Reason reason;

    public QueryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

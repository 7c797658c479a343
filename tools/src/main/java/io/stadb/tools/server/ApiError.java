package io.stadb.tools.server;

import io.stadb.query.QueryException;
import io.stadb.tools.Json;

/** A request the server refuses: an HTTP status, a stable code and a message, sent as a JSON body. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "BAD_REQUEST", message);
    }

    /** The HTTP status and code for a query that cannot run. */
    static ApiError of(QueryException e) {
        int status = switch (e.reason()) {
            case NO_SUCH_STAGE -> 404;
            case CURSOR_EXPIRED -> 410;
            case CANCELLED -> 499;
            default -> 400;
        };
        return new ApiError(status, e.reason().name(), e.getMessage());
    }

    String json() {
        return "{\"status\":" + status + ",\"code\":" + Json.quote(code) + ",\"message\":"
            + Json.quote(getMessage() == null ? code : getMessage()) + "}";
    }
}

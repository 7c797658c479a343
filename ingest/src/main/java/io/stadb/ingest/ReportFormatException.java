package io.stadb.ingest;

import io.stadb.codec.StadbException;

/** Input that is not a report the parser can read, in strict mode: names the file, line and byte offset. */
public final class ReportFormatException extends StadbException {
    private static final long serialVersionUID = 1L;

    private final transient ParseProblem problem;

    public ReportFormatException(ParseProblem p) {
        super(p.source(), p.line(), p.offset(), p.reason(), null);
        this.problem = p;
    }

    public ParseProblem problem() {
        return problem;
    }
}

package io.stadb.ingest;

import java.io.IOException;

/** An OpenSTA run that did not finish cleanly: timed out, crashed, or stopped at a Tcl error. */
public final class StaException extends IOException {

    private final boolean timedOut;

    public StaException(String message, boolean timedOut) {
        super(message);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}

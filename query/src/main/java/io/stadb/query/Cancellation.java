package io.stadb.query;

/**
 * A query handle another thread can cancel: the running stream, iterator or publisher stops at its next
 * batch (within one zone of the index) and releases its mappings. Interrupting the reading thread does
 * the same.
 */
public final class Cancellation {
    private volatile boolean cancelled;
    private final Cancellation parent;

    public Cancellation() {
        this(null);
    }

    private Cancellation(Cancellation parent) {
        this.parent = parent;
    }

    /** A handle cancelled by its own {@link #cancel} or by this one's. */
    Cancellation child() {
        return new Cancellation(this);
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled || parent != null && parent.isCancelled();
    }

    /** Throws a CANCELLED {@link QueryException} when cancelled or the thread is interrupted. */
    public void check() {
        if (isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new QueryException(QueryException.Reason.CANCELLED, "query cancelled");
        }
    }
}

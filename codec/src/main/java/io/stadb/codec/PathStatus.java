package io.stadb.codec;

/** The outcome printed for a path. */
public enum PathStatus {
    /** No slack was printed (short format, header-only rows, metric lines). */
    NONE,
    MET,
    VIOLATED,
    /** {@code (Path is unconstrained)}, or a JSON check of type unconstrained. */
    UNCONSTRAINED
}

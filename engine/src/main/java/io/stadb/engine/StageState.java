package io.stadb.engine;

/** Life of a stage. Only committed stages are visible to readers. */
public enum StageState {
    /** Being written (or left by a writer that died); never read. */
    INCOMPLETE,
    COMMITTED,
    ROLLED_BACK
}

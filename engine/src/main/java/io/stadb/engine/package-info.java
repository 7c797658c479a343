/**
 * The store: a directory with one writer at a time, a catalog of stages and a Chronicle Queue journal
 * per stage. The public API of module {@code engine}: {@link io.stadb.engine.Store},
 * {@link io.stadb.engine.StageWriter}, {@link io.stadb.engine.StageInfo}.
 */
package io.stadb.engine;

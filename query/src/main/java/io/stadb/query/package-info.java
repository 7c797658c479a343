/**
 * Answers from a store: {@link io.stadb.query.TimingDb} opens it, {@link io.stadb.query.Query} selects and
 * orders paths and returns them as cursor pages, streams, iterators or a {@link java.util.concurrent.Flow.Publisher};
 * {@link io.stadb.query.StageStats}, {@link io.stadb.query.StageDiff} and {@link io.stadb.query.Trend} aggregate.
 * Everything reads the stages' path indexes and decodes chunks only for the paths' points, in constant memory.
 */
package io.stadb.query;

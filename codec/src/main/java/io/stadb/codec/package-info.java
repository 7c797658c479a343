/**
 * The timing-path model and its binary formats: the public API of module {@code codec}.
 *
 * <p>A report is a sequence of {@link io.stadb.codec.ReportBlock}s. A block is a run of report lines
 * ({@link io.stadb.codec.RowKind rows}) held as primitive columns over one byte arena, so parsing and
 * decoding allocate nothing per point. {@link io.stadb.codec.BlockRenderer} turns a block back into the
 * exact bytes it was parsed from; {@link io.stadb.codec.BlockRecordFormat} owns the journal record layout.
 */
package io.stadb.codec;

/**
 * JMH benchmarks of stadb ({@link io.stadb.bench.ParserBenchmark}) and their input
 * ({@link io.stadb.bench.ReportCorpus}); run them with {@code bench/run}, see BENCHMARKS.md.
 */
package io.stadb.bench;

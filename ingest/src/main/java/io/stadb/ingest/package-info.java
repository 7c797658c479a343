/**
 * Ingest: the streaming OpenSTA report parser ({@link io.stadb.ingest.ReportParser}) and the ways to feed it
 * (files, stdin, a live {@code sta} process). The public API of module {@code ingest}.
 */
package io.stadb.ingest;

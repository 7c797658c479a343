/**
 * {@code stadb serve}: the HTTP JSON API, NDJSON streaming queries, streaming ingest and the WebSocket
 * protocol, on Undertow. Flow control is end to end: a streamed query asks its {@link
 * io.stadb.query.Query#publisher} for more paths only when what it already has was written to the socket.
 */
package io.stadb.tools.server;

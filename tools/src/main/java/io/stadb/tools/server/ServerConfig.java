package io.stadb.tools.server;

import java.time.Duration;

/**
 * What {@code stadb serve} is started with.
 *
 * @param token               the bearer token every request must carry, or null (allowed on loopback only)
 * @param maxStreamsPerConnection WebSocket streams one connection may run at once
 * @param maxStreams          streamed queries (NDJSON and WebSocket) the server runs at once
 * @param maxMessageBytes     largest WebSocket message a client may send (larger ones get a query_error)
 * @param maxBatchSize        largest batch_size a WebSocket stream may ask for
 * @param streamLimit         a stream running longer is cancelled
 * @param progressInterval    how often a WebSocket stream reports query_progress
 * @param maxIngestBytes      largest report body a PUT may send
 * @param maxConcurrentRequests requests (pages, stats, diff, trend) answered at once; more get 503
 */
public record ServerConfig(String host, int port, String token, int maxStreamsPerConnection, int maxStreams,
                           int maxMessageBytes, int maxBatchSize, Duration streamLimit, Duration progressInterval,
                           long maxIngestBytes, int maxConcurrentRequests) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7878;

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, null, 8, 256, 64 * 1024, 10_000, Duration.ofMinutes(5),
            Duration.ofMillis(500), 64L << 30, 64);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, token, maxStreamsPerConnection, maxStreams, maxMessageBytes, maxBatchSize,
            streamLimit, progressInterval, maxIngestBytes, maxConcurrentRequests);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, token, maxStreamsPerConnection, maxStreams, maxMessageBytes, maxBatchSize,
            streamLimit, progressInterval, maxIngestBytes, maxConcurrentRequests);
    }

    public ServerConfig withToken(String t) {
        return new ServerConfig(host, port, t, maxStreamsPerConnection, maxStreams, maxMessageBytes, maxBatchSize,
            streamLimit, progressInterval, maxIngestBytes, maxConcurrentRequests);
    }

    public ServerConfig withStreamLimit(Duration d) {
        return new ServerConfig(host, port, token, maxStreamsPerConnection, maxStreams, maxMessageBytes, maxBatchSize,
            d, progressInterval, maxIngestBytes, maxConcurrentRequests);
    }

    public ServerConfig withProgressInterval(Duration d) {
        return new ServerConfig(host, port, token, maxStreamsPerConnection, maxStreams, maxMessageBytes, maxBatchSize,
            streamLimit, d, maxIngestBytes, maxConcurrentRequests);
    }

    public ServerConfig withMaxStreamsPerConnection(int n) {
        return new ServerConfig(host, port, token, n, maxStreams, maxMessageBytes, maxBatchSize,
            streamLimit, progressInterval, maxIngestBytes, maxConcurrentRequests);
    }

    public ServerConfig withMaxIngestBytes(long n) {
        return new ServerConfig(host, port, token, maxStreamsPerConnection, maxStreams, maxMessageBytes, maxBatchSize,
            streamLimit, progressInterval, n, maxConcurrentRequests);
    }
}

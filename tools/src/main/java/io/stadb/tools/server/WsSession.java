package io.stadb.tools.server;

import com.github.luben.zstd.Zstd;
import io.stadb.engine.StageInfo;
import io.stadb.query.PathRecord;
import io.stadb.query.Query;
import io.stadb.query.QueryException;
import io.stadb.query.QueryProgress;
import io.stadb.tools.Json;
import io.stadb.tools.QueryOptions;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * One WebSocket connection: the interactive protocol. Client messages are JSON text frames:
 * {@code stream_query} {stream_id?, query, batch_size?, compression?} and {@code cancel_query} {stream_id}.
 * Each stream sends one {@code query_batch} at a time and asks its query for the next batch only when the
 * previous one was written out (its send callback), so a slow reader stalls only this connection's streams,
 * and the server holds at most one batch per stream. Bad messages get a {@code query_error}; the
 * connection and its other streams go on.
 */
final class WsSession extends AbstractReceiveListener {
    private final StadbServer server;
    private final WebSocketChannel channel;
    private final Map<String, WsStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();

    WsSession(StadbServer server, WebSocketChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    void start() {
        server.sessions.add(this);
        channel.addCloseTask(c -> {
            server.sessions.remove(this);
            closeAll();
        });
        channel.getReceiveSetter().set(this);
        channel.resumeReceives();
    }

    /** A message over this many bytes closes the connection (1009); one over the configured limit gets an error. */
    @Override
    protected long getMaxTextBufferSize() {
        return Math.max(4L * server.config.maxMessageBytes(), 1 << 20);
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return server.config.maxMessageBytes();
    }

    /** Cancels every stream of the connection (it closed, or the server stops). */
    void closeAll() {
        for (WsStream s : List.copyOf(streams.values())) {
            s.stop(null);
        }
    }

    void tick() {
        for (WsStream s : streams.values()) {
            s.progress();
        }
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
        message.getData().free();
        sendError(null, "BAD_MESSAGE", "messages are JSON text frames");
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
        String text = message.getData();
        Object id = null;
        try {
            if (text.length() > server.config.maxMessageBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > server.config.maxMessageBytes()) {
                throw new ApiError(413, "MESSAGE_TOO_LARGE", "messages are limited to " + server.config.maxMessageBytes()
                    + " bytes");
            }
            Object parsed;
            try {
                parsed = MiniJson.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "BAD_MESSAGE", e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new ApiError(400, "BAD_MESSAGE", "a message is a JSON object with a \"type\"");
            }
            id = m.get("stream_id");
            Object type = m.get("type");
            if ("stream_query".equals(type)) {
                streamQuery(m);
            } else if ("cancel_query".equals(type)) {
                String sid = streamId(id);
                WsStream s = sid == null ? null : streams.get(sid);
                if (s == null) {
                    throw new ApiError(404, "NO_SUCH_STREAM", "no running stream " + Json.quote(String.valueOf(id)));
                }
                s.stop("query_cancelled");
            } else {
                throw new ApiError(400, "BAD_MESSAGE", "unknown message type " + (type == null ? "(none)"
                    : Json.quote(String.valueOf(type))) + "; expected stream_query or cancel_query");
            }
        } catch (ApiError e) {
            sendError(id instanceof String || id instanceof BigDecimal ? String.valueOf(id) : null, e.code, e.getMessage());
        } catch (QueryException e) {
            ApiError a = ApiError.of(e);
            sendError(id == null ? null : String.valueOf(id), a.code, a.getMessage());
        }
    }

    private static String streamId(Object id) {
        if (id == null) {
            return null;
        }
        if (!(id instanceof String) && !(id instanceof BigDecimal)) {
            throw new ApiError(400, "BAD_MESSAGE", "stream_id is a string or a number");
        }
        String s = id instanceof BigDecimal b ? b.toPlainString() : (String) id;
        if (s.isEmpty() || s.length() > 64 || s.chars().anyMatch(c -> c < 0x20)) {
            throw new ApiError(400, "BAD_MESSAGE", "stream_id has 1-64 printable characters");
        }
        return s;
    }

    private void streamQuery(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!List.of("type", "stream_id", "query", "batch_size", "compression").contains(k)) {
                throw new ApiError(400, "BAD_MESSAGE", "stream_query does not take " + Json.quote(String.valueOf(k)));
            }
        }
        String sid = streamId(m.get("stream_id"));
        if (sid == null) {
            sid = "s" + nextId.incrementAndGet();
        }
        if (streams.containsKey(sid)) {
            throw new ApiError(409, "DUPLICATE_STREAM", "stream " + Json.quote(sid) + " is running already");
        }
        if (streams.size() >= server.config.maxStreamsPerConnection()) {
            throw new ApiError(429, "TOO_MANY_STREAMS", "a connection runs at most "
                + server.config.maxStreamsPerConnection() + " streams at once");
        }
        int batch = 500;
        Object b = m.get("batch_size");
        if (b != null) {
            if (!(b instanceof BigDecimal bd) || bd.scale() > 0 || bd.compareTo(BigDecimal.ONE) < 0
                || bd.compareTo(BigDecimal.valueOf(server.config.maxBatchSize())) > 0) {
                throw new ApiError(400, "BAD_QUERY", "batch_size is an integer in 1.." + server.config.maxBatchSize());
            }
            batch = bd.intValueExact();
        }
        String compression = "none";
        Object c = m.get("compression");
        if (c != null) {
            if (!List.of("none", "gzip", "zstd").contains(c)) {
                throw new ApiError(400, "BAD_QUERY", "compression is none, gzip or zstd");
            }
            compression = (String) c;
        }
        Object qo = m.get("query");
        if (qo != null && !(qo instanceof Map<?, ?>)) {
            throw new ApiError(400, "BAD_QUERY", "query is an object of filters");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (qo != null) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) qo).entrySet()) {
                String k = (String) e.getKey();
                if (!StadbServer.STREAM_PARAMS.contains(k)) {
                    throw new ApiError(400, "BAD_QUERY", "unknown query field " + Json.quote(k) + "; known: "
                        + new java.util.TreeSet<>(StadbServer.STREAM_PARAMS));
                }
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                String s = v instanceof BigDecimal n ? n.toPlainString() : v instanceof Boolean f ? f.toString()
                    : v instanceof String str ? str : null;
                if (s == null || s.length() > StadbServer.MAX_PARAM_LENGTH) {
                    throw new ApiError(400, "BAD_QUERY", "query field " + Json.quote(k) + " must be a string, number or"
                        + " boolean of at most " + StadbServer.MAX_PARAM_LENGTH + " characters");
                }
                params.put(k, s);
            }
        }
        QueryOptions o = QueryOptions.fromParams(params);
        WsStream stream = new WsStream(sid, batch, compression);
        Query q = o.build(server.db).points(params.containsKey("points") && QueryOptions.flag("points", params.get("points")))
            .progress(stream::update);
        long estimate;
        if (params.get("cursor") == null) {
            StageInfo st = server.db.resolve(o.stage());
            estimate = st.paths();
        } else {
            estimate = -1;
        }
        stream.handle = server.streams.open();
        streams.put(sid, stream);
        stream.handle.onCancel(() -> stream.stop(stream.handle.expired ? "timeout" : null));
        send("{\"type\":\"query_started\",\"stream_id\":" + Json.quote(sid) + ",\"estimated_rows\":"
            + (estimate < 0 ? "null" : Long.toString(estimate)) + "}", null);
        q.publisher(params.get("cursor"), Math.max(2, Math.min(2 * batch + 2, 8192)), 0.8, 0.5).subscribe(stream);
    }

    private void sendError(String sid, String code, String message) {
        send("{\"type\":\"query_error\",\"stream_id\":" + (sid == null ? "null" : Json.quote(sid)) + ",\"code\":"
            + Json.quote(code) + ",\"message\":" + Json.quote(message) + "}", null);
    }

    private void send(String text, Runnable done) {
        if (!channel.isOpen()) {
            return;
        }
        WebSockets.sendText(text, channel, done == null ? null : callback(done));
    }

    private WebSocketCallback<Void> callback(Runnable done) {
        return new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                done.run();
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable t) {
                closeAll();
            }
        };
    }

    /** One stream of the connection: a subscriber that batches and paces by send completion. */
    final class WsStream implements Flow.Subscriber<PathRecord> {
        final String id;
        final int batchSize;
        final String compression;
        final long started = System.nanoTime();
        volatile StreamRegistry.Handle handle;
        private final AtomicBoolean over = new AtomicBoolean();
        private final AtomicBoolean progressInFlight = new AtomicBoolean();
        private final List<String> rows = new ArrayList<>(); // the publisher's thread only
        private volatile Flow.Subscription subscription;
        private long batchNumber;   // the publisher's thread only
        private volatile long rowsSent;
        private volatile long scanned;
        private volatile long total;

        WsStream(String id, int batchSize, String compression) {
            this.id = id;
            this.batchSize = batchSize;
            this.compression = compression;
        }

        void update(long scanned, long returned, long total, long nanos) {
            this.scanned = scanned;
            this.total = total;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (over.get()) {
                s.cancel();
                return;
            }
            s.request(batchSize + 1L); // one ahead: a batch says has_more only when a row follows it
        }

        @Override
        public void onNext(PathRecord r) {
            if (over.get()) {
                return;
            }
            rows.add(Json.path(r));
            if (rows.size() == batchSize + 1) {
                String held = rows.remove(batchSize);
                sendBatch(true, () -> {
                    Flow.Subscription s = subscription;
                    if (!over.get() && s != null) {
                        s.request(batchSize);
                    }
                });
                rows.add(held);
            }
        }

        @Override
        public void onComplete() {
            if (over.get()) {
                return;
            }
            sendBatch(false, null);
            if (over.compareAndSet(false, true)) {
                long ms = (System.nanoTime() - started) / 1_000_000;
                send("{\"type\":\"query_completed\",\"stream_id\":" + Json.quote(id) + ",\"total_rows\":" + rowsSent
                    + ",\"execution_time_ms\":" + ms + "}", null);
                end();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (over.compareAndSet(false, true)) {
                ApiError a = t instanceof QueryException q ? ApiError.of(q) : new ApiError(500, "INTERNAL", String.valueOf(t));
                sendError(id, a.code, a.getMessage());
                end();
            }
        }

        private void sendBatch(boolean more, Runnable done) {
            StringBuilder sb = new StringBuilder(64 + rows.size() * 300).append("{\"type\":\"query_batch\",\"stream_id\":")
                .append(Json.quote(id)).append(",\"batch_number\":").append(batchNumber++).append(",\"rows\":[");
            for (int i = 0; i < rows.size(); i++) {
                sb.append(i > 0 ? "," : "").append(rows.get(i));
            }
            sb.append("],\"has_more\":").append(more).append('}');
            rowsSent += rows.size();
            handle.delivered(rows.size());
            rows.clear();
            if (!channel.isOpen()) {
                return;
            }
            if (compression.equals("none")) {
                send(sb.toString(), done);
            } else {
                WebSockets.sendBinary(ByteBuffer.wrap(compress(sb.toString().getBytes(StandardCharsets.UTF_8))), channel,
                    done == null ? null : callback(done));
            }
        }

        private byte[] compress(byte[] raw) {
            if (compression.equals("zstd")) {
                return Zstd.compress(raw, 3);
            }
            ByteArrayOutputStream bo = new ByteArrayOutputStream(raw.length / 4 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
                gz.write(raw);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return bo.toByteArray();
        }

        /** Ends the stream early: {@code reason} "query_cancelled", "timeout", or null (connection gone). */
        void stop(String reason) {
            if (!over.compareAndSet(false, true)) {
                return;
            }
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if ("query_cancelled".equals(reason)) {
                send("{\"type\":\"query_cancelled\",\"stream_id\":" + Json.quote(id) + ",\"rows_sent\":" + rowsSent + "}", null);
            } else if ("timeout".equals(reason)) {
                sendError(id, "TIMEOUT", "the stream ran past the server's limit of "
                    + server.config.streamLimit().toSeconds() + " s and was cancelled");
            }
            end();
        }

        private void end() {
            streams.remove(id, this);
            if (handle != null) {
                handle.release();
            }
        }

        void progress() {
            if (over.get() || System.nanoTime() - started < server.config.progressInterval().toNanos()
                || !progressInFlight.compareAndSet(false, true)) {
                return;
            }
            double secs = (System.nanoTime() - started) / 1e9;
            long t = total;
            long sc = scanned;
            double pct = t <= 0 ? 0 : Math.min(100.0, 100.0 * sc / t);
            double eta = QueryProgress.etaSeconds(sc, t, (long) (secs * 1e9));
            send(String.format(Locale.ROOT, "{\"type\":\"query_progress\",\"stream_id\":%s,\"rows_processed\":%d,"
                    + "\"percentage\":%.1f,\"throughput\":%.1f,\"eta\":%s}", Json.quote(id), rowsSent, pct,
                secs <= 0 ? 0.0 : rowsSent / secs, eta < 0 ? "null" : String.format(Locale.ROOT, "%.2f", eta)),
                () -> progressInFlight.set(false));
        }
    }
}

package io.stadb.tools.server;

import io.stadb.query.PathRecord;
import io.stadb.query.QueryException;
import io.stadb.tools.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * One streamed query as NDJSON over chunked transfer, paced by the client. The query's publisher is
 * asked for {@link #CHUNK} paths; they are encoded into one buffer, and more are requested only once the
 * channel's write listener has written all of it to the socket. A client that reads slowly (TCP window
 * full, {@code write} returns 0) therefore stops the query's decoding: the server holds at most the
 * publisher's buffer and one chunk of lines per stream, never a queue that grows.
 *
 * <p>Threads: the publisher's worker calls {@code onNext}/{@code onComplete}/{@code onError}; the
 * connection's I/O thread runs the write listener. They share only the pending buffer and flags, under
 * {@code lock}.
 */
final class NdjsonStream implements Flow.Subscriber<PathRecord>, ChannelListener<StreamSinkChannel> {
    /** Paths requested at a time (and so at most encoded but unwritten). */
    static final int CHUNK = 256;
    /** Paths the publisher decodes ahead of demand. */
    static final int PUBLISHER_CAPACITY = 512;

    private final HttpServerExchange exchange;
    private final StreamRegistry.Handle handle;
    private final Object lock = new Object();
    private final AtomicBoolean finished = new AtomicBoolean();
    private StreamSinkChannel channel;        // I/O thread
    private ByteBuffer writing;               // I/O thread: what is being written now
    private byte[] pending = new byte[16 * 1024]; // guarded by lock
    private int pendingLength;                // guarded by lock
    private int outstanding;                  // guarded by lock: requested, not yet received
    private boolean done;                     // guarded by lock: onComplete or onError seen
    private ApiError failure;                 // guarded by lock
    private boolean wakeScheduled;            // guarded by lock
    private boolean started;                  // I/O thread: a byte was written
    private volatile Flow.Subscription subscription;

    NdjsonStream(HttpServerExchange exchange, StreamRegistry.Handle handle) {
        this.exchange = exchange;
        this.handle = handle;
    }

    /** Called in the handler: takes the exchange over (it stays open after the handler returns). */
    void start(Flow.Publisher<PathRecord> publisher) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getConnection().addCloseListener(c -> cancel());
            handle.onCancel(this::cancel);
            publisher.subscribe(this);
        });
    }

    /** Stops the query (client gone, stream limit, server stop) and closes the connection. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        if (finished.compareAndSet(false, true)) {
            handle.release();
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        synchronized (lock) {
            outstanding = CHUNK;
        }
        s.request(CHUNK);
    }

    @Override
    public void onNext(PathRecord r) {
        byte[] line = (Json.path(r) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean wake;
        synchronized (lock) {
            if (pendingLength + line.length > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + line.length));
            }
            System.arraycopy(line, 0, pending, pendingLength, line.length);
            pendingLength += line.length;
            outstanding--;
            wake = outstanding == 0;
        }
        handle.delivered(1);
        if (wake) {
            wakeWriter();
        }
    }

    @Override
    public void onError(Throwable t) {
        synchronized (lock) {
            done = true;
            failure = t instanceof QueryException q ? ApiError.of(q)
                : new ApiError(500, "INTERNAL", "query failed: " + t);
        }
        wakeWriter();
    }

    @Override
    public void onComplete() {
        synchronized (lock) {
            done = true;
        }
        wakeWriter();
    }

    private void wakeWriter() {
        synchronized (lock) {
            if (wakeScheduled) {
                return;
            }
            wakeScheduled = true;
        }
        exchange.getIoThread().execute(() -> {
            boolean failedEarly;
            synchronized (lock) {
                wakeScheduled = false;
                failedEarly = failure != null && pendingLength == 0;
            }
            if (finished.get()) {
                return;
            }
            if (channel == null) {
                // the status line goes out with the first byte: a query that fails before its first path
                // (bad cursor, expired stage) still gets its 4xx
                if (failedEarly) {
                    exchange.setStatusCode(failure.status);
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
                } else {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-ndjson; charset=utf-8");
                }
                channel = exchange.getResponseChannel();
                channel.getWriteSetter().set(this);
            }
            channel.resumeWrites();
        });
    }

    /** The write listener (I/O thread): writes what is pending; asks for more when all of it is out. */
    @Override
    public void handleEvent(StreamSinkChannel ch) {
        try {
            while (true) {
                if (writing != null && writing.hasRemaining()) {
                    started = true;
                    if (ch.write(writing) == 0) {
                        return; // socket full: the listener runs again when the client has read
                    }
                    continue;
                }
                boolean isDone;
                ApiError error;
                boolean request = false;
                synchronized (lock) {
                    if (pendingLength > 0) {
                        writing = ByteBuffer.wrap(java.util.Arrays.copyOf(pending, pendingLength));
                        pendingLength = 0;
                        continue;
                    }
                    isDone = done;
                    error = failure;
                    if (!isDone && outstanding == 0) {
                        outstanding = CHUNK;
                        request = true;
                    }
                }
                if (isDone) {
                    finish(ch, error);
                    return;
                }
                if (!ch.flush()) {
                    return; // the listener runs again when the flush can go on
                }
                ch.suspendWrites(); // wait for the publisher; onNext/onComplete wakes the listener
                if (request) {
                    subscription.request(CHUNK);
                }
                return;
            }
        } catch (IOException e) {
            cancel(); // the client went away
        }
    }

    private void finish(StreamSinkChannel ch, ApiError error) throws IOException {
        if (error != null) {
            byte[] body;
            if (!started && exchange.getStatusCode() == error.status) {
                body = (error.json() + "\n").getBytes(StandardCharsets.UTF_8);
            } else {
                body = ("{\"error\":" + error.json() + "}\n").getBytes(StandardCharsets.UTF_8);
            }
            writing = ByteBuffer.wrap(body);
            error = null;
            synchronized (lock) {
                failure = null;
            }
            handleEvent(ch);
            return;
        }
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        handle.release();
        ch.shutdownWrites();
        if (!ch.flush()) {
            ch.getWriteSetter().set(ChannelListeners.flushingChannelListener(c -> {
                c.getWriteSetter().set(null);
                exchange.endExchange();
            }, (c, e) -> IoUtils.safeClose(exchange.getConnection())));
            ch.resumeWrites();
        } else {
            ch.getWriteSetter().set(null);
            exchange.endExchange();
        }
    }
}

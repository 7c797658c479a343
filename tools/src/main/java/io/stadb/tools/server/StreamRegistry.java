package io.stadb.tools.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streams the server runs (NDJSON and WebSocket): a global limit, the time limit (a stream that
 * runs past it is cancelled), and cancellation of all of them when the server stops.
 */
final class StreamRegistry {
    private final int max;
    private final Duration limit;
    private final Set<Handle> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong completed = new AtomicLong();

    StreamRegistry(int max, Duration limit) {
        this.max = max;
        this.limit = limit;
    }

    /** A new stream's handle, or a 503 when {@code max} streams run. */
    Handle open() {
        Handle h = new Handle();
        synchronized (open) {
            if (open.size() >= max) {
                throw new ApiError(503, "TOO_MANY_STREAMS", "the server runs " + max + " streams already; retry later");
            }
            open.add(h);
        }
        return h;
    }

    int size() {
        return open.size();
    }

    /** Paths the open streams have handed to their connections so far. */
    long deliveredInOpen() {
        long n = 0;
        for (Handle h : open) {
            n += h.delivered();
        }
        return n;
    }

    long released() {
        return completed.get();
    }

    /** Cancels the streams that ran past the limit (called by the server's timer). */
    void expire() {
        long now = System.nanoTime();
        for (Handle h : List.copyOf(open)) {
            if (now - h.started > limit.toNanos()) {
                h.expired = true;
                h.cancel();
            }
        }
    }

    void cancelAll() {
        for (Handle h : new ArrayList<>(open)) {
            h.cancel();
        }
    }

    /** One stream's entry: what cancels it, and what it delivered. */
    final class Handle {
        final long started = System.nanoTime();
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicLong delivered = new AtomicLong();
        private volatile Runnable onCancel = () -> { };
        volatile boolean expired;

        void onCancel(Runnable r) {
            onCancel = r;
        }

        void cancel() {
            onCancel.run();
            release();
        }

        void delivered(long n) {
            delivered.addAndGet(n);
        }

        long delivered() {
            return delivered.get();
        }

        /** The stream is over; idempotent. */
        void release() {
            if (released.compareAndSet(false, true)) {
                open.remove(this);
                completed.incrementAndGet();
            }
        }
    }
}

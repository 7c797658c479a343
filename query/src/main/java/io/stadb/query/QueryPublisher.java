package io.stadb.query;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A query as a {@link Flow.Publisher}. Each subscription gets one worker thread that owns the walk (its
 * mappings are never touched by another thread). The worker buffers decoded paths ahead of demand up to
 * the high watermark, then stops decoding until the buffer drains to the low watermark: a subscriber
 * that requests nothing costs one bounded buffer, not the stage. {@code cancel()} stops it within one
 * batch and releases everything; so does a failure (signalled with {@code onError}).
 */
final class QueryPublisher implements Flow.Publisher<PathRecord> {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final Query query;
    private final String cursor;
    private final int capacity; // the iterator's batch is at most this, so decoded-but-undelivered <= 2 * capacity
    private final int high;
    private final int low;

    QueryPublisher(Query query, String cursor, int capacity, double high, double low) {
        this.query = query;
        this.cursor = cursor;
        this.capacity = capacity;
        this.high = Math.max(1, (int) Math.floor(capacity * high));
        this.low = (int) Math.floor(capacity * low);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super PathRecord> s) {
        Sub sub = new Sub(s);
        Thread t = new Thread(sub::run, "stadb-query-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        s.onSubscribe(sub);
        t.start();
    }

    /** One subscription; its fields other than the demand and the cancel flag belong to the worker. */
    private final class Sub implements Flow.Subscription {
        private final Flow.Subscriber<? super PathRecord> subscriber;
        private final ArrayDeque<PathRecord> buffer = new ArrayDeque<>();
        private final Object lock = new Object();
        private long demand;          // guarded by lock
        private boolean cancelled;    // guarded by lock
        private long badRequest;      // guarded by lock: a non-positive request(n), signalled by the worker
        private final Cancellation cancel = query.cancellation().child();

        Sub(Flow.Subscriber<? super PathRecord> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (lock) {
                if (n <= 0) {
                    // Rule 3.9: an error, signalled by the worker (signals are serial, rule 1.3).
                    cancelled = true;
                    badRequest = n == 0 ? -1 : n;
                    lock.notifyAll();
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                lock.notifyAll();
            }
        }

        @Override
        public void cancel() {
            synchronized (lock) {
                cancelled = true;
                lock.notifyAll();
            }
            cancel.cancel();
        }

        private boolean cancelled() {
            synchronized (lock) {
                return cancelled;
            }
        }

        /** After the walk stopped: tells the subscriber about a non-positive request, if that was why. */
        private void signalBadRequest() {
            long n;
            synchronized (lock) {
                n = badRequest;
            }
            if (n != 0) {
                subscriber.onError(new IllegalArgumentException("request(" + (n == -1 ? 0 : n) + "): must be positive"));
            }
        }

        /** Blocks until there is demand (true) or the subscription is cancelled (false). */
        private boolean awaitDemand() throws InterruptedException {
            synchronized (lock) {
                while (demand == 0 && !cancelled) {
                    lock.wait();
                }
                if (cancelled) {
                    return false;
                }
                demand--;
                return true;
            }
        }

        void run() {
            walk();
            signalBadRequest();
        }

        private void walk() {
            try (PathIterator it = query.iterate(cursor, cancel, query.batchFor(capacity))) {
                boolean more = true;
                while (!cancelled()) {
                    if (more && buffer.size() <= low) {
                        while (buffer.size() < high && (more = it.hasNext())) {
                            buffer.add(it.next());
                        }
                    }
                    if (buffer.isEmpty()) {
                        if (!more) {
                            subscriber.onComplete();
                        }
                        return;
                    }
                    if (!awaitDemand()) {
                        return;
                    }
                    subscriber.onNext(buffer.poll());
                }
            } catch (QueryException e) {
                if (e.reason() != QueryException.Reason.CANCELLED || !cancelled()) {
                    subscriber.onError(e);
                }
            } catch (InterruptedException e) {
                subscriber.onError(new QueryException(QueryException.Reason.CANCELLED, "query thread interrupted"));
            } catch (RuntimeException | Error e) {
                subscriber.onError(e);
            }
        }
    }
}

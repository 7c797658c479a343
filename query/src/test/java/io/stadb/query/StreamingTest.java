package io.stadb.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.ingest.NoLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Streams, iterators and publishers: demand, backpressure, cancellation, and released mappings. */
@ExtendWith(NoLeaks.class)
class StreamingTest {
    @TempDir
    static Path tmp;
    static QueryFixture fx;
    static List<Long> expectedOrder;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new QueryFixture(tmp);
        try (TimingDb db = TimingDb.open(fx.dir); var s = db.query().stream()) {
            expectedOrder = s.map(PathRecord::ordinal).toList();
        }
        assertTrue(expectedOrder.size() > 300);
    }

    /**
     * Mappings of this store's segments and path indexes in this process (Chronicle unmaps the journals
     * the fixture's ingest wrote on a background thread of its own, so they are not counted).
     */
    static long mappings() throws IOException {
        String d = fx.dir.toAbsolutePath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .filter(l -> l.contains(d) && (l.endsWith(".seg") || l.endsWith(".idx"))).count();
    }

    static boolean queryThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("stadb-query-"));
    }

    static void awaitNoQueryThread() throws InterruptedException {
        for (int i = 0; i < 200 && queryThreadAlive(); i++) {
            Thread.sleep(10);
        }
        assertFalse(queryThreadAlive(), "a query thread outlived its subscription");
    }

    /** A subscriber that requests only what the test tells it to. */
    static final class Manual implements Flow.Subscriber<PathRecord> {
        final List<Long> got = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile Flow.Subscription sub;
        volatile boolean completed;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            sub = s;
        }

        @Override
        public void onNext(PathRecord r) {
            got.add(r.ordinal());
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            done.countDown();
        }

        @Override
        public void onComplete() {
            completed = true;
            done.countDown();
        }

        void awaitCount(int n) throws InterruptedException {
            for (int i = 0; i < 500 && got.size() < n; i++) {
                Thread.sleep(10);
            }
        }
    }

    @Test
    void publisherDeliversOnlyWhatIsRequestedAndDecodesABoundedAmountAhead() throws Exception {
        long before = mappings();
        AtomicLong found = new AtomicLong();
        try (TimingDb db = TimingDb.open(fx.dir)) {
            int capacity = 20;
            Flow.Publisher<PathRecord> pub = db.query().progress((scanned, returned, total, nanos) -> found.set(returned))
                .publisher(capacity, 0.8, 0.5);
            Manual m = new Manual();
            pub.subscribe(m);
            Thread.sleep(300);
            assertEquals(0, m.got.size(), "delivered without demand");
            // The worker found at most one batch (= capacity) of paths and stopped: nothing more is decoded.
            assertTrue(found.get() <= capacity, "found " + found.get() + " paths ahead of zero demand");
            m.sub.request(5);
            m.awaitCount(5);
            Thread.sleep(200);
            assertEquals(5, m.got.size());
            assertTrue(found.get() <= 2L * capacity, "found " + found.get());
            m.sub.request(Long.MAX_VALUE);
            assertTrue(m.done.await(30, TimeUnit.SECONDS));
            assertTrue(m.completed, String.valueOf(m.error.get()));
            assertEquals(expectedOrder, m.got);
        }
        awaitNoQueryThread();
        assertEquals(before, mappings());
    }

    @Test
    void cancellingASubscriptionStopsTheWorkerAndReleasesItsMappings() throws Exception {
        long before = mappings();
        try (TimingDb db = TimingDb.open(fx.dir)) {
            Manual m = new Manual();
            db.query().points(true).publisher(8, 0.75, 0.25).subscribe(m);
            m.sub.request(3);
            m.awaitCount(3);
            assertTrue(queryThreadAlive());
            assertTrue(mappings() > before, "the running query maps the stage");
            m.sub.cancel();
            awaitNoQueryThread();
            assertEquals(before, mappings(), "mappings left after cancel");
            assertEquals(expectedOrder.subList(0, 3), m.got);
            assertFalse(m.completed);
        }
    }

    @Test
    void aCancellationHandleOrAnInterruptStopsAStream() throws Exception {
        long before = mappings();
        try (TimingDb db = TimingDb.open(fx.dir)) {
            Cancellation handle = new Cancellation();
            List<Long> seen = new ArrayList<>();
            try (PathIterator it = db.query().inputOrder().points(true).cancellation(handle).iterate(null)) {
                QueryException e = assertThrows(QueryException.class, () -> {
                    while (it.hasNext()) {
                        seen.add(it.next().ordinal());
                        if (seen.size() == 300) {
                            Thread other = new Thread(handle::cancel);
                            other.start();
                            other.join();
                        }
                    }
                });
                assertEquals(QueryException.Reason.CANCELLED, e.reason());
                assertFalse(it.hasNext());
            }
            assertTrue(seen.size() >= 300 && seen.size() < expectedOrder.size(), "stopped after " + seen.size());
            assertEquals(before, mappings());

            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt();
                try (var s = db.query().stream()) {
                    s.forEach(r -> { });
                } catch (Throwable x) {
                    thrown.set(x);
                }
            });
            t.start();
            t.join();
            assertInstanceOf(QueryException.class, thrown.get());
            assertEquals(QueryException.Reason.CANCELLED, ((QueryException) thrown.get()).reason());
        }
        assertEquals(before, mappings());
    }

    @Test
    void aNegativeRequestIsAnError() throws Exception {
        try (TimingDb db = TimingDb.open(fx.dir)) {
            Manual m = new Manual();
            db.query().publisher().subscribe(m);
            m.sub.request(0);
            assertTrue(m.done.await(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, m.error.get());
        }
        awaitNoQueryThread();
    }
}

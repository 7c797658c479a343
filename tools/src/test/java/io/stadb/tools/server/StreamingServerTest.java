package io.stadb.tools.server;

import static io.stadb.tools.server.ServerFixture.cli;
import static io.stadb.tools.server.ServerFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.stadb.tools.server.ServerFixture.WsClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket protocol, many concurrent streams, slow and vanished clients. */
class StreamingServerTest {
    @TempDir
    static Path tmp;
    static Path db;
    static StadbServer server;
    static String routeJsonl;

    @BeforeAll
    static void start() throws Exception {
        db = tmp.resolve("db");
        ServerFixture.makeStore(tmp, db);
        server = StadbServer.start(db, ServerConfig.defaults().withPort(0).withProgressInterval(Duration.ofMillis(20))
            .withMaxStreamsPerConnection(3));
        routeJsonl = cli("query", "--db", db.toString(), "--stage", "route", "--all", "--format", "jsonl").out();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> msg(String json) {
        return (Map<String, Object>) MiniJson.parse(json);
    }

    static int num(Map<String, Object> m, String k) {
        return ((java.math.BigDecimal) m.get(k)).intValueExact();
    }

    /** Every message of the streams {@code ids} until each completed (or failed), by stream. */
    static Map<String, List<String>> drain(WsClient c, java.util.Set<String> ids) throws Exception {
        Map<String, List<String>> by = new java.util.HashMap<>();
        java.util.Set<String> open = new java.util.HashSet<>(ids);
        while (!open.isEmpty()) {
            Object raw = c.nextRaw();
            String text = raw instanceof String x ? x : decompress((byte[]) raw);
            Map<String, Object> m = msg(text);
            String id = String.valueOf(m.get("stream_id"));
            by.computeIfAbsent(id, k -> new ArrayList<>()).add(text);
            if ("query_completed".equals(m.get("type")) || "query_error".equals(m.get("type"))) {
                open.remove(id);
            }
        }
        return by;
    }

    /** The rows of one stream, in order, as JSON lines (the CLI's jsonl), checking the protocol on the way. */
    static String rows(List<String> messages) {
        StringBuilder rows = new StringBuilder();
        long expectBatch = 0;
        boolean more = true;
        boolean completed = false;
        for (String text : messages) {
            Map<String, Object> m = msg(text);
            switch ((String) m.get("type")) {
                case "query_started" -> assertEquals(ServerFixture.PATHS, num(m, "estimated_rows"));
                case "query_batch" -> {
                    assertTrue(more, "no batch after has_more=false");
                    assertEquals(expectBatch++, num(m, "batch_number"));
                    more = (Boolean) m.get("has_more");
                    String inner = text.substring(text.indexOf("\"rows\":[") + 8, text.lastIndexOf("],\"has_more\""));
                    for (String row : inner.isEmpty() ? new String[0] : inner.split("(?<=\\}),(?=\\{\"stage\")")) {
                        rows.append(row).append('\n');
                    }
                }
                case "query_progress" -> assertTrue(m.containsKey("rows_processed") && m.containsKey("percentage")
                    && m.containsKey("throughput") && m.containsKey("eta"), text);
                case "query_completed" -> {
                    assertFalse(more, "completed after the last batch");
                    assertEquals(rows.toString().lines().count(), num(m, "total_rows"));
                    assertTrue(m.containsKey("execution_time_ms"));
                    completed = true;
                }
                default -> throw new AssertionError("unexpected " + text);
            }
        }
        assertTrue(completed, "completed");
        return rows.toString();
    }

    static String collect(WsClient c, String id) throws Exception {
        return rows(drain(c, java.util.Set.of(id)).get(id));
    }

    static String decompress(byte[] b) throws Exception {
        if (b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new String(Zstd.decompress(b, (int) Zstd.getFrameContentSize(b)), StandardCharsets.UTF_8);
    }

    @Test
    void webSocketStreamsEqualTheCliWithSeveralStreamsPerConnection() throws Exception {
        WsClient c = WsClient.open(server, true);
        try {
            c.send("{\"type\":\"stream_query\",\"stream_id\":\"a\",\"query\":{\"stage\":\"route\"},\"batch_size\":300}");
            c.send("{\"type\":\"stream_query\",\"stream_id\":7,\"query\":{\"stage\":\"route\",\"group\":\"clk\","
                + "\"slack_below\":0},\"batch_size\":1000,\"compression\":\"gzip\"}");
            c.send("{\"type\":\"stream_query\",\"stream_id\":\"z\",\"query\":{\"stage\":\"route\"},\"batch_size\":2000,"
                + "\"compression\":\"zstd\"}");
            Map<String, List<String>> by = drain(c, java.util.Set.of("a", "7", "z"));
            assertEquals(routeJsonl, rows(by.get("a")));
            assertEquals(cli("query", "--db", db.toString(), "--stage", "route", "--group", "clk", "--slack-below", "0",
                "--all", "--format", "jsonl").out(), rows(by.get("7")));
            assertEquals(routeJsonl, rows(by.get("z")));
            assertTrue(by.get("a").size() > 7, "batches of 300: " + by.get("a").size());
        } finally {
            c.close();
        }
        awaitNoStreams();
    }

    @Test
    void progressIsReportedToASlowReader() throws Exception {
        WsClient c = WsClient.open(server, false);
        try {
            // with points each row is ~5 KB: the socket buffers fill and the stream lasts while the client dawdles
            c.send("{\"type\":\"stream_query\",\"stream_id\":\"p\",\"query\":{\"stage\":\"route\",\"points\":true},"
                + "\"batch_size\":50}");
            List<String> all = new ArrayList<>();
            while (all.isEmpty() || !all.get(all.size() - 1).contains("query_completed")) {
                all.add(c.next());
                Thread.sleep(10);
            }
            assertEquals(ServerFixture.PATHS, rows(all).lines().count());
            assertTrue(all.stream().anyMatch(m -> m.contains("\"type\":\"query_progress\"")), "progress was reported");
        } finally {
            c.close();
        }
        awaitNoStreams();
    }

    @Test
    void badMessagesGetErrorsAndTheConnectionGoesOn() throws Exception {
        WsClient c = WsClient.open(server, true);
        try {
            String[][] cases = {
                {"{not json", "BAD_MESSAGE"}, {"[1,2]", "BAD_MESSAGE"}, {"{\"type\":\"dance\"}", "BAD_MESSAGE"},
                {"{\"type\":\"cancel_query\",\"stream_id\":\"nope\"}", "NO_SUCH_STREAM"},
                {"{\"type\":\"stream_query\",\"query\":{\"stage\":\"nope\"}}", "NO_SUCH_STAGE"},
                {"{\"type\":\"stream_query\",\"query\":{\"bogus\":1}}", "BAD_QUERY"},
                {"{\"type\":\"stream_query\",\"query\":{\"slack_below\":\"x\"}}", "BAD_QUERY"},
                {"{\"type\":\"stream_query\",\"query\":\"stage=route\"}", "BAD_QUERY"},
                {"{\"type\":\"stream_query\",\"batch_size\":0}", "BAD_QUERY"},
                {"{\"type\":\"stream_query\",\"batch_size\":2.5}", "BAD_QUERY"},
                {"{\"type\":\"stream_query\",\"compression\":\"lz4\"}", "BAD_QUERY"},
                {"{\"type\":\"stream_query\",\"extra\":1}", "BAD_MESSAGE"},
                {"{\"type\":\"stream_query\",\"stream_id\":{}}", "BAD_MESSAGE"},
                {"{\"type\":\"stream_query\",\"query\":{\"cursor\":\"garbage\"}}", "BAD_CURSOR"},
                {"{\"type\":\"stream_query\",\"query\":{\"group\":\"" + "x".repeat(70_000) + "\"}}", "MESSAGE_TOO_LARGE"},
            };
            for (String[] k : cases) {
                c.send(k[0]);
                String reply = c.next();
                Map<String, Object> m = msg(reply);
                if (k[1].equals("BAD_CURSOR")) { // the cursor is checked by the query itself: started, then the error
                    assertEquals("query_started", m.get("type"), reply);
                    m = msg(c.next());
                }
                assertEquals("query_error", m.get("type"), reply);
                assertEquals(k[1], m.get("code"), k[0].substring(0, Math.min(80, k[0].length())) + " -> " + reply);
                assertTrue(((String) m.get("message")).length() > 5);
            }
            c.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
            assertEquals("BAD_MESSAGE", msg(c.next()).get("code"));
            // still serving
            c.send("{\"type\":\"stream_query\",\"stream_id\":\"ok\",\"query\":{\"stage\":\"place\",\"group\":\"clk\"}}");
            assertEquals(cli("query", "--db", db.toString(), "--stage", "place", "--group", "clk", "--all", "--format", "jsonl").out(),
                collect(c, "ok"));
        } finally {
            c.close();
        }
        awaitNoStreams();
    }

    @Test
    void cancelMidStreamFreesTheStreamAndLimitsHold() throws Exception {
        WsClient c = WsClient.open(server, false);
        try {
            for (String id : List.of("1", "2", "3")) {
                c.send("{\"type\":\"stream_query\",\"stream_id\":\"" + id + "\",\"query\":{\"points\":true},\"batch_size\":5}");
            }
            c.send("{\"type\":\"stream_query\",\"stream_id\":\"4\"}");
            c.send("{\"type\":\"stream_query\",\"stream_id\":\"1\"}");
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 12 && got.stream().noneMatch(s -> s.contains("TOO_MANY_STREAMS")); i++) {
                got.add(c.next());
            }
            assertTrue(got.stream().anyMatch(s -> s.contains("\"code\":\"TOO_MANY_STREAMS\"") && s.contains("\"stream_id\":\"4\"")), got.toString());
            // the client reads slowly: every stream is parked; cancel them mid-stream
            assertEquals(3, server.openStreams());
            for (String id : List.of("1", "2", "3")) {
                c.send("{\"type\":\"cancel_query\",\"stream_id\":\"" + id + "\"}");
            }
            awaitNoStreams();
            List<String> rest = new ArrayList<>();
            long cancelled = 0;
            while (cancelled < 3) {
                String m = c.next();
                rest.add(m);
                if (m.contains("\"type\":\"query_cancelled\"")) {
                    cancelled++;
                }
            }
            assertTrue(rest.stream().noneMatch(s -> s.contains("query_completed")), "cancelled streams do not complete");
            // the connection goes on
            WsClient d = WsClient.open(server, true);
            d.send("{\"type\":\"stream_query\",\"stream_id\":\"again\",\"query\":{\"stage\":\"route\"}}");
            assertEquals(routeJsonl, collect(d, "again"));
            d.close();
        } finally {
            c.close();
        }
        awaitNoStreams();
    }

    @Test
    void timedOutAndDroppedStreamsAreCancelledAndReleased() throws Exception {
        try (StadbServer s = StadbServer.start(db, ServerConfig.defaults().withPort(0).withStreamLimit(Duration.ofMillis(300)))) {
            WsClient c = WsClient.open(s, false);
            c.send("{\"type\":\"stream_query\",\"stream_id\":\"slow\",\"query\":{\"points\":true},\"batch_size\":5}");
            assertTrue(c.next().contains("query_started"));
            long t0 = System.nanoTime();
            String m;
            do {
                m = c.next();
            } while (!m.contains("query_error"));
            assertTrue(m.contains("\"code\":\"TIMEOUT\""), m);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
            await(() -> s.openStreams() == 0);
            c.close();
        }
        // a connection that drops mid-stream
        WsClient c = WsClient.open(server, false);
        c.send("{\"type\":\"stream_query\",\"stream_id\":\"gone\",\"query\":{\"points\":true},\"batch_size\":5}");
        assertTrue(c.next().contains("query_started"));
        await(() -> server.openStreams() == 1);
        c.close();
        awaitNoStreams();
        // an NDJSON client that drops mid-stream
        try (Socket sock = new Socket()) {
            sock.setReceiveBufferSize(4096);
            sock.connect(new InetSocketAddress("127.0.0.1", server.port()));
            sock.getOutputStream().write(("GET /query/stream?points=1 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            sock.getInputStream().read(new byte[100]);
            await(() -> server.openStreams() == 1);
        }
        awaitNoStreams();
    }

    /** 50 clients stream the whole stage at once over NDJSON; all get the CLI's answer; the heap stays bounded. */
    @Test
    void fiftyConcurrentStreamingClients() throws Exception {
        long before = usedHeapAfterGc();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        long[] peak = {0};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], server.openStreams());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            List<Future<String>> f = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                f.add(pool.submit(() -> {
                    HttpResponse<String> r = ServerFixture.HTTP.send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/query/stream?stage=route")).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode());
                    return r.body();
                }));
            }
            for (Future<String> x : f) {
                assertEquals(routeJsonl, x.get(120, TimeUnit.SECONDS));
            }
        } finally {
            sampler.interrupt();
            sampler.join();
            pool.shutdownNow();
        }
        assertTrue(peak[0] > 1, "streams ran at the same time: " + peak[0]);
        awaitNoStreams();
        long after = usedHeapAfterGc();
        assertTrue(after - before < 64L << 20, "heap after 50 streams grew by " + ((after - before) >> 20) + " MB");
    }

    /**
     * A client that stops reading: the server stops decoding for it (its stream delivers no more than a few
     * chunks past what the socket holds) and its heap does not grow, while another client is served in full.
     */
    @Test
    void aClientThatStopsReadingDoesNotGrowServerMemory() throws Exception {
        try (Socket sock = new Socket()) {
            sock.setReceiveBufferSize(4096);
            sock.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream o = sock.getOutputStream();
            o.write(("GET /query/stream?points=1 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            await(() -> server.openStreams() == 1);
            // let it fill the socket buffers and stall
            long delivered;
            long prev = -1;
            while (true) {
                Thread.sleep(300);
                delivered = server.streams.deliveredInOpen();
                if (delivered == prev && delivered > 0) {
                    break;
                }
                prev = delivered;
            }
            long heapStalled = usedHeapAfterGc();
            assertTrue(delivered < ServerFixture.PATHS / 2, "a stalled stream stops decoding: " + delivered + " paths");
            // meanwhile others are served
            for (int i = 0; i < 5; i++) {
                assertEquals(routeJsonl, get(server, "/query/stream?stage=route").body());
            }
            Thread.sleep(500);
            assertEquals(delivered, server.streams.deliveredInOpen(), "still stalled");
            long heapLater = usedHeapAfterGc();
            assertTrue(heapLater - heapStalled < 16L << 20, "heap grew by " + ((heapLater - heapStalled) >> 10) + " KB");
            // it reads again: the rest arrives
            InputStream in = sock.getInputStream();
            byte[] buf = new byte[1 << 16];
            long lines = 0;
            String tail = "";
            for (int n; (n = in.read(buf)) > 0; ) {
                String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
                lines += chunk.chars().filter(ch -> ch == '\n').count();
                tail = (tail + chunk);
                tail = tail.substring(Math.max(0, tail.length() - 16));
                if (tail.endsWith("0\r\n\r\n")) {
                    break;
                }
            }
            assertTrue(lines > ServerFixture.PATHS, "every path arrived: " + lines + " lines");
        }
        awaitNoStreams();
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void awaitNoStreams() throws InterruptedException {
        await(() -> server.openStreams() == 0);
    }

    static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s (open streams " + server.openStreams() + ")");
            }
            Thread.sleep(10);
        }
    }
}

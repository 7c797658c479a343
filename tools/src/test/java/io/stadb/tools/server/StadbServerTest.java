package io.stadb.tools.server;

import static io.stadb.tools.server.ServerFixture.cli;
import static io.stadb.tools.server.ServerFixture.get;
import static io.stadb.tools.server.ServerFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.engine.Store;
import io.stadb.tools.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API against the CLI: same answers, streamed ingest, errors, tokens and binds, no leaks on stop. */
class StadbServerTest {
    @TempDir
    static Path tmp;
    static Path db;
    static Path[] reports;
    static StadbServer server;

    @BeforeAll
    static void start() throws Exception {
        db = tmp.resolve("db");
        reports = ServerFixture.makeStore(tmp, db);
        server = StadbServer.start(db, ServerConfig.defaults().withPort(0).withMaxIngestBytes(20_000_000));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String cliOut(String... args) {
        CliRun r = cli(args);
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    static String nextCursor(String page) {
        Matcher m = Pattern.compile("\"next_cursor\":(null|\"([^\"]*)\")").matcher(page);
        assertTrue(m.find(), page);
        return m.group(2);
    }

    @Test
    void roundTripThroughTheServerEqualsTheCli() throws Exception {
        String d = db.toString();
        assertEquals(cliOut("stages", "--db", d, "--format", "json"), get(server, "/stages").body());
        assertEquals(cliOut("stats", "--db", d, "--stage", "route", "--format", "json"), get(server, "/stages/route/stats").body());
        assertEquals(cliOut("stats", "--db", d, "--format", "json", "--bins", "7"), get(server, "/stats?bins=7").body());
        assertEquals(cliOut("diff", "--db", d, "--from", "place", "--to", "route", "--top", "5", "--format", "json"),
            get(server, "/diff?from=place&to=route&top=5").body());
        assertEquals(cliOut("trend", "--db", d, "--format", "json"), get(server, "/trend").body());
        assertEquals(cliOut("trend", "--db", d, "--format", "json", "route", "place"),
            get(server, "/trend?stage=route&stage=place").body());

        // pages: the same bytes as json-page, cursor by cursor to the end
        String filters = "stage=route&slack_below=0&group=clk";
        List<String> pagesCli = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String[] args = cursor == null
                ? new String[] {"query", "--db", d, "--stage", "route", "--slack-below", "0", "--group", "clk", "--page-size", "300", "--format", "json-page"}
                : new String[] {"query", "--db", d, "--stage", "route", "--slack-below", "0", "--group", "clk", "--page-size", "300", "--format", "json-page", "--cursor", cursor};
            String c = cliOut(args);
            HttpResponse<String> s = get(server, "/query?" + filters + "&page_size=300" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, s.statusCode());
            assertEquals(c, s.body(), "page " + pages);
            pagesCli.add(c);
            cursor = nextCursor(c);
            pages++;
        } while (cursor != null);
        assertTrue(pages > 2, "several pages: " + pages);

        // the stream: the same lines as --all --format jsonl; and from a cursor
        String all = cliOut("query", "--db", d, "--stage", "route", "--slack-below", "0", "--group", "clk", "--all", "--format", "jsonl");
        HttpResponse<String> st = get(server, "/query/stream?" + filters);
        assertEquals(200, st.statusCode());
        assertTrue(st.headers().firstValue("content-type").orElse("").startsWith("application/x-ndjson"));
        assertEquals(all, st.body());
        assertTrue(all.lines().count() > 600, "a long stream: " + all.lines().count());
        String first = nextCursor(pagesCli.get(0));
        assertEquals(cliOut("query", "--db", d, "--stage", "route", "--slack-below", "0", "--group", "clk", "--all",
            "--format", "jsonl", "--cursor", first), get(server, "/query/stream?" + filters + "&cursor=" + first).body());
        // worst, points, input order, unique endpoints
        assertEquals(cliOut("query", "--db", d, "--worst", "3", "--points", "--format", "json-page"),
            get(server, "/query?worst=3&points=1").body());
        assertEquals(cliOut("query", "--db", d, "--order", "input", "--unique-endpoints", "--all", "--format", "jsonl"),
            get(server, "/query/stream?order=input&unique_endpoints=true").body());
        assertEquals(cliOut("query", "--db", d, "--stage", "place", "--all", "--format", "jsonl"),
            get(server, "/query/stream?stage=place").body());
        assertTrue(get(server, "/").body().contains("\"service\":\"stadb\""));
        assertTrue(get(server, "/stages/place").body().contains("\"name\":\"place\""));
        assertEquals(0, server.openStreams(), "every stream released");
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        record Case(String path, int status, String code) {
        }
        for (Case c : List.of(new Case("/nope", 404, "NOT_FOUND"), new Case("/query?bogus=1", 400, "BAD_REQUEST"),
            new Case("/query?stage=nope", 404, "NO_SUCH_STAGE"), new Case("/query/stream?stage=nope", 404, "NO_SUCH_STAGE"),
            new Case("/query?cursor=garbage", 400, "BAD_CURSOR"), new Case("/query/stream?cursor=garbage", 400, "BAD_CURSOR"),
            new Case("/query?page_size=0", 400, "BAD_REQUEST"), new Case("/query?page_size=x", 400, "BAD_REQUEST"),
            new Case("/query?slack_below=abc", 400, "BAD_QUERY"), new Case("/query?type=sideways", 400, "BAD_QUERY"),
            new Case("/query?order=random", 400, "BAD_QUERY"), new Case("/query?worst=3&cursor=x", 400, "BAD_REQUEST"),
            new Case("/query?group=a&group=b", 400, "BAD_REQUEST"), new Case("/query?group=" + "x".repeat(3000), 400, "BAD_REQUEST"),
            new Case("/query?group=%01", 400, "BAD_REQUEST"),
            new Case("/stages/..%2Fetc/stats", 400, "BAD_STAGE_NAME"), new Case("/stages/a%20b", 400, "BAD_STAGE_NAME"),
            new Case("/stages/nope/stats", 404, "NO_SUCH_STAGE"), new Case("/stats?bin_width=-1", 400, "BAD_REQUEST"),
            new Case("/diff", 400, "BAD_REQUEST"), new Case("/diff?from=nope", 404, "NO_SUCH_STAGE"),
            new Case("/trend?stage=nope", 404, "NO_SUCH_STAGE"), new Case("/stages?x=1", 400, "BAD_REQUEST"))) {
            HttpResponse<String> r = get(server, c.path());
            assertEquals(c.status(), r.statusCode(), c.path() + ": " + r.body());
            assertTrue(r.body().startsWith("{\"status\":" + c.status() + ",\"code\":\"" + c.code() + "\",\"message\":"),
                c.path() + ": " + r.body());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), c.path());
        }
        // a cursor of another query
        String cursor = nextCursor(get(server, "/query?page_size=5").body());
        HttpResponse<String> mism = get(server, "/query?group=clk&cursor=" + cursor);
        assertEquals(400, mism.statusCode(), mism.body());
        assertTrue(mism.body().contains("CURSOR_MISMATCH"), mism.body());
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages"))
            .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("allow").orElse(""));
        assertTrue(post.body().contains("METHOD_NOT_ALLOWED"));
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/ok?meta=novalue"))
            .PUT(HttpRequest.BodyPublishers.ofString("")));
        assertEquals(400, put.statusCode(), put.body());
        HttpResponse<String> body = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages"))
            .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(413, body.statusCode());
        assertTrue(body.body().contains("only PUT"), body.body());
        HttpResponse<String> ws = send(HttpRequest.newBuilder(URI.create(server.url() + "/ws")).DELETE());
        assertEquals(405, ws.statusCode());
    }

    @Test
    void ingestStreamsTheBodyAndFollowsTheCliRules() throws Exception {
        byte[] text = Files.readAllBytes(reports[1]);
        // chunked upload (unknown length), parsed as it arrives
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/cts?meta=step%3D4_cts&meta=by%3Dtest"))
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(text))));
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"stage\":\"cts\"") && r.body().contains("\"paths\":2000")
            && r.body().contains("\"bad_blocks\":0"), r.body());
        assertTrue(get(server, "/stages").body().contains("\"name\":\"cts\""), "the new stage is seen at once");
        assertTrue(get(server, "/stages/cts").body().contains("\"meta\":{\"by\":\"test\",\"step\":\"4_cts\"}"));
        assertEquals(cliOut("query", "--db", db.toString(), "--stage", "route", "--all", "--format", "jsonl")
                .replace("\"stage\":\"route\"", "\"stage\":\"cts\""),
            get(server, "/query/stream?stage=cts").body());
        assertEquals(cliOut("report", "--db", db.toString(), "--stage", "route"),
            cliOut("report", "--db", db.toString(), "--stage", "cts"), "the same text as the CLI's ingest of the file");

        // the same stage again: exists (409); with replace: stored
        HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/cts"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(text)));
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("STAGE_EXISTS"), again.body());
        HttpResponse<String> replaced = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/cts?replace=1"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(reports[0]))));
        assertEquals(201, replaced.statusCode(), replaced.body());
        assertEquals(cliOut("stats", "--db", db.toString(), "--stage", "place", "--format", "json").replace("\"place\"", "\"cts\""),
            get(server, "/stages/cts/stats").body());

        // bad blocks: skipped (201, counted) or, strict, refused with nothing stored (422)
        byte[] bad = (new String(text, 0, 20_000, StandardCharsets.ISO_8859_1) + "\nStartpoint: x\n").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> skipped = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/bad"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bad)));
        assertEquals(201, skipped.statusCode(), skipped.body());
        assertFalse(skipped.body().contains("\"bad_blocks\":0"), skipped.body());
        HttpResponse<String> strict = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/strict?strict=1"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bad)));
        assertEquals(422, strict.statusCode(), strict.body());
        assertTrue(strict.body().contains("BAD_REPORT"), strict.body());
        assertEquals(404, get(server, "/stages/strict").statusCode());

        // too large: 413, nothing stored
        byte[] big = new byte[21_000_000];
        for (int i = 0; i < big.length; i += text.length) {
            System.arraycopy(text, 0, big, i, Math.min(text.length, big.length - i));
        }
        HttpResponse<String> tooBig = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/big"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertEquals(413, tooBig.statusCode(), tooBig.body());
        assertTrue(tooBig.body().contains("TOO_LARGE"), tooBig.body());
        try { // chunked: counted as it arrives; the server answers 413 and closes (the client may see only the close)
            HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/big"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
            assertEquals(413, chunked.statusCode(), chunked.body());
        } catch (IOException closed) {
            // the connection was closed while the client was still sending
        }
        assertEquals(404, get(server, "/stages/big").statusCode());

        // another process's writer: 409 naming the lock
        try (Store w = Store.open(db, true)) {
            assertNotNull(w);
            HttpResponse<String> locked = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/locked"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(text)));
            assertEquals(409, locked.statusCode(), locked.body());
            assertTrue(locked.body().contains("STORE_LOCKED") && locked.body().contains("open for writing by another process"),
                locked.body());
        }

        // a second PUT while one runs: 409; the first one finishes
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            int at;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at >= 10_000) {
                    started.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                if (at >= text.length) {
                    return -1;
                }
                int n = Math.min(len, Math.min(text.length - at, 4096));
                System.arraycopy(text, at, b, off, n);
                at += n;
                return n;
            }
        };
        var first = ServerFixture.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/stages/slow"))
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> slow)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(started.await(30, TimeUnit.SECONDS));
        Thread.sleep(200);
        HttpResponse<String> busy = send(HttpRequest.newBuilder(URI.create(server.url() + "/stages/other"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(text)));
        assertEquals(409, busy.statusCode(), busy.body());
        assertTrue(busy.body().contains("INGEST_RUNNING"), busy.body());
        release.countDown();
        HttpResponse<String> done = first.get(60, TimeUnit.SECONDS);
        assertEquals(201, done.statusCode(), done.body());
        assertTrue(done.body().contains("\"paths\":2000"), done.body());
    }

    @Test
    void tokenAndBindRules() throws Exception {
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
            () -> StadbServer.start(db, ServerConfig.defaults().withHost("0.0.0.0").withPort(0)));
        assertTrue(open.getMessage().contains("requires a bearer token"), open.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> StadbServer.start(db, ServerConfig.defaults().withHost("0.0.0.0").withPort(0).withToken("short")));
        assertThrows(IllegalArgumentException.class,
            () -> StadbServer.start(db, ServerConfig.defaults().withHost("no-such-host.invalid").withPort(0)));
        CliRun usage = cli("serve", "--db", db.toString(), "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("--token-file"), usage.err());

        String token = "s3cret-token-0123456789";
        try (StadbServer s = StadbServer.start(db, ServerConfig.defaults().withPort(0).withToken(token))) {
            HttpResponse<String> none = get(s, "/stages");
            assertEquals(401, none.statusCode());
            assertTrue(none.body().contains("UNAUTHORIZED"));
            assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
            HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(s.url() + "/stages"))
                .header("Authorization", "Bearer wrong-token-0123456789"));
            assertEquals(403, wrong.statusCode());
            HttpResponse<String> right = send(HttpRequest.newBuilder(URI.create(s.url() + "/stages"))
                .header("Authorization", "Bearer " + token));
            assertEquals(200, right.statusCode());
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(s.url() + "/stages/x"))
                .PUT(HttpRequest.BodyPublishers.ofString("")));
            assertEquals(401, put.statusCode());
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> ServerFixture.HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(ServerFixture.ws(s)), new ServerFixture.WsClient(true)).get(10, TimeUnit.SECONDS));
            assertTrue(String.valueOf(e.getCause()).contains("401") || e.getCause() instanceof java.net.http.WebSocketHandshakeException,
                String.valueOf(e.getCause()));
            var ok = ServerFixture.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(ServerFixture.ws(s)), new ServerFixture.WsClient(true)).get(10, TimeUnit.SECONDS);
            ok.abort();
        }
    }

    /** Threads and mappings the server made are all gone after close. */
    @Test
    void stopLeavesNoThreadsNorMappings() throws Exception {
        java.util.Set<Thread> before = java.util.Set.copyOf(Thread.getAllStackTraces().keySet());
        StadbServer s = StadbServer.start(db, ServerConfig.defaults().withPort(0));
        assertEquals(200, get(s, "/query/stream?points=1").statusCode());
        ServerFixture.WsClient c = ServerFixture.WsClient.open(s, false);
        c.send("{\"type\":\"stream_query\",\"stream_id\":\"x\",\"query\":{\"points\":true},\"batch_size\":5}");
        assertTrue(c.next().contains("query_started"));
        assertTrue(c.next().contains("query_batch"));
        // the client reads no more: the stream is parked on its send; closing the server must still end it
        assertTrue(mine(before).stream().anyMatch(n -> n.startsWith("stadb-query-")), "a stream thread runs: " + mine(before));
        assertTrue(mappings(db) > 0, "the stream maps its stage");
        s.close();
        s.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!mine(before).isEmpty() || mappings(db) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), mine(before), "threads the server started");
        assertEquals(0, mappings(db), "mappings of the store");
        assertEquals(0, s.openStreams());
        c.close();
        assertThrows(Exception.class, () -> get(s, "/stages"));
    }

    /** Server threads (Undertow's XNIO, stream workers, the timer) started since {@code before}. */
    static List<String> mine(java.util.Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
            .map(Thread::getName).filter(n -> n.startsWith("XNIO-") || n.startsWith("stadb-")).toList();
    }

    static List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    /** Mappings of the store's stage files in this process. */
    static long mappings(Path store) throws IOException {
        String dir = store.toAbsolutePath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(dir + "/stages/")).count();
    }

    static Map<String, String> unused() {
        return Map.of();
    }
}

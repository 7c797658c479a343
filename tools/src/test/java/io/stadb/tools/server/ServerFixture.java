package io.stadb.tools.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stadb.ingest.ReportGenerator;
import io.stadb.tools.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What the server tests share: a store of two generated stages, the CLI in-process, HTTP and WebSocket clients. */
final class ServerFixture {
    static final int PATHS = 2000;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServerFixture() {
    }

    /** A store with stages "place" and "route" (2000 generated paths each, different seeds); returns the report files. */
    static Path[] makeStore(Path tmp, Path db) throws Exception {
        Path place = tmp.resolve("place.rpt");
        Path route = tmp.resolve("route.rpt");
        try (OutputStream o = Files.newOutputStream(place)) {
            new ReportGenerator(ReportGenerator.Options.of(PATHS, 1)).write(o);
        }
        try (OutputStream o = Files.newOutputStream(route)) {
            new ReportGenerator(ReportGenerator.Options.of(PATHS, 2)).write(o);
        }
        assertEquals(0, cli("ingest", "--db", db.toString(), "--stage", "place", "--no-progress", place.toString()).code());
        assertEquals(0, cli("ingest", "--db", db.toString(), "--stage", "route", "--no-progress", route.toString()).code());
        return new Path[] {place, route};
    }

    /** The CLI, in-process, with its stdout and stderr captured. */
    static CliRun cli(String... args) {
        return CliRun.run(args);
    }

    static HttpResponse<String> get(StadbServer s, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + pathAndQuery)).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String ws(StadbServer s) {
        return s.url().replace("http://", "ws://") + "/ws";
    }

    /** A WebSocket client that queues every message; with {@code autoRead} off it reads only when asked. */
    static final class WsClient implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final boolean autoRead;
        private final StringBuilder text = new StringBuilder();
        private ByteArrayOutputStream binary = new ByteArrayOutputStream();
        WebSocket socket;
        volatile boolean closed;

        WsClient(boolean autoRead) {
            this.autoRead = autoRead;
        }

        static WsClient open(StadbServer s, boolean autoRead) throws Exception {
            WsClient c = new WsClient(autoRead);
            c.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(ws(s)), c).get(10, TimeUnit.SECONDS);
            return c;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            if (autoRead || !last) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.write(b, 0, b.length);
            if (last) {
                messages.add(binary.toByteArray());
                binary = new ByteArrayOutputStream();
            }
            if (autoRead || !last) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            messages.add("closed " + statusCode);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
            messages.add("error " + error);
        }

        void send(String json) throws Exception {
            socket.sendText(json, true).get(10, TimeUnit.SECONDS);
        }

        /** The next message as text (a binary one is returned as bytes by {@link #nextRaw}). */
        String next() throws Exception {
            Object o = nextRaw();
            return o instanceof String s ? s : new String((byte[]) o, StandardCharsets.UTF_8);
        }

        Object nextRaw() throws Exception {
            if (!autoRead && messages.isEmpty()) {
                socket.request(1);
            }
            Object o = messages.poll(30, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("no WebSocket message within 30 s");
            }
            return o;
        }

        void close() {
            socket.abort();
        }
    }
}

package io.stadb.tools.server;

import io.stadb.codec.StadbException;
import io.stadb.engine.StageExistsException;
import io.stadb.engine.StageInfo;
import io.stadb.engine.StageNames;
import io.stadb.engine.Store;
import io.stadb.ingest.IngestResult;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportFormatException;
import io.stadb.query.Page;
import io.stadb.query.Query;
import io.stadb.query.QueryException;
import io.stadb.query.StatsOptions;
import io.stadb.query.TimingDb;
import io.stadb.tools.Json;
import io.stadb.tools.QueryOptions;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.Options;

/**
 * {@code stadb serve}: the store over HTTP (JSON answers, NDJSON streamed queries, streamed ingest) and
 * WebSocket (interactive streams), on Undertow. Loopback only unless a bearer token is configured.
 *
 * <p>Queries read a {@link TimingDb} opened read-only; an ingest opens the store's writer for its duration
 * (one at a time), then reloads the catalog so the new stage is seen.
 */
public final class StadbServer implements AutoCloseable {
    /** Largest query-string value (a cursor is ~60 characters, a glob a name or two). */
    static final int MAX_PARAM_LENGTH = 2048;
    private static final AtomicInteger TIMERS = new AtomicInteger();

    static {
        // Undertow and XNIO log through jboss-logging: send it to the CLI's slf4j-simple, not java.util.logging
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
    }

    final Path dir;
    final ServerConfig config;
    final TimingDb db;
    final StreamRegistry streams;
    final Set<WsSession> sessions = ConcurrentHashMap.newKeySet();
    private final byte[] token;
    private final Semaphore requests;
    private final AtomicBoolean ingesting = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private final Undertow undertow;
    private final int port;
    private volatile boolean closed;

    private StadbServer(Path dir, ServerConfig config) {
        this.dir = dir;
        this.config = config;
        this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
        this.requests = new Semaphore(config.maxConcurrentRequests());
        this.streams = new StreamRegistry(config.maxStreams(), config.streamLimit());
        this.db = TimingDb.open(dir);
        ScheduledExecutorService t = null;
        Undertow u = null;
        try {
            t = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "stadb-server-timer-" + TIMERS.incrementAndGet());
                th.setDaemon(true);
                return th;
            });
            long tick = Math.max(10, Math.min(config.progressInterval().toMillis(), 1000));
            t.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
            HttpHandler ws = Handlers.websocket((exchange, channel) -> new WsSession(this, channel).start());
            u = Undertow.builder()
                .addHttpListener(config.port(), config.host())
                .setIoThreads(2)
                .setWorkerThreads(16)
                // a backstop only: a PUT's limit is counted exactly by LimitedInput (413), other requests take no body
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, config.maxIngestBytes() + (1 << 20))
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.MAX_HEADERS, 64)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, 64)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                .setSocketOption(Options.REUSE_ADDRESSES, true)
                .setHandler(exchange -> handle(exchange, ws))
                .build();
            u.start();
        } catch (RuntimeException e) {
            if (t != null) {
                t.shutdownNow();
            }
            db.close();
            throw e;
        }
        this.timer = t;
        this.undertow = u;
        this.port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Starts a server on the store at {@code dir}.
     *
     * @throws IllegalArgumentException when the address is not loopback and no token is configured
     */
    public static StadbServer start(Path dir, ServerConfig config) {
        checkBind(config);
        return new StadbServer(dir, config);
    }

    static void checkBind(ServerConfig config) {
        boolean loopback;
        try {
            InetAddress[] all = InetAddress.getAllByName(config.host());
            loopback = all.length > 0;
            for (InetAddress a : all) {
                loopback &= a.isLoopbackAddress();
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + config.host() + "'");
        }
        if (!loopback && (config.token() == null || config.token().isBlank())) {
            throw new IllegalArgumentException("listening on " + config.host()
                + " (not a loopback address) requires a bearer token: pass --token-file FILE");
        }
        if (config.token() != null && config.token().length() < 16) {
            throw new IllegalArgumentException("the bearer token must be at least 16 characters");
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + h + ":" + port;
    }

    /** Streams running now (NDJSON and WebSocket). */
    public int openStreams() {
        return streams.size();
    }

    private void tick() {
        try {
            streams.expire();
            for (WsSession s : sessions) {
                s.tick();
            }
        } catch (RuntimeException e) {
            // the timer must survive one bad tick
        }
    }

    /** Stops listening, cancels every stream, closes every connection and the store; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        streams.cancelAll();
        for (WsSession s : sessions) {
            s.closeAll();
        }
        undertow.stop();
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpServerExchange ex, HttpHandler ws) throws Exception {
        try {
            authorize(ex);
            String path = ex.getRelativePath();
            HttpString m = ex.getRequestMethod();
            if (!m.equals(Methods.PUT) && (ex.getRequestContentLength() > 0
                || ex.getRequestHeaders().contains(Headers.TRANSFER_ENCODING))) {
                ex.setPersistent(false);
                throw new ApiError(413, "TOO_LARGE", "only PUT /stages/{name} takes a request body");
            }
            if (path.equals("/ws")) {
                allow(ex, Methods.GET);
                ws.handleRequest(ex);
            } else if (path.equals("/query/stream")) {
                allow(ex, Methods.GET);
                streamQuery(ex);
            } else if (path.startsWith("/stages/") && m.equals(Methods.PUT)) {
                ingest(ex, stageName(path.substring("/stages/".length())));
            } else if (isBlocking(path)) {
                allow(ex, Methods.GET);
                if (!requests.tryAcquire()) {
                    throw new ApiError(503, "BUSY", config.maxConcurrentRequests() + " requests are being answered; retry later");
                }
                ex.dispatch(() -> {
                    try {
                        answer(ex, path);
                    } catch (ApiError e) {
                        error(ex, e);
                    } catch (QueryException e) {
                        error(ex, ApiError.of(e));
                    } catch (StadbException e) {
                        error(ex, new ApiError(500, "STORE_ERROR", e.getMessage()));
                    } catch (RuntimeException e) {
                        error(ex, new ApiError(500, "INTERNAL", String.valueOf(e)));
                    } finally {
                        requests.release();
                    }
                });
            } else {
                throw new ApiError(404, "NOT_FOUND", "no such resource: " + path);
            }
        } catch (ApiError e) {
            error(ex, e);
        } catch (QueryException e) {
            error(ex, ApiError.of(e));
        }
    }

    private static boolean isBlocking(String path) {
        return path.equals("/") || path.equals("/stages") || path.startsWith("/stages/") || path.equals("/stats")
            || path.equals("/query") || path.equals("/diff") || path.equals("/trend");
    }

    private void authorize(HttpServerExchange ex) {
        if (token == null) {
            return;
        }
        String h = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"stadb\"");
            throw new ApiError(401, "UNAUTHORIZED", "this server needs 'Authorization: Bearer <token>'");
        }
        byte[] given = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            throw new ApiError(403, "FORBIDDEN", "wrong bearer token");
        }
    }

    private static void allow(HttpServerExchange ex, HttpString method) {
        if (!ex.getRequestMethod().equals(method)) {
            ex.getResponseHeaders().put(Headers.ALLOW, method.toString());
            throw new ApiError(405, "METHOD_NOT_ALLOWED", ex.getRequestMethod() + " is not allowed on "
                + ex.getRelativePath() + " (use " + method + ")");
        }
    }

    static String stageName(String s) {
        if (!StageNames.isValid(s)) {
            throw new ApiError(400, "BAD_STAGE_NAME", "bad stage name '" + (s.length() > 140 ? s.substring(0, 140) + "..." : s)
                + "': 1-" + StageNames.MAX_LENGTH + " letters, digits and . _ : @ + = , - starting with a letter or digit");
        }
        return s;
    }

    /** The query string as single values, every name checked against {@code allowed}. */
    static Map<String, String> params(HttpServerExchange ex, Set<String> allowed, Set<String> repeatable) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Deque<String>> e : ex.getQueryParameters().entrySet()) {
            String k = e.getKey();
            if (!allowed.contains(k)) {
                throw ApiError.badRequest("unknown parameter '" + (k.length() > 64 ? k.substring(0, 64) + "..." : k)
                    + "'; this resource takes " + new java.util.TreeSet<>(allowed));
            }
            if (e.getValue().size() > 1 && !repeatable.contains(k)) {
                throw ApiError.badRequest("parameter '" + k + "' given " + e.getValue().size() + " times");
            }
            for (String v : e.getValue()) {
                if (v.length() > MAX_PARAM_LENGTH) {
                    throw ApiError.badRequest("parameter '" + k + "' is longer than " + MAX_PARAM_LENGTH + " characters");
                }
                if (v.chars().anyMatch(c -> c < 0x20)) {
                    throw ApiError.badRequest("parameter '" + k + "' holds a control character");
                }
            }
            out.put(k, e.getValue().getFirst());
        }
        return out;
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> s = new java.util.HashSet<>(base);
        s.addAll(List.of(more));
        return s;
    }

    static final Set<String> PAGE_PARAMS = with(QueryOptions.PARAMS, "page_size", "cursor", "worst", "points");
    static final Set<String> STREAM_PARAMS = with(QueryOptions.PARAMS, "cursor", "points");

    private static int intParam(Map<String, String> p, String name, int dflt, int min, int max) {
        String v = p.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.badRequest(name + " must be an integer in " + min + ".." + max + ": '" + v + "'");
    }

    /** The GET resources answered on a worker thread (they read the store). */
    private void answer(HttpServerExchange ex, String path) {
        String body;
        if (path.equals("/")) {
            params(ex, Set.of(), Set.of());
            body = "{\"service\":\"stadb\",\"version\":" + Json.quote(version()) + ",\"open_streams\":" + streams.size()
                + ",\"resources\":[\"GET /stages\","
                + "\"GET /stages/{name}\",\"GET /stages/{name}/stats\",\"GET /stats\",\"GET /query\",\"GET /query/stream\","
                + "\"GET /diff\",\"GET /trend\",\"PUT /stages/{name}\",\"GET /ws\"]}";
        } else if (path.equals("/stages")) {
            params(ex, Set.of(), Set.of());
            body = Json.stages(db.stages(), db.head().map(StageInfo::name).orElse(null));
        } else if (path.equals("/stats") || path.startsWith("/stages/") && path.endsWith("/stats")) {
            Map<String, String> p = params(ex, path.equals("/stats") ? Set.of("stage", "bins", "bin_width")
                : Set.of("bins", "bin_width"), Set.of());
            String stage = path.equals("/stats") ? p.get("stage")
                : stageName(path.substring("/stages/".length(), path.length() - "/stats".length()));
            int bins = intParam(p, "bins", 20, 1, 10_000);
            double width = p.containsKey("bin_width") ? number(p.get("bin_width"), "bin_width") : 0;
            body = Json.stats(db.stats(stage, new StatsOptions(bins, width)));
        } else if (path.startsWith("/stages/")) {
            params(ex, Set.of(), Set.of());
            body = Json.stage(db.resolve(stageName(path.substring("/stages/".length()))));
        } else if (path.equals("/query")) {
            Map<String, String> p = params(ex, PAGE_PARAMS, Set.of());
            Query q = QueryOptions.fromParams(p).build(db).points(flag(p, "points"));
            Page page;
            if (p.containsKey("worst")) {
                if (p.containsKey("cursor")) {
                    throw ApiError.badRequest("worst and cursor do not go together (worst is a first page)");
                }
                page = q.page(intParam(p, "worst", 100, 1, Query.MAX_PAGE), null);
            } else {
                page = q.page(intParam(p, "page_size", 100, 1, Query.MAX_PAGE), p.get("cursor"));
            }
            body = Json.page(page);
        } else if (path.equals("/diff")) {
            Map<String, String> p = params(ex, Set.of("from", "to", "top"), Set.of());
            if (p.get("from") == null) {
                throw ApiError.badRequest("diff needs from=STAGE");
            }
            body = Json.diff(db.diff(p.get("from"), p.get("to"), intParam(p, "top", 20, 0, 10_000)));
        } else if (path.equals("/trend")) {
            params(ex, Set.of("stage"), Set.of("stage"));
            Deque<String> st = ex.getQueryParameters().get("stage");
            body = Json.trend(db.trend(st == null ? List.of() : new ArrayList<>(st)));
        } else {
            throw new ApiError(404, "NOT_FOUND", "no such resource: " + path);
        }
        send(ex, 200, body);
    }

    private static boolean flag(Map<String, String> p, String name) {
        return p.containsKey(name) && QueryOptions.flag(name, p.get(name));
    }

    private static double number(String v, String name) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.badRequest(name + " must be a non-negative number: '" + v + "'");
    }

    static String version() {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = io.stadb.tools.StadbCli.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unknown
        }
        return p.getProperty("version", "unknown");
    }

    /** GET /query/stream: every selected path as NDJSON, paced by the client's reading. */
    private void streamQuery(HttpServerExchange ex) {
        Map<String, String> p = params(ex, STREAM_PARAMS, Set.of());
        QueryOptions o = QueryOptions.fromParams(p);
        Query q = o.build(db).points(flag(p, "points"));
        if (p.get("cursor") == null) {
            db.resolve(o.stage()); // 404 now, before the stream starts
        }
        String cursor = p.get("cursor");
        StreamRegistry.Handle h = streams.open();
        NdjsonStream s = new NdjsonStream(ex, h);
        s.start(q.publisher(cursor, NdjsonStream.PUBLISHER_CAPACITY, 0.8, 0.5));
    }

    /** PUT /stages/{name}: the body is a report, parsed as it arrives. */
    private void ingest(HttpServerExchange ex, String stage) {
        Map<String, String> p = params(ex, Set.of("replace", "strict", "meta", "source"), Set.of("meta"));
        boolean replace = flag(p, "replace");
        boolean strict = flag(p, "strict");
        Map<String, String> meta = new LinkedHashMap<>();
        Deque<String> metas = ex.getQueryParameters().get("meta");
        if (metas != null) {
            for (String kv : metas) {
                int eq = kv.indexOf('=');
                if (eq <= 0 || kv.length() > 1024) {
                    throw ApiError.badRequest("meta must be KEY=VALUE (at most 1024 characters): '" + kv + "'");
                }
                meta.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        String source = p.getOrDefault("source", "http:PUT /stages/" + stage);
        if (source.isEmpty() || source.length() > 256) {
            throw ApiError.badRequest("source is a label of 1-256 characters (it is never opened as a file)");
        }
        if (!ingesting.compareAndSet(false, true)) {
            throw new ApiError(409, "INGEST_RUNNING", "another ingest is running on this server; retry when it is done");
        }
        ex.dispatch(() -> {
            ApiError failed = null;
            String summary = null;
            try {
                summary = runIngest(ex, stage, source, meta, replace, strict);
            } catch (ApiError e) {
                failed = e;
            } catch (ReportFormatException e) {
                failed = new ApiError(422, "BAD_REPORT", e.getMessage() + " (strict: nothing was stored)");
            } catch (StageExistsException e) {
                failed = new ApiError(409, "STAGE_EXISTS", e.getMessage());
            } catch (StadbException e) {
                Throwable c = e.getCause();
                while (c != null && !(c instanceof IOException)) {
                    c = c.getCause();
                }
                if (c instanceof LimitedInput.TooLarge) {
                    failed = new ApiError(413, "TOO_LARGE", "the report is larger than " + config.maxIngestBytes()
                        + " bytes; nothing was stored");
                } else {
                    failed = new ApiError(c != null ? 400 : 500, c != null ? "READ_FAILED" : "STORE_ERROR", e.getMessage());
                }
            } catch (RuntimeException e) {
                failed = new ApiError(500, "INTERNAL", String.valueOf(e));
            } finally {
                ingesting.set(false); // before the answer: a client may PUT again as soon as it has it
            }
            if (failed != null) {
                error(ex, failed);
            } else {
                send(ex, 201, summary);
            }
        });
    }

    private String runIngest(HttpServerExchange ex, String stage, String source, Map<String, String> meta, boolean replace,
                             boolean strict) {
        long declared = ex.getRequestContentLength();
        if (declared > config.maxIngestBytes()) {
            throw new ApiError(413, "TOO_LARGE", "the report (" + declared + " bytes) is larger than the limit of "
                + config.maxIngestBytes() + " bytes; nothing was stored");
        }
        ex.startBlocking();
        Store store;
        try {
            store = Store.open(dir, true);
        } catch (StadbException e) {
            throw new ApiError(409, "STORE_LOCKED", "cannot open the store for writing: " + e.getMessage());
        }
        try (store) {
            IngestResult r = new Ingestor(store, ParserOptions.DEFAULTS.withStrict(strict))
                .ingest(stage, new LimitedInput(ex.getInputStream(), config.maxIngestBytes()), source, meta, replace);
            return Json.ingestSummary(r);
        } finally {
            db.reload();
        }
    }

    /** Counts the body's bytes and fails past the limit (Undertow's own check prints a stack trace). */
    static final class LimitedInput extends java.io.FilterInputStream {
        static final class TooLarge extends IOException {
            private static final long serialVersionUID = 1L;

            TooLarge(long limit) {
                super("request body larger than " + limit + " bytes");
            }
        }

        private final long limit;
        private long count;

        LimitedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && (count += n) > limit) {
                throw new TooLarge(limit);
            }
            return n;
        }
    }

    static void send(HttpServerExchange ex, int status, String json) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(json + "\n", StandardCharsets.UTF_8);
    }

    static void error(HttpServerExchange ex, ApiError e) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        if (e.status == 413 || e.status == 400 && e.code.equals("READ_FAILED") || e.status == 401) {
            ex.setPersistent(false); // the rest of the body is not read
        }
        send(ex, e.status, e.json());
    }
}

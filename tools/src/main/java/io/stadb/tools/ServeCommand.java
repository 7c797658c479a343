package io.stadb.tools;

import io.stadb.tools.server.ServerConfig;
import io.stadb.tools.server.StadbServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the store over HTTP (JSON, NDJSON streams, streamed ingest with PUT) and WebSocket.",
        "Listens on loopback by default; any other address needs --token-file (clients send",
        "'Authorization: Bearer <token>'). Stops on SIGINT/SIGTERM."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, paramLabel = "ADDR",
        description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7878", paramLabel = "PORT",
        description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one, printed at start).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "File holding the bearer token (at least 16 characters) every request must carry.")
    Path tokenFile;

    @Option(names = "--stream-limit", defaultValue = "300", paramLabel = "SECONDS",
        description = "Cancel streams that run longer (default: ${DEFAULT-VALUE}).")
    long streamLimit;

    @Option(names = "--max-streams-per-connection", defaultValue = "8", paramLabel = "N",
        description = "WebSocket streams one connection may run at once (default: ${DEFAULT-VALUE}).")
    int perConnection;

    @Option(names = "--max-ingest-bytes", defaultValue = "68719476736", paramLabel = "BYTES",
        description = "Largest report a PUT may send (default: ${DEFAULT-VALUE}).")
    long maxIngest;

    @Option(names = "--progress-interval-ms", defaultValue = "500", paramLabel = "MS",
        description = "How often a WebSocket stream reports query_progress (default: ${DEFAULT-VALUE}).")
    long progressMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String token = null;
        if (tokenFile != null) {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        }
        if (port < 0 || port > 65535 || streamLimit < 1 || perConnection < 1 || maxIngest < 1) {
            err.println("stadb: --port, --stream-limit, --max-streams-per-connection or --max-ingest-bytes out of range");
            err.flush();
            return StadbCli.USAGE;
        }
        ServerConfig cfg = ServerConfig.defaults().withHost(host).withPort(port).withToken(token)
            .withStreamLimit(Duration.ofSeconds(streamLimit)).withMaxStreamsPerConnection(perConnection)
            .withMaxIngestBytes(maxIngest).withProgressInterval(Duration.ofMillis(Math.max(10, progressMs)));
        StadbServer server;
        try {
            server = StadbServer.start(store.db, cfg);
        } catch (IllegalArgumentException e) {
            err.println("stadb: " + e.getMessage());
            err.flush();
            return StadbCli.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "stadb-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("stadb serve: listening on " + server.url() + " (store " + store.db + ")");
        out.flush();
        stopped.await();
        return StadbCli.OK;
    }
}

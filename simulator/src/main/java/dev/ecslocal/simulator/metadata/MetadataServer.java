package dev.ecslocal.simulator.metadata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The endpoints' answers served over HTTP by this process, at an address of this machine: for an address other than
 * ECS's (tests, a host-mode task on a local daemon). ECS's 169.254.170.2 is served by the relay in Docker instead.
 */
public final class MetadataServer implements AutoCloseable {
    /** ECS's link-local address of the endpoints, which SDKs and the task's containers expect. */
    public static final String ADDRESS = "169.254.170.2";

    private final HttpServer server;
    private final ExecutorService threads;
    private final EndpointAnswers answers;

    /** @throws IOException when the address cannot be bound (not this machine's, taken, or a privileged port) */
    public MetadataServer(InetSocketAddress address, EndpointAnswers answers) throws IOException {
        this.answers = answers;
        this.server = HttpServer.create(address, 16);
        this.threads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ecs-local-metadata");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base of the URIs a container is given. */
    public String base() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + (port() == 80 ? "" : ":" + port());
    }

    /** What the agent puts in a container's environment for these endpoints (§8.1); nothing for internal containers. */
    public Map<String, String> environment(String container) {
        return answers.environment(container, base());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            EndpointAnswers.Answer answer = answers.answer(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    /** Whether an address is one of this machine's: with networkMode host, the task's requests come from there. */
    public static boolean isLocal(String address) {
        try {
            InetAddress inet = InetAddress.getByName(address);
            return inet.isLoopbackAddress() || NetworkInterface.getByInetAddress(inet) != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

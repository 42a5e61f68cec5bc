package dev.ecslocal.simulator.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecslocal.simulator.platform.CredentialsSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The task metadata endpoint v4 (v3's routes answer the same) and the task role's credentials endpoint, served
 * in-process over HTTP at the address given (ECS's is 169.254.170.2:80, ECS-SEMANTICS §8.1, §8.2). Routes:
 * {@code /v4/{id}}, {@code /task}, {@code /taskWithTags}, {@code /stats}, {@code /task/stats};
 * {@code /v2/credentials/{credentials id}}; {@code /api/{id}/task-protection/v1/state}.
 */
public final class MetadataServer implements AutoCloseable {
    /** ECS's link-local address of the endpoints, which SDKs and the task's containers expect. */
    public static final String ADDRESS = "169.254.170.2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final TaskMetadata metadata;
    private final String taskRoleArn;
    private final CredentialsSource credentials;
    private final String credentialsId = UUID.randomUUID().toString();
    private final Predicate<InetAddress> mayHaveCredentials;
    private final Clock clock;

    /**
     * @param taskRoleArn         null: the task has no role, no credentials route
     * @param mayHaveCredentials  whether a request from this address comes from the task (its containers' addresses;
     *                            with networkMode host, this machine's)
     * @throws IOException when the address cannot be bound (not this machine's, taken, or port 80 without privilege)
     */
    public MetadataServer(InetSocketAddress address, TaskMetadata metadata, String taskRoleArn, CredentialsSource credentials,
                          Predicate<InetAddress> mayHaveCredentials, Clock clock) throws IOException {
        this.metadata = metadata;
        this.taskRoleArn = taskRoleArn;
        this.credentials = credentials;
        this.mayHaveCredentials = mayHaveCredentials;
        this.clock = clock;
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

    /** The port it listens on (80 in ECS; another only in tests). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** What the agent puts in a container's environment for these endpoints (§8.1); nothing for internal containers. */
    public Map<String, String> environment(String container) {
        Optional<String> id = metadata.endpointId(container);
        if (id.isEmpty()) {
            return Map.of();
        }
        String base = "http://" + server.getAddress().getAddress().getHostAddress() + (port() == 80 ? "" : ":" + port());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ECS_CONTAINER_METADATA_URI_V4", base + "/v4/" + id.get());
        environment.put("ECS_CONTAINER_METADATA_URI", base + "/v3/" + id.get());
        environment.put("ECS_AGENT_URI", base + "/api/" + id.get());
        if (taskRoleArn != null) {
            environment.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/" + credentialsId);
        }
        return environment;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, error("MethodNotAllowed", "the endpoints answer GET only"));
                return;
            }
            String[] path = exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
            // "", "v4", id, ...
            if (path.length >= 3 && (path[1].equals("v4") || path[1].equals("v3"))) {
                metadata(exchange, path);
            } else if (path.length == 4 && path[1].equals("v2") && path[2].equals("credentials")) {
                credentials(exchange, path[3]);
            } else if (path.length >= 3 && path[1].equals("api") && metadata.containerOf(path[2]).isPresent()) {
                // The agent's task protection API: ECS keeps it for tasks of a service; a local task is in none.
                send(exchange, 400, error("InvalidParameterException", "task scale-in protection is for tasks of an ECS service; "
                        + "ecs-local runs the task alone, outside any service"));
            } else {
                send(exchange, 404, error("NotFound", "no such route: " + exchange.getRequestURI().getPath()));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, error("InternalError", String.valueOf(e.getMessage())));
        }
    }

    private void metadata(HttpExchange exchange, String[] path) throws IOException {
        Optional<String> container = metadata.containerOf(path[2]);
        if (container.isEmpty()) {
            // The agent's answer to an id it does not know.
            send(exchange, 404, JSON.valueToTree("V4 container metadata handler: unable to get task arn from request: unable "
                    + "to get container arn from request: no container for id " + path[2]));
            return;
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(path, 3, path.length));
        JsonNode body = switch (rest) {
            case "" -> metadata.container(container.get());
            case "task" -> metadata.task(false);
            case "taskWithTags" -> metadata.task(true);
            case "stats" -> metadata.stats(container.get());
            case "task/stats" -> metadata.taskStats();
            default -> null;
        };
        if (body == null) {
            send(exchange, 404, error("NotFound", "no such route: " + exchange.getRequestURI().getPath()));
        } else {
            send(exchange, 200, body);
        }
    }

    /** ECS's shape (IAMRoleCredentials); only to the task's own containers, and never logged. */
    private void credentials(HttpExchange exchange, String id) throws IOException {
        if (taskRoleArn == null || !id.equals(credentialsId)) {
            send(exchange, 400, error("InvalidIdInRequest", "CredentialsV2Request: Credentials not found"));
            return;
        }
        if (!mayHaveCredentials.test(exchange.getRemoteAddress().getAddress())) {
            send(exchange, 403, error("AccessDenied", "the task role's credentials are for the containers of task "
                    + metadata.taskArn() + " only"));
            return;
        }
        CredentialsSource.Result result = credentials.keys();
        if (result.keys() == null) {
            send(exchange, 400, error("NoCredentialsAssociated", result.whyNone()));
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("RoleArn", taskRoleArn);
        body.put("AccessKeyId", result.keys().accessKeyId());
        body.put("SecretAccessKey", result.keys().secretAccessKey());
        body.put("Token", result.keys().sessionToken() == null ? "" : result.keys().sessionToken());
        // SDKs refresh before Expiration: an hour, as ECS's are rotated, so a refreshed profile is picked up.
        body.put("Expiration", DateTimeFormatter.ISO_INSTANT.format(clock.instant().plus(Duration.ofHours(1))
                .truncatedTo(ChronoUnit.SECONDS)));
        send(exchange, 200, body);
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Whether an address is one of this machine's: with networkMode host, the task's requests come from there. */
    public static boolean isLocal(InetAddress address) {
        try {
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

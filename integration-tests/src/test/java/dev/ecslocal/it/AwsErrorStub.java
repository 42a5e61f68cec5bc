package dev.ecslocal.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An AWS endpoint that refuses every request with one error, in the wire shape of the service the request is for, as
 * AWS sends it: what moto cannot give (its AccessDenied is unreadable to the Java SDK for most services, and it has no
 * ExpiredToken). Point ecs-local at it with {@link #environment()}; {@link #requests()} tells which calls it made.
 * <ul>
 * <li>awsJson1_1 (Secrets Manager, SSM, ECR, ECS: the request names its operation in X-Amz-Target): HTTP 400 with
 * {@code x-amzn-ErrorType: CODE} and {@code {"__type":"CODE","message":"…"}}.
 * <li>awsQuery (STS: a form body with Action=…): {@code <ErrorResponse>} with Type Sender.
 * <li>restXml (S3: anything else): {@code <Error>} with Code, Message and RequestId.
 * </ul>
 */
final class AwsErrorStub implements AutoCloseable {
    /** One refusal in each protocol's words: JSON services' error code, STS's and S3's code, and the HTTP statuses. */
    record Refusal(String jsonCode, int jsonStatus, String queryCode, int queryStatus, String xmlCode, int xmlStatus,
                   String message) {
    }

    static final Refusal ACCESS_DENIED = new Refusal("AccessDeniedException", 400, "AccessDenied", 403, "AccessDenied", 403,
            "User: arn:aws:sts::" + AwsEmulator.ACCOUNT + ":assumed-role/ecs-local-test/it is not authorized to perform "
                    + "this action (AwsErrorStub)");
    // Real STS and S3 answer an expired session token with 400, not 403.
    static final Refusal EXPIRED_TOKEN = new Refusal("ExpiredTokenException", 400, "ExpiredToken", 400, "ExpiredToken", 400,
            "The security token included in the request is expired");

    private final HttpServer server;
    private final Refusal refusal;
    private final Path home;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private AwsErrorStub(Refusal refusal) throws IOException {
        this.refusal = refusal;
        this.home = Files.createTempDirectory("ecs-local-aws-error-stub");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::refuse);
        server.start();
    }

    static AwsErrorStub accessDenied() throws IOException {
        return new AwsErrorStub(ACCESS_DENIED);
    }

    static AwsErrorStub expiredToken() throws IOException {
        return new AwsErrorStub(EXPIRED_TOKEN);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Like {@link AwsEmulator#environment()}: every AWS call of an ecs-local process comes here. */
    Map<String, String> environment() {
        return AwsEmulator.awsEnvironment(endpoint(), home);
    }

    /**
     * The requests refused, in order, one line each: a JSON service's X-Amz-Target
     * ({@code secretsmanager.GetSecretValue}), a query's action ({@code Action=AssumeRole}), else method and path
     * ({@code GET /bucket/key}).
     */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void refuse(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String requestId = UUID.randomUUID().toString();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String action = formAction(body);
            int status;
            String contentType;
            String answer;
            if (target != null) {
                requests.add(target);
                status = refusal.jsonStatus();
                contentType = "application/x-amz-json-1.1";
                exchange.getResponseHeaders().add("x-amzn-ErrorType", refusal.jsonCode());
                answer = "{\"__type\":\"" + refusal.jsonCode() + "\",\"message\":\"" + refusal.message() + "\"}";
            } else if (action != null) {
                requests.add("Action=" + action);
                status = refusal.queryStatus();
                contentType = "text/xml";
                answer = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        + "<Code>" + refusal.queryCode() + "</Code><Message>" + refusal.message() + "</Message></Error>"
                        + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
            } else {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
                status = refusal.xmlStatus();
                contentType = "application/xml";
                answer = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + refusal.xmlCode() + "</Code><Message>"
                        + (refusal == ACCESS_DENIED ? "Access Denied" : refusal.message()) + "</Message><RequestId>"
                        + requestId + "</RequestId></Error>";
            }
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    /** The Action of an awsQuery form body, or null when the body is not one. */
    private static String formAction(String body) {
        for (String field : body.split("&")) {
            if (field.startsWith("Action=")) {
                return URLDecoder.decode(field.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        try (var files = Files.walk(home)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public String toString() {
        return "AwsErrorStub(" + refusal.jsonCode() + ") on " + endpoint();
    }
}

package dev.ecslocal.simulator.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.platform.CredentialsSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the task metadata endpoint v4 (v3's routes answer the same) and the task role's credentials endpoint answer
 * to one request (ECS-SEMANTICS §8.1, §8.2), whoever carries it: the relay in Docker or a listener of ours. Routes:
 * {@code /v4/{id}}, {@code /task}, {@code /taskWithTags}, {@code /stats}, {@code /task/stats};
 * {@code /v2/credentials/{credentials id}}; {@code /api/{id}/task-protection/v1/state}. Every id starts with the
 * task id, which is how the relay finds the run that answers.
 */
public final class EndpointAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: an HTTP status and a JSON body. */
    public record Answer(int status, byte[] body) {
        /** The whole HTTP/1.1 response, the connection closing after it. */
        public byte[] http() {
            String head = "HTTP/1.1 " + status + " " + reason() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            return all;
        }

        private String reason() {
            return switch (status) {
                case 200 -> "OK";
                case 400 -> "Bad Request";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                default -> "Internal Server Error";
            };
        }
    }

    private final TaskMetadata metadata;
    private final String taskRoleArn;
    private final CredentialsSource credentials;
    private final String credentialsId;
    private final Predicate<String> mayHaveCredentials;
    private final Clock clock;

    /**
     * @param taskRoleArn        null: the task has no role, no credentials route
     * @param mayHaveCredentials whether a request from this IPv4 address comes from the task's containers
     */
    public EndpointAnswers(TaskMetadata metadata, String taskRoleArn, CredentialsSource credentials,
                           Predicate<String> mayHaveCredentials, Clock clock) {
        this.metadata = metadata;
        this.taskRoleArn = taskRoleArn;
        this.credentials = credentials;
        this.mayHaveCredentials = mayHaveCredentials;
        this.clock = clock;
        this.credentialsId = metadata.taskId() + "-" + UUID.randomUUID();
    }

    /** What the agent puts in a container's environment for endpoints at {@code base} (§8.1); nothing for internal containers. */
    public Map<String, String> environment(String container, String base) {
        Optional<String> id = metadata.endpointId(container);
        if (id.isEmpty()) {
            return Map.of();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ECS_CONTAINER_METADATA_URI_V4", base + "/v4/" + id.get());
        environment.put("ECS_CONTAINER_METADATA_URI", base + "/v3/" + id.get());
        environment.put("ECS_AGENT_URI", base + "/api/" + id.get());
        if (taskRoleArn != null) {
            environment.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/" + credentialsId);
        }
        return environment;
    }

    /**
     * @param target the request's target as sent (a path, maybe with a query)
     * @param from   the IPv4 address the request came from
     */
    public Answer answer(String method, String target, String from) {
        try {
            if (!method.equals("GET")) {
                return answer(405, error("MethodNotAllowed", "the endpoints answer GET only"));
            }
            String route = URI.create(target).getPath();
            String[] path = route.replaceAll("/+$", "").split("/");
            // "", "v4", id, ...
            if (path.length >= 3 && (path[1].equals("v4") || path[1].equals("v3"))) {
                return metadata(path, route);
            } else if (path.length == 4 && path[1].equals("v2") && path[2].equals("credentials")) {
                return credentials(path[3], from);
            } else if (path.length >= 3 && path[1].equals("api") && metadata.containerOf(path[2]).isPresent()) {
                // The agent's task protection API: ECS keeps it for tasks of a service; a local task is in none.
                return answer(400, error("InvalidParameterException", "task scale-in protection is for tasks of an ECS service; "
                        + "ecs-local runs the task alone, outside any service"));
            }
            return answer(404, error("NotFound", "no such route: " + route));
        } catch (IllegalArgumentException malformed) {
            return answer(400, error("BadRequest", "not a path: " + target));
        } catch (RuntimeException e) {
            return answer(500, error("InternalError", String.valueOf(e.getMessage())));
        }
    }

    private Answer metadata(String[] path, String route) {
        Optional<String> container = metadata.containerOf(path[2]);
        if (container.isEmpty()) {
            // The agent's answer to an id it does not know.
            return answer(404, JSON.valueToTree("V4 container metadata handler: unable to get task arn from request: unable "
                    + "to get container arn from request: no container for id " + path[2]));
        }
        String rest = String.join("/", Arrays.copyOfRange(path, 3, path.length));
        JsonNode body = switch (rest) {
            case "" -> metadata.container(container.get());
            case "task" -> metadata.task(false);
            case "taskWithTags" -> metadata.task(true);
            case "stats" -> metadata.stats(container.get());
            case "task/stats" -> metadata.taskStats();
            default -> null;
        };
        return body == null ? answer(404, error("NotFound", "no such route: " + route)) : answer(200, body);
    }

    /** ECS's shape (IAMRoleCredentials); only to the task's own containers, and never logged. */
    private Answer credentials(String id, String from) {
        if (taskRoleArn == null || !id.equals(credentialsId)) {
            return answer(400, error("InvalidIdInRequest", "CredentialsV2Request: Credentials not found"));
        }
        if (!mayHaveCredentials.test(from)) {
            return answer(403, error("AccessDenied", "the task role's credentials are for the containers of task "
                    + metadata.taskArn() + " only"));
        }
        CredentialsSource.Result result = credentials.keys();
        if (result.keys() == null) {
            return answer(400, error("NoCredentialsAssociated", result.whyNone()));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("RoleArn", taskRoleArn);
        body.put("AccessKeyId", result.keys().accessKeyId());
        body.put("SecretAccessKey", result.keys().secretAccessKey());
        body.put("Token", result.keys().sessionToken() == null ? "" : result.keys().sessionToken());
        // SDKs ask again some minutes before Expiration: STS's for an assumed role; for keys passed on, an hour, as
        // ECS rotates its own, so that a refreshed profile is picked up.
        Instant expiration = result.keys().expiration() != null ? result.keys().expiration()
                : clock.instant().plus(Duration.ofHours(1));
        body.put("Expiration", DateTimeFormatter.ISO_INSTANT.format(expiration.truncatedTo(ChronoUnit.SECONDS)));
        return answer(200, body);
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    private static Answer answer(int status, JsonNode body) {
        try {
            return new Answer(status, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

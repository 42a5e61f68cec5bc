package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.problem.ContainerLabel;
import dev.ecslocal.simulator.problem.Suggestions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The FireLens pairing of one log router with the containers that log through it (ECS-SEMANTICS §7). */
final class FirelensRules implements Rule {
    static final List<String> ROUTER_TYPES = List.of("fluentbit", "fluentd");
    static final List<String> CONFIG_FILE_TYPES = List.of("s3", "file");
    static final String BUFFER_LIMIT = "log-driver-buffer-limit";
    static final long MAX_BUFFER_LIMIT = 536_870_912L;

    @Override
    public void check(TaskDefinition task, Findings findings) {
        List<ContainerDefinition> routers = task.containerDefinitions().stream()
                .filter(ContainerDefinition::isFirelensRouter).toList();
        boolean anyUser = task.containerDefinitions().stream().anyMatch(ContainerDefinition::usesAwsFirelens);
        Optional<ContainerDefinition> router = routers.stream().findFirst();

        Findings.eachContainer(task, findings, (in, container) -> {
            if (container.isFirelensRouter()) {
                checkRouter(task, in, container, routers, anyUser);
            }
            if (container.usesAwsFirelens()) {
                if (router.isEmpty()) {
                    // ECS's own words.
                    in.error("logConfiguration.logDriver", "When awsfirelens log driver is specified in log "
                                    + "configuration, a firelens configuration object must be configured in one of the containers.",
                            "Add a log router container with \"firelensConfiguration\": {\"type\": \"fluentbit\"}.");
                } else {
                    checkUserOptions(in, container, router.get());
                }
            }
        });
    }

    private static void checkRouter(TaskDefinition task, Findings.InContainer in, ContainerDefinition container,
                                    List<ContainerDefinition> routers, boolean anyUser) {
        if (routers.get(0) != container) {
            in.error("firelensConfiguration", "more than one container has a firelensConfiguration ("
                            + ContainerLabel.quoted(task.containerDefinitions().indexOf(routers.get(0)), routers.get(0).name())
                            + " and " + ContainerLabel.quoted(in.index(), container.name()) + ")",
                    "A task has one FireLens log router: remove firelensConfiguration from all but one.");
            return;
        }
        if (!anyUser) {
            // ECS's own words.
            in.error("firelensConfiguration", "When a firelensConfiguration object is specified, at least one container "
                            + "has to be configured with the awsfirelens log driver.",
                    "Set \"logConfiguration\": {\"logDriver\": \"awsfirelens\"} on the containers whose logs the router "
                            + "should carry, or remove firelensConfiguration.");
        }
        String type = container.firelensConfiguration().type();
        if (type == null || type.isEmpty()) {
            in.error("firelensConfiguration.type", "firelensConfiguration.type is required", "One of fluentbit, fluentd.");
        } else if (!ROUTER_TYPES.contains(type)) {
            in.error("firelensConfiguration.type", "\"" + type + "\" is not a valid value: expected one of fluentbit, fluentd",
                    Suggestions.closest(type, ROUTER_TYPES).map(s -> "Did you mean \"" + s + "\"?").orElse(null));
        }
        Map<String, String> options = container.firelensConfiguration().options();
        String fileType = options.get("config-file-type");
        if (fileType != null && !CONFIG_FILE_TYPES.contains(fileType)) {
            in.error("firelensConfiguration.options[\"config-file-type\"]", "config-file-type \"" + fileType
                    + "\" is not a valid value: expected one of s3, file", null);
        }
        if (fileType != null && !options.containsKey("config-file-value")) {
            // The agent's own words.
            in.error("firelensConfiguration.options", "option config-file-type is specified but config-file-value is not specified",
                    "Give the path (file) or the S3 object ARN (s3) of the custom configuration in config-file-value.");
        }
        String metadata = options.get("enable-ecs-log-metadata");
        if (metadata != null && !metadata.matches("(?i)true|false|t|f|1|0")) {
            in.warning("firelensConfiguration.options[\"enable-ecs-log-metadata\"]", "enable-ecs-log-metadata \""
                    + metadata + "\" is not true or false: the agent then turns the ECS metadata off", null);
        }
    }

    private static void checkUserOptions(Findings.InContainer in, ContainerDefinition container, ContainerDefinition router) {
        Map<String, String> options = container.logConfiguration().options();
        List<dev.ecslocal.simulator.model.Secret> secrets = container.logConfiguration().secretOptions();
        if (!options.isEmpty() || !secrets.isEmpty()) {
            boolean fluentd = "fluentd".equals(router.firelensConfiguration().type());
            String outputKey = fluentd ? "@type" : "Name";
            // The agent merges secretOptions into the options before it looks for the output key: a secret may name it.
            if (!options.containsKey(outputKey) && secrets.stream().noneMatch(secret -> outputKey.equals(secret.name()))) {
                // The agent's own words.
                in.error("logConfiguration.options", "missing output key " + outputKey + " which is required for firelens "
                                + "configuration of type " + (fluentd ? "fluentd" : "fluentbit"),
                        "Name the output plugin, e.g. \"" + outputKey + "\": \"" + (fluentd ? "stdout" : "cloudwatch_logs")
                                + "\" (in options, or as a secretOptions entry of that name), or remove the options to leave routing to the "
                                + "router's own configuration.");
            }
        }
        String limit = options.get(BUFFER_LIMIT);
        if (limit != null) {
            boolean valid;
            try {
                long bytes = Long.parseLong(limit);
                valid = bytes >= 0 && bytes <= MAX_BUFFER_LIMIT;
            } catch (NumberFormatException e) {
                valid = false;
            }
            if (!valid) {
                in.error("logConfiguration.options[\"" + BUFFER_LIMIT + "\"]", BUFFER_LIMIT + " \"" + limit
                        + "\" must be a number of bytes from 0 to " + MAX_BUFFER_LIMIT, null);
            }
        }
    }
}

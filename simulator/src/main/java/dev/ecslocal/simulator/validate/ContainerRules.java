package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.HealthCheck;
import dev.ecslocal.simulator.model.ContainerDefinition.RestartPolicy;
import dev.ecslocal.simulator.model.Secret;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.problem.Suggestions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Per-container fields: identity, essential, health check, logging, restart policy, env, limits. */
final class ContainerRules implements Rule {
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9\\-_:./#@]+");
    private static final List<String> LOG_DRIVERS = ApiEnums.LOG_DRIVERS;
    private static final List<String> ULIMIT_NAMES = ApiEnums.ULIMIT_NAMES;
    /** A credential spec reference as the agent reads one: its prefix, then an S3 or SSM ARN or a file:// path. */
    private static final Pattern CREDENTIAL_SPEC = Pattern.compile(
            "(credentialspec|credentialspecdomainless):(arn:[^:]+:(s3|ssm):[^:]*:[^:]*:.+|file://.+)");
    static final int MAX_CREDENTIAL_SPECS = 1;
    static final int MAX_ENVIRONMENT_FILES = 10;
    static final int MAX_IGNORED_EXIT_CODES = 50;

    @Override
    public void check(TaskDefinition task, Findings findings) {
        Map<String, Integer> firstIndexOfName = new HashMap<>();
        Findings.eachContainer(task, findings, (in, container) -> {
            String name = container.name();
            if (name == null || name.isEmpty()) {
                in.error("name", "name is required", "Give every container a name unique in the task.");
            } else if (!TaskRules.NAME.matcher(name).matches()) {
                in.error("name", "container name \"" + name + "\" may contain only letters, digits, hyphens and "
                        + "underscores, up to 255 of them", null);
            } else if (firstIndexOfName.containsKey(name)) {
                in.error("name", "container name \"" + name + "\" is already used by containerDefinitions["
                        + firstIndexOfName.get(name) + "]", "Container names must be unique in a task.");
            } else {
                firstIndexOfName.put(name, in.index());
            }
            checkImage(in, container.image());
            checkHealthCheck(in, container.healthCheck());
            checkLogging(in, container);
            checkRestartPolicy(in, container.restartPolicy());
            checkEnvironment(in, container);
            Findings.oneOf(in::error, "versionConsistency", container.versionConsistency(), ApiEnums.VERSION_CONSISTENCY);
            for (int i = 0; i < container.resourceRequirements().size(); i++) {
                Findings.oneOf(in::error, "resourceRequirements[" + i + "].type", container.resourceRequirements().get(i).type(),
                        ApiEnums.RESOURCE_TYPES);
            }
            checkCredentialSpecs(in, container.credentialSpecs());
            if (container.startTimeout() != null && container.startTimeout() < 0) {
                in.error("startTimeout", "startTimeout " + container.startTimeout() + " is negative", null);
            }
            if (container.stopTimeout() != null && container.stopTimeout() < 0) {
                in.error("stopTimeout", "stopTimeout " + container.stopTimeout() + " is negative", null);
            }
            for (int i = 0; i < container.ulimits().size(); i++) {
                ContainerDefinition.Ulimit ulimit = container.ulimits().get(i);
                if (ulimit.name() == null) {
                    in.error("ulimits[" + i + "].name", "a ulimit needs a name", "Known: "
                            + String.join(", ", ULIMIT_NAMES.stream().sorted().toList()) + ".");
                } else if (!ULIMIT_NAMES.contains(ulimit.name())) {
                    in.error("ulimits[" + i + "].name", "\"" + ulimit.name() + "\" is not a ulimit ECS knows",
                            Suggestions.closest(ulimit.name(), ULIMIT_NAMES).map(s -> "Did you mean \"" + s + "\"? ").orElse("")
                                    + "Known: " + String.join(", ", ULIMIT_NAMES.stream().sorted().toList()) + ".");
                } else if (ulimit.softLimit() != null && ulimit.hardLimit() != null && ulimit.softLimit() > ulimit.hardLimit()) {
                    in.error("ulimits[" + i + "].softLimit", "ulimit " + ulimit.name() + ": softLimit "
                            + ulimit.softLimit() + " is greater than hardLimit " + ulimit.hardLimit(), null);
                }
            }
        });
        if (!task.containerDefinitions().isEmpty()
                && task.containerDefinitions().stream().noneMatch(ContainerDefinition::isEssential)) {
            findings.error("containerDefinitions", "no container is essential: a task needs at least one essential container",
                    "essential defaults to true: remove \"essential\": false from the container whose exit should end the task.");
        }
    }

    private static void checkImage(Findings.InContainer in, String image) {
        if (image == null || image.isBlank()) {
            in.error("image", "image is required", "Name the image to run, e.g. \"nginx:1.27\".");
        } else if (image.length() > 255) {
            in.error("image", "image is " + image.length() + " characters long; ECS allows 255", null);
        } else if (!IMAGE.matcher(image).matches()) {
            boolean placeholder = image.contains("<") || image.contains(">");
            in.error("image", "image \"" + image + "\" is not an image reference"
                            + (placeholder ? ": it looks like a placeholder" : ""),
                    placeholder ? "Replace the placeholder with a real image name."
                            : "ECS allows letters, digits and - _ : . / # @ in image names.");
        }
    }

    private static void checkHealthCheck(Findings.InContainer in, HealthCheck check) {
        if (check == null) {
            return;
        }
        List<String> command = check.command();
        if (command.isEmpty()) {
            in.error("healthCheck.command", "healthCheck.command is empty",
                    "Give the probe, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"].");
        } else if (!command.get(0).equals("CMD") && !command.get(0).equals("CMD-SHELL")) {
            String first = command.get(0);
            if (command.size() == 1 && (first.startsWith("CMD-SHELL") || first.startsWith("CMD"))) {
                String form = first.startsWith("CMD-SHELL") ? "CMD-SHELL" : "CMD";
                String rest = first.substring(form.length()).replaceFirst("^[,\\s]+", "");
                in.error("healthCheck.command", "healthCheck.command is one string \"" + first + "\"",
                        "Split it into two elements: [\"" + form + "\", \"" + rest + "\"].");
            } else {
                in.error("healthCheck.command", "healthCheck.command must start with \"CMD\" or \"CMD-SHELL\", "
                                + "found \"" + first + "\"",
                        "Use [\"CMD\", \"" + first + "\", ...] to run it directly, or [\"CMD-SHELL\", \"...\"] to run "
                                + "a command line with /bin/sh -c.");
            }
        } else if (command.size() == 1) {
            in.error("healthCheck.command", "healthCheck.command has \"" + command.get(0) + "\" and nothing to run",
                    "Add the probe after it.");
        }
        Findings.within(in::error, "healthCheck.interval", check.interval(), 5, 300, "seconds");
        Findings.within(in::error, "healthCheck.timeout", check.timeout(), 2, 60, "seconds");
        Findings.within(in::error, "healthCheck.retries", check.retries(), 1, 10, "");
        Findings.within(in::error, "healthCheck.startPeriod", check.startPeriod(), 0, 300, "seconds");
    }

    private static void checkLogging(Findings.InContainer in, ContainerDefinition container) {
        if (container.logConfiguration() == null) {
            return;
        }
        String driver = container.logConfiguration().logDriver();
        if (driver == null || driver.isEmpty()) {
            in.error("logConfiguration.logDriver", "logConfiguration.logDriver is required",
                    "One of: " + String.join(", ", LOG_DRIVERS) + ".");
        } else if (!LOG_DRIVERS.contains(driver)) {
            in.error("logConfiguration.logDriver", "\"" + driver + "\" is not a log driver ECS supports",
                    Suggestions.closest(driver, LOG_DRIVERS).map(s -> "Did you mean \"" + s + "\"? ").orElse("")
                            + "One of: " + String.join(", ", LOG_DRIVERS) + ".");
        }
        checkSecrets(in, "logConfiguration.secretOptions", container.logConfiguration().secretOptions());
    }

    private static void checkRestartPolicy(Findings.InContainer in, RestartPolicy policy) {
        if (policy == null) {
            return;
        }
        if (policy.enabled() == null) {
            in.error("restartPolicy.enabled", "restartPolicy.enabled is required", "Set it to true or false.");
        }
        if (policy.ignoredExitCodes().size() > MAX_IGNORED_EXIT_CODES) {
            in.error("restartPolicy.ignoredExitCodes", "restartPolicy.ignoredExitCodes has "
                    + policy.ignoredExitCodes().size() + " entries; ECS allows " + MAX_IGNORED_EXIT_CODES, null);
        }
        Findings.within(in::error, "restartPolicy.restartAttemptPeriod", policy.restartAttemptPeriod(), 60, 1800, "seconds");
    }

    private static void checkEnvironment(Findings.InContainer in, ContainerDefinition container) {
        for (int i = 0; i < container.environment().size(); i++) {
            String name = container.environment().get(i).name();
            if (name == null || name.isEmpty()) {
                in.error("environment[" + i + "].name", "environment variable name is required", null);
            }
        }
        checkSecrets(in, "secrets", container.secrets());
        if (container.environmentFiles().size() > MAX_ENVIRONMENT_FILES) {
            in.error("environmentFiles", "environmentFiles has " + container.environmentFiles().size()
                    + " entries; ECS allows " + MAX_ENVIRONMENT_FILES, null);
        }
        for (int i = 0; i < container.environmentFiles().size(); i++) {
            ContainerDefinition.EnvironmentFile file = container.environmentFiles().get(i);
            String path = "environmentFiles[" + i + "]";
            if (!ApiEnums.ENVIRONMENT_FILE_TYPES.contains(file.type())) {
                in.error(path + ".type", "environmentFiles type must be \"s3\", found "
                        + (file.type() == null ? "nothing" : "\"" + file.type() + "\""), null);
            }
            if (file.value() == null || !file.value().startsWith("arn:") || !file.value().endsWith(".env")) {
                in.error(path + ".value", "environmentFiles value must be the ARN of an S3 object whose name ends "
                        + "in .env, found " + (file.value() == null ? "nothing" : "\"" + file.value() + "\""),
                        "e.g. \"arn:aws:s3:::my-bucket/app.env\".");
            }
        }
    }

    /**
     * {@code credentialSpecs}: at most one, each "credentialspec:" (the container instance is joined to the domain) or
     * "credentialspecdomainless:" (the spec names a Secrets Manager secret to join with), then where the spec file is:
     * an S3 object's or an SSM parameter's ARN, or (on Windows) a file:// path on the instance, as the agent reads them.
     */
    private static void checkCredentialSpecs(Findings.InContainer in, List<String> specs) {
        if (specs.size() > MAX_CREDENTIAL_SPECS) {
            in.error("credentialSpecs", "credentialSpecs has " + specs.size() + " entries; ECS allows "
                    + MAX_CREDENTIAL_SPECS + " per container", "Keep the one credential spec the container joins its domain with.");
        }
        for (int i = 0; i < specs.size(); i++) {
            String spec = specs.get(i);
            if (!CREDENTIAL_SPEC.matcher(spec).matches()) {
                in.error("credentialSpecs[" + i + "]", "\"" + spec + "\" is not a credential spec reference",
                        "Write \"credentialspec:ARN\" (the container instance joins the domain) or "
                                + "\"credentialspecdomainless:ARN\" (domainless gMSA), where ARN is the credential spec "
                                + "file's S3 object or SSM parameter, e.g. \"credentialspecdomainless:arn:aws:s3:::bucket/gmsa.json\".");
            }
        }
    }

    private static void checkSecrets(Findings.InContainer in, String field, List<Secret> secrets) {
        for (int i = 0; i < secrets.size(); i++) {
            Secret secret = secrets.get(i);
            String path = field + "[" + i + "]";
            if (secret.name() == null || secret.name().isEmpty()) {
                in.error(path + ".name", "secret name is required", null);
            }
            String from = secret.valueFrom();
            if (from == null || from.isEmpty()) {
                in.error(path + ".valueFrom", "secret valueFrom is required",
                        "The ARN of a Secrets Manager secret, or the name or ARN of an SSM parameter.");
            } else if (from.startsWith("arn:") && from.contains(":secretsmanager:")) {
                int secretAt = from.indexOf(":secret:");
                int extraFields = secretAt < 0 ? -1
                        : (int) from.substring(secretAt + ":secret:".length()).chars().filter(c -> c == ':').count();
                if (extraFields != 0 && extraFields != 3) {
                    // The agent's rule: the ARN, or the ARN followed by :json-key:version-stage:version-id.
                    in.error(path + ".valueFrom", "an invalid ARN format for the AWS Secrets Manager secret was "
                                    + "specified: \"" + from + "\"",
                            "Use the secret's ARN, or the ARN followed by :json-key:version-stage:version-id "
                                    + "(empty fields allowed, e.g. \"...:secret:db-AbCdEf:password::\").");
                }
            }
        }
    }
}

package dev.ecslocal.simulator.firelens;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.Secret;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration ECS generates for a task's FireLens log router (ECS-SEMANTICS §7.4), section for section:
 * the socket input, the TCP input and the health-check input per network mode, the include/exclude grep
 * filters, the ECS metadata filter, the {@code @INCLUDE} of a custom file, and one output per container that
 * logs with {@code awsfirelens}. Pure: a task definition in, text out.
 *
 * <p>Two differences from ECS, both deliberate: ECS writes outputs (and grep filters) in Go's random map order;
 * here they follow the task definition, so that the same task always gives the same file. And the EC2
 * instance id ECS records on the EC2 launch type is {@link #LOCAL_INSTANCE_ID}: there is no instance.
 *
 * @param router     the router container's name
 * @param text       the file, as the router reads it
 * @param configPath where the router reads it: ECS mounts the file there
 * @param replaced   for each container whose output ecs-local replaced by a local one ({@link #local}), the
 *                   plugin the task definition names; empty in ECS's own configuration
 */
public record FirelensConfig(String router, Type type, String text, String configPath, Map<String, String> replaced) {

    public FirelensConfig {
        replaced = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(replaced));
    }

    /**
     * Where ecs-local's configuration sends the records of an output that would leave the machine.
     * {@link Forward}: to ecs-local's receiver, which shows each record in the console under the output's name;
     * {@link Stdout}: to the router's own standard output, when the router cannot reach ecs-local.
     */
    public sealed interface LocalOutput {
        record Forward(String host, int port) implements LocalOutput {
        }

        record Stdout() implements LocalOutput {
        }
    }

    /**
     * Output plugins that keep records on the machine (or drop them): ecs-local leaves them as they are. Every
     * other plugin sends them to a service (CloudWatch, Firehose, Datadog, Elasticsearch, an HTTP endpoint).
     */
    public static final java.util.Set<String> LOCAL_PLUGINS = java.util.Set.of("stdout", "null", "file", "counter",
            "flowcounter", "exit");

    /** {@code firelensConfiguration.type}. */
    public enum Type {
        FLUENTBIT, FLUENTD;

        static Type of(String ecsName) {
            return "fluentd".equals(ecsName) ? FLUENTD : FLUENTBIT;
        }

        /** Where a custom file given as an S3 ARN is mounted in the router (config-file-type s3). */
        public String externalConfigPath() {
            return this == FLUENTBIT ? FLUENTBIT_EXTERNAL_CONFIG : FLUENTD_EXTERNAL_CONFIG;
        }

        /** The log option that names the output plugin: {@code Name}, or {@code @type} for Fluentd. */
        public String outputKey() {
            return this == FLUENTBIT ? FLUENTBIT_OUTPUT_KEY : FLUENTD_OUTPUT_KEY;
        }
    }

    // ---- what ECS names, mounts and listens on (the agent's constants, §7.1-§7.4) --------------------------

    /** The Unix socket the router listens on; its directory is mounted at {@link #SOCKET_DIRECTORY}. */
    public static final String SOCKET_PATH = "/var/run/fluent.sock";
    public static final String SOCKET_DIRECTORY = "/var/run/";
    /** The Fluentd forward protocol port the router listens on in bridge and awsvpc modes. */
    public static final int FORWARD_PORT = 24224;
    /** Fluent Bit's TCP health-check input, and the tag its records carry to the null output. */
    public static final int HEALTH_CHECK_PORT = 8877;
    public static final String HEALTH_CHECK_TAG = "firelens-healthcheck";
    public static final String FLUENTBIT_CONFIG_PATH = "/fluent-bit/etc/fluent-bit.conf";
    public static final String FLUENTD_CONFIG_PATH = "/fluentd/etc/fluent.conf";
    /** Where a custom file given as an S3 ARN is put (config-file-type s3). */
    public static final String FLUENTBIT_EXTERNAL_CONFIG = "/fluent-bit/etc/external.conf";
    public static final String FLUENTD_EXTERNAL_CONFIG = "/fluentd/etc/external.conf";
    /** Mem_Buf_Limit when the router has neither memoryReservation nor memory, in MiB. */
    public static final int DEFAULT_MEM_BUF_LIMIT_MIB = 25;
    /** Stands in for ec2_instance_id on the EC2 launch type: the shape of an instance id, and clearly none. */
    public static final String LOCAL_INSTANCE_ID = "i-00000000000000000";

    /** firelensConfiguration.options keys. */
    public static final String ENABLE_ECS_LOG_METADATA = "enable-ecs-log-metadata";
    public static final String CONFIG_FILE_TYPE = "config-file-type";
    public static final String CONFIG_FILE_VALUE = "config-file-value";
    /** logConfiguration.options keys that are ECS's, not the output plugin's. */
    public static final String INCLUDE_PATTERN = "include-pattern";
    public static final String EXCLUDE_PATTERN = "exclude-pattern";
    public static final String LOG_DRIVER_BUFFER_LIMIT = "log-driver-buffer-limit";
    /** The key that names the output plugin. */
    public static final String FLUENTBIT_OUTPUT_KEY = "Name";
    public static final String FLUENTD_OUTPUT_KEY = "@type";

    /** The tag Docker's fluentd driver gives a container's records: {@code <container>-firelens-<task id>} (§7.3). */
    public static String tag(String container, String taskId) {
        return container + "-firelens-" + taskId;
    }

    /**
     * The tag pattern of the container's filters and output: {@code <container>-firelens*}, Fluentd's
     * {@code <container>-firelens**}. Every tag that starts with the container's name and {@code -firelens} matches it.
     */
    public static String match(String container, Type type) {
        return container + "-firelens" + (type == Type.FLUENTBIT ? "*" : "**");
    }

    /**
     * The router's configuration, or empty when the task has no router.
     *
     * @param taskArn the task's ARN; its last part is the task id in the tags
     */
    public static Optional<FirelensConfig> of(TaskDefinition task, int revision, String cluster, String taskArn) {
        return render(task, revision, cluster, taskArn, null);
    }

    /**
     * The configuration ecs-local gives a real router on a laptop: ECS's, but with every output that would send
     * records off the machine replaced by {@code local} (a comment in the file says which). Filters, metadata and
     * custom files are kept: the router does all it would do, except ship the records.
     */
    public static Optional<FirelensConfig> local(TaskDefinition task, int revision, String cluster, String taskArn,
                                                 LocalOutput local) {
        return render(task, revision, cluster, taskArn, java.util.Objects.requireNonNull(local, "local"));
    }

    private static Optional<FirelensConfig> render(TaskDefinition task, int revision, String cluster, String taskArn,
                                                   LocalOutput local) {
        Optional<ContainerDefinition> router = task.firelensRouter();
        if (router.isEmpty()) {
            return Optional.empty();
        }
        ContainerDefinition routerDefinition = router.get();
        Type type = Type.of(routerDefinition.firelensConfiguration().type());
        Sections sections = sections(task, revision, cluster, taskArn, routerDefinition, type);
        Map<String, String> replaced = new java.util.LinkedHashMap<>();
        if (local != null) {
            List<Output> outputs = new ArrayList<>();
            for (Output output : sections.outputs()) {
                if (LOCAL_PLUGINS.contains(output.plugin())) {
                    outputs.add(output);
                } else {
                    replaced.put(output.container(), output.plugin());
                    outputs.add(output.replacedBy(local));
                }
            }
            sections = new Sections(sections.inputs(), sections.includes(), sections.excludes(), sections.records(),
                    sections.include(), sections.healthCheckOutput(), outputs);
        }
        String text = type == Type.FLUENTBIT ? FluentBitSyntax.render(sections) : FluentdSyntax.render(sections);
        return Optional.of(new FirelensConfig(routerDefinition.name(), type, text,
                type == Type.FLUENTBIT ? FLUENTBIT_CONFIG_PATH : FLUENTD_CONFIG_PATH, replaced));
    }

    /** What the file says, before either syntax writes it. Maps are sorted: Go's templates range over maps in key order. */
    record Sections(List<Input> inputs, List<Grep> includes, List<Grep> excludes, Map<String, String> records,
                    String include, boolean healthCheckOutput, List<Output> outputs) {
    }

    record Input(String name, String tag, Map<String, String> options) {
    }

    /** @param match the tag pattern: {@code <container>-firelens*} (fluentd: {@code **}) */
    record Grep(String match, String pattern) {
    }

    /**
     * @param container the container whose records it sends
     * @param forwardTo where a local forward output sends them (each syntax writes the address its own way); null
     *                  for every other plugin
     * @param replaces  the plugin this local output stands in for; null when it is the task definition's own
     */
    record Output(String container, String plugin, String match, Map<String, String> options,
                  LocalOutput.Forward forwardTo, String replaces) {

        Output replacedBy(LocalOutput local) {
            return local instanceof LocalOutput.Forward forward
                    ? new Output(container, "forward", match, Map.of(), forward, plugin)
                    : new Output(container, "stdout", match, Map.of(), null, plugin);
        }
    }

    private static Sections sections(TaskDefinition task, int revision, String cluster, String taskArn,
                                     ContainerDefinition router, Type type) {
        Map<String, String> firelensOptions = router.firelensConfiguration().options();
        NetworkMode mode = task.effectiveNetworkMode();
        boolean bridgeOrAwsvpc = mode == NetworkMode.BRIDGE || mode == NetworkMode.AWSVPC;

        List<Input> inputs = new ArrayList<>();
        Map<String, String> socket = new TreeMap<>();
        if (type == Type.FLUENTBIT) {
            socket.put("Mem_Buf_Limit", memBufLimitMiB(router) + "MB");
            socket.put("unix_path", SOCKET_PATH);
            inputs.add(new Input("forward", null, socket));
        } else {
            socket.put("path", SOCKET_PATH);
            inputs.add(new Input("unix", null, socket));
        }
        if (bridgeOrAwsvpc) {
            // awsvpc: the whole task shares the netns, so loopback is enough; bridge: other containers dial the router's IP.
            String address = mode == NetworkMode.AWSVPC ? "127.0.0.1" : "0.0.0.0";
            Map<String, String> tcp = new TreeMap<>(type == Type.FLUENTBIT
                    ? Map.of("Listen", address, "Port", Integer.toString(FORWARD_PORT))
                    : Map.of("bind", address, "port", Integer.toString(FORWARD_PORT)));
            inputs.add(new Input("forward", null, tcp));
        }
        boolean healthCheck = bridgeOrAwsvpc && type == Type.FLUENTBIT;
        if (healthCheck) {
            inputs.add(new Input("tcp", HEALTH_CHECK_TAG, new TreeMap<>(Map.of("Listen", "127.0.0.1",
                    "Port", Integer.toString(HEALTH_CHECK_PORT)))));
        }

        List<Grep> includes = new ArrayList<>();
        List<Grep> excludes = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int index = 0; index < containers.size(); index++) {
            ContainerDefinition container = containers.get(index);
            if (!container.usesAwsFirelens() || container == router) {
                continue;
            }
            String match = match(container.name(), type);
            Map<String, String> options = container.logConfiguration().options();
            if (options.containsKey(INCLUDE_PATTERN)) {
                includes.add(new Grep(match, options.get(INCLUDE_PATTERN)));
            }
            if (options.containsKey(EXCLUDE_PATTERN)) {
                excludes.add(new Grep(match, options.get(EXCLUDE_PATTERN)));
            }
            output(container, index, type, match, options).ifPresent(outputs::add);
        }

        Map<String, String> records = metadata(task, revision, cluster, taskArn, router);
        String include = null;
        if ("file".equals(firelensOptions.get(CONFIG_FILE_TYPE))) {
            include = firelensOptions.get(CONFIG_FILE_VALUE);
        } else if (s3Arn(firelensOptions) != null) {
            include = type.externalConfigPath();
        }
        return new Sections(inputs, includes, excludes, records, include, healthCheck, outputs);
    }

    /** The S3 object the task's router includes (config-file-type s3), if it has a router that does. */
    public static Optional<String> s3ConfigArn(TaskDefinition task) {
        return task.firelensRouter().map(router -> s3Arn(router.firelensConfiguration().options()));
    }

    private static String s3Arn(Map<String, String> firelensOptions) {
        return "s3".equals(firelensOptions.get(CONFIG_FILE_TYPE)) ? firelensOptions.get(CONFIG_FILE_VALUE) : null;
    }

    /**
     * The fields the record_modifier filter adds to every record (§7.4 step 6), sorted by key; empty when
     * enable-ecs-log-metadata turns them off. ec2_instance_id only on the EC2 launch type.
     */
    static Map<String, String> metadata(TaskDefinition task, int revision, String cluster, String taskArn,
                                        ContainerDefinition router) {
        Map<String, String> records = new TreeMap<>();
        if (ecsMetadataEnabled(router.firelensConfiguration().options())) {
            if (!task.requiresFargate()) {
                records.put("ec2_instance_id", LOCAL_INSTANCE_ID);
            }
            records.put("ecs_cluster", cluster);
            records.put("ecs_task_arn", taskArn);
            records.put("ecs_task_definition", task.family() + ":" + revision);
        }
        return records;
    }

    /**
     * One output per container: its plugin, then every other option but ECS's own; secret log options as
     * references to the router's environment, {@code <name>_<index of the container>} (§7.2). A container with
     * no options gets no output (routing is left to a custom file).
     */
    private static Optional<Output> output(ContainerDefinition container, int index, Type type, String match,
                                           Map<String, String> options) {
        List<Secret> secrets = container.logConfiguration().secretOptions();
        if (options.isEmpty() && secrets.isEmpty()) {
            return Optional.empty();
        }
        String key = type.outputKey();
        Map<String, String> rest = new TreeMap<>();
        options.forEach((name, value) -> {
            if (!name.equals(INCLUDE_PATTERN) && !name.equals(EXCLUDE_PATTERN) && !name.equals(LOG_DRIVER_BUFFER_LIMIT)) {
                rest.put(name, value);
            }
        });
        // As the agent does: the secret log options are merged over the options, as references to the router's
        // environment, before the plugin is looked for. A secret named Name (or @type) names it: Name ${Name_1}.
        for (Secret secret : secrets) {
            String variable = secretVariable(secret, index);
            rest.put(secret.name(), type == Type.FLUENTBIT ? "${" + variable + "}" : "\"#{ENV['" + variable + "']}\"");
        }
        String plugin = rest.remove(key);
        if (plugin == null) {
            // Validation refuses this first; the agent's words, should it get here.
            throw new IllegalArgumentException("missing output key " + key + " which is required for firelens configuration of type "
                    + type.name().toLowerCase(java.util.Locale.ROOT));
        }
        return Optional.of(new Output(container.name(), plugin, match, rest, null, null));
    }

    /**
     * The router's environment variable that holds a secret log option of the container at {@code index} in
     * containerDefinitions (§7.2): {@code <name>_<index>}.
     */
    public static String secretVariable(Secret secret, int index) {
        return secret.name() + "_" + index;
    }

    /** The line above a replaced output, for whoever reads the mounted file. Both syntaxes take # comments. */
    static String replacedComment(Output output) {
        return "# ecs-local: " + output.container() + "'s output \"" + output.replaces() + "\" is replaced by this local one"
                + (output.forwardTo() != null ? " (ecs-local shows its records)" : " (records go to the router's stdout)")
                + "; `ecs-local run --firelens-outputs=real` keeps it";
    }

    /**
     * Half the router's memoryReservation, else half its memory, else 25 MiB (the agent's resolveMemBufLimit).
     */
    static int memBufLimitMiB(ContainerDefinition router) {
        if (router.memoryReservation() != null && router.memoryReservation() > 0) {
            return router.memoryReservation() / 2;
        }
        if (router.memory() != null && router.memory() > 0) {
            return router.memory() / 2;
        }
        return DEFAULT_MEM_BUF_LIMIT_MIB;
    }

    /**
     * On unless the option says otherwise, parsed as Go's strconv.ParseBool. The agent's quirk is kept: a value
     * that does not parse is logged as ignored, yet leaves the flag off (§7.1).
     */
    static boolean ecsMetadataEnabled(Map<String, String> options) {
        String value = options.get(ENABLE_ECS_LOG_METADATA);
        if (value == null) {
            return true;
        }
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            default -> false;
        };
    }
}

package dev.ecslocal.simulator.validate;

import java.util.List;

/**
 * The enums of ECS's RegisterTaskDefinition API for the fields the model keeps as strings (those it binds to Java enums,
 * such as networkMode, are checked as they are read). Taken from the API model (botocore 1.43.117), in its order and
 * exact case: the API refuses any other spelling. (firelensConfiguration.type's are {@link FirelensRules#ROUTER_TYPES}.) {@code ApiModelCoverageTest} compares them with the model's fixture,
 * so a value ECS adds fails a test until it is added here.
 */
final class ApiEnums {
    static final List<String> VERSION_CONSISTENCY = List.of("enabled", "disabled");
    static final List<String> CPU_ARCHITECTURES = List.of("X86_64", "ARM64");
    static final List<String> OS_FAMILIES = List.of("WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE",
            "WINDOWS_SERVER_2016_FULL", "WINDOWS_SERVER_2004_CORE", "WINDOWS_SERVER_2022_CORE", "WINDOWS_SERVER_2022_FULL",
            "WINDOWS_SERVER_2025_CORE", "WINDOWS_SERVER_2025_FULL", "WINDOWS_SERVER_20H2_CORE", "LINUX");
    static final List<String> APPLICATION_PROTOCOLS = List.of("http", "http2", "grpc");
    static final List<String> RESOURCE_TYPES = List.of("GPU", "InferenceAccelerator", "NeuronDevice");
    static final List<String> PLACEMENT_CONSTRAINT_TYPES = List.of("memberOf");
    static final List<String> PROXY_CONFIGURATION_TYPES = List.of("APPMESH");
    static final List<String> DEVICE_PERMISSIONS = List.of("read", "write", "mknod");
    /** EFS's transitEncryption and authorizationConfig.iam. */
    static final List<String> ENABLED_DISABLED = List.of("ENABLED", "DISABLED");
    static final List<String> ENVIRONMENT_FILE_TYPES = List.of("s3");
    static final List<String> DOCKER_VOLUME_SCOPES = List.of("task", "shared");
    /**
     * The log drivers the API takes. Docker's logentries driver, which older ECS documentation listed, is not one of them
     * (Docker deprecated the driver and then removed it; the API model no longer has it).
     */
    static final List<String> LOG_DRIVERS = List.of("json-file", "syslog", "journald", "gelf", "fluentd", "awslogs",
            "splunk", "awsfirelens");
    static final List<String> ULIMIT_NAMES = List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    private ApiEnums() {
    }
}

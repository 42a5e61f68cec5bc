package dev.ecslocal.simulator.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run a task: an immutable value, each {@code with…} returning a changed copy. Everything is optional; the
 * defaults are `ecs-local run`'s. What the options name (containers, files, ARNs) is checked against the task when
 * the run starts, all before anything is created ({@link RunRefusedException}).
 *
 * <pre>{@code
 * RunOptions options = RunOptions.defaults()
 *         .withSecretsFile(Path.of("samples/payments/secrets.json"))
 *         .withFirelens(FirelensMode.EMBEDDED)
 *         .withTaskStartTimeout(Duration.ofMinutes(2));
 * }</pre>
 */
public final class RunOptions {
    /** ECS's address of the metadata and credentials endpoints (ECS-SEMANTICS §8.1). */
    public static final String ECS_ENDPOINT_ADDRESS = "169.254.170.2";
    /** The image that holds a task's namespaces when none is named (scripts/setup.sh builds it offline). */
    public static final String DEFAULT_PAUSE_IMAGE = dev.ecslocal.simulator.agent.ContainerSpecs.DEFAULT_PAUSE_IMAGE;

    /** A fault to inject, in the command line's words: {@code envoy@healthy+2s:SIGTERM}. */
    public record FaultSpec(Kind kind, String text) {
        public enum Kind { KILL, STOP, PAUSE, FAIL_HEALTH }

        public FaultSpec {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }
    }

    private FirelensMode firelens = FirelensMode.AUTO;
    private FirelensOutputs firelensOutputs = FirelensOutputs.LOCAL;
    private Map<String, Path> firelensS3Files = Map.of();
    private Path secretsFile;
    private Map<String, String> secrets = Map.of();
    private Map<String, Path> environmentFiles = Map.of();
    private Map<String, String> images = Map.of();
    private Path environmentFilesDirectory;
    private String taskRoleCredentials = "none";
    private String region;
    private List<FaultSpec> faults = List.of();
    private PullPolicy pull = PullPolicy.MISSING;
    private String pauseImage = DEFAULT_PAUSE_IMAGE;
    private String publishAddress = "127.0.0.1";
    private boolean keep;
    private Duration taskStartTimeout;
    private String endpointAddress = ECS_ENDPOINT_ADDRESS;
    private int endpointPort = 80;
    private java.util.Set<AccountInput> fromAccount = java.util.Set.of();
    private java.util.function.Supplier<dev.ecslocal.simulator.aws.AwsAccount> awsAccount = dev.ecslocal.simulator.aws.AwsAccount::connect;
    private Map<String, String> environment = System.getenv();
    private Path home = Path.of(System.getProperty("user.home", "."));

    private RunOptions() {
    }

    /** `ecs-local run`'s defaults: FireLens auto with local outputs, no secrets, pull missing images, 127.0.0.1. */
    public static RunOptions defaults() {
        return new RunOptions();
    }

    private RunOptions with(Consumer<RunOptions> change) {
        RunOptions copy = new RunOptions();
        copy.firelens = firelens;
        copy.firelensOutputs = firelensOutputs;
        copy.firelensS3Files = firelensS3Files;
        copy.secretsFile = secretsFile;
        copy.secrets = secrets;
        copy.environmentFiles = environmentFiles;
        copy.images = images;
        copy.environmentFilesDirectory = environmentFilesDirectory;
        copy.taskRoleCredentials = taskRoleCredentials;
        copy.region = region;
        copy.faults = faults;
        copy.pull = pull;
        copy.pauseImage = pauseImage;
        copy.publishAddress = publishAddress;
        copy.keep = keep;
        copy.taskStartTimeout = taskStartTimeout;
        copy.endpointAddress = endpointAddress;
        copy.endpointPort = endpointPort;
        copy.fromAccount = fromAccount;
        copy.awsAccount = awsAccount;
        copy.environment = environment;
        copy.home = home;
        change.accept(copy);
        return copy;
    }

    public RunOptions withFirelens(FirelensMode mode) {
        return with(o -> o.firelens = Objects.requireNonNull(mode));
    }

    public RunOptions withFirelensOutputs(FirelensOutputs outputs) {
        return with(o -> o.firelensOutputs = Objects.requireNonNull(outputs));
    }

    /** A local copy of the router's {@code config-file-type s3} object, by its ARN. */
    public RunOptions withFirelensS3File(String arn, Path file) {
        return with(o -> o.firelensS3Files = plus(firelensS3Files, arn, file));
    }

    /** Local values for the task's secrets: a JSON object or NAME=value lines (`run --secrets`). */
    public RunOptions withSecretsFile(Path file) {
        return with(o -> o.secretsFile = file);
    }

    /** Local values for the task's secrets, keyed as in a secrets file (ARN, secret name, parameter name). */
    public RunOptions withSecrets(Map<String, String> values) {
        return with(o -> o.secrets = Map.copyOf(values));
    }

    /** A local copy of an environmentFiles S3 object, by its ARN. */
    public RunOptions withEnvironmentFile(String arn, Path file) {
        return with(o -> o.environmentFiles = plus(environmentFiles, arn, file));
    }

    /**
     * Runs {@code image} for the container named {@code container} instead of the task definition's image: a local
     * build for an ECR image ({@code run --image app=myapp:dev}), or the image a {@code <IMAGE1_NAME>} placeholder
     * stands for. The name is checked against the task when the run is prepared; naming a container again replaces
     * its image.
     */
    public RunOptions withImage(String container, String image) {
        return with(o -> {
            Map<String, String> copy = new LinkedHashMap<>(images);
            copy.put(Objects.requireNonNull(container, "container"), Objects.requireNonNull(image, "image"));
            o.images = java.util.Collections.unmodifiableMap(copy);
        });
    }

    /** A directory holding the environmentFiles objects as DIR/bucket/key or DIR/key. */
    public RunOptions withEnvironmentFilesDirectory(Path directory) {
        return with(o -> o.environmentFilesDirectory = directory);
    }

    /**
     * What the credentials endpoint gives a task with a taskRoleArn: {@code env}, {@code profile:NAME}, {@code assume}
     * (the task role's own keys, from sts:AssumeRole with the user's AWS credentials, through {@link #withAwsAccount})
     * or {@code none}.
     */
    public RunOptions withTaskRoleCredentials(String source) {
        return with(o -> o.taskRoleCredentials = Objects.requireNonNull(source));
    }

    /** The task's region; by default AWS_REGION, AWS_DEFAULT_REGION, the AWS config's, else us-east-1. */
    public RunOptions withRegion(String region) {
        return with(o -> o.region = region);
    }

    public RunOptions withFault(FaultSpec fault) {
        return with(o -> {
            List<FaultSpec> all = new ArrayList<>(faults);
            all.add(fault);
            o.faults = List.copyOf(all);
        });
    }

    /** {@code NAME@WHEN[:SIGNAL]}: signal the container (default SIGKILL) at WHEN ({@code 5s}, {@code healthy+2s}). */
    public RunOptions withKill(String spec) {
        return withFault(new FaultSpec(FaultSpec.Kind.KILL, spec));
    }

    public RunOptions withPull(PullPolicy pull) {
        return with(o -> o.pull = Objects.requireNonNull(pull));
    }

    public RunOptions withPauseImage(String image) {
        return with(o -> o.pauseImage = Objects.requireNonNull(image));
    }

    public RunOptions withPublishAddress(String address) {
        return with(o -> o.publishAddress = Objects.requireNonNull(address));
    }

    /** Leave the containers and volumes in place at the end (`ecs-local down` removes them). */
    public RunOptions withKeep(boolean keep) {
        return with(o -> o.keep = keep);
    }

    /** Stop the task as a failed start if it is not RUNNING by then; null: wait as ECS does. */
    public RunOptions withTaskStartTimeout(Duration timeout) {
        return with(o -> o.taskStartTimeout = timeout);
    }

    /** Where the metadata and credentials endpoints listen (ECS's 169.254.170.2:80 by default). */
    public RunOptions withEndpoints(String address, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("endpoint port " + port + " is not a TCP port (0 to 65535; 0: any free one)");
        }
        return with(o -> {
            o.endpointAddress = Objects.requireNonNull(address);
            o.endpointPort = port;
        });
    }

    /** No metadata or credentials endpoint: the containers get none of their variables. */
    public RunOptions withoutEndpoints() {
        return with(o -> o.endpointAddress = null);
    }

    /**
     * Fetch {@code input} from the user's AWS account when the task needs it (and no local copy is given), as ECS does
     * with the execution role. Nothing is fetched from AWS unless asked.
     */
    public RunOptions withFromAccount(AccountInput input) {
        return with(o -> {
            java.util.EnumSet<AccountInput> all = java.util.EnumSet.of(Objects.requireNonNull(input));
            all.addAll(fromAccount);
            o.fromAccount = java.util.Collections.unmodifiableSet(all);
        });
    }

    /**
     * Where the run's AWS calls go, asked only when a run needs AWS, and closed when the run ends. By default the user's
     * AWS settings, found as the AWS CLI finds them ({@link dev.ecslocal.simulator.aws.AwsAccount#connect()}); a test
     * gives its own.
     */
    public RunOptions withAwsAccount(java.util.function.Supplier<dev.ecslocal.simulator.aws.AwsAccount> account) {
        return with(o -> o.awsAccount = Objects.requireNonNull(account));
    }

    /** The environment and home directory that the region and AWS profiles are read from (the process's by default). */
    public RunOptions withUserEnvironment(Map<String, String> environment, Path home) {
        return with(o -> {
            o.environment = Map.copyOf(environment);
            o.home = home;
        });
    }

    public FirelensMode firelens() {
        return firelens;
    }

    public FirelensOutputs firelensOutputs() {
        return firelensOutputs;
    }

    public Map<String, Path> firelensS3Files() {
        return firelensS3Files;
    }

    public Path secretsFile() {
        return secretsFile;
    }

    public Map<String, String> secrets() {
        return secrets;
    }

    public Map<String, Path> environmentFiles() {
        return environmentFiles;
    }

    /** The images to run instead of the task definition's, by container name, in the order given. */
    public Map<String, String> images() {
        return images;
    }

    public Path environmentFilesDirectory() {
        return environmentFilesDirectory;
    }

    public String taskRoleCredentials() {
        return taskRoleCredentials;
    }

    public String region() {
        return region;
    }

    public List<FaultSpec> faults() {
        return faults;
    }

    public PullPolicy pull() {
        return pull;
    }

    public String pauseImage() {
        return pauseImage;
    }

    public String publishAddress() {
        return publishAddress;
    }

    public boolean keep() {
        return keep;
    }

    public Duration taskStartTimeout() {
        return taskStartTimeout;
    }

    /** Null when the endpoints are off. */
    public String endpointAddress() {
        return endpointAddress;
    }

    public int endpointPort() {
        return endpointPort;
    }

    /** What the run may fetch from the account. */
    public java.util.Set<AccountInput> fromAccount() {
        return fromAccount;
    }

    public boolean fromAccount(AccountInput input) {
        return fromAccount.contains(input);
    }

    public java.util.function.Supplier<dev.ecslocal.simulator.aws.AwsAccount> awsAccount() {
        return awsAccount;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Path home() {
        return home;
    }

    /** What to do when the pause image is missing: build the default one, or name one that is here. */
    public static String pauseImageHint(String pauseImage) {
        return RunOptions.DEFAULT_PAUSE_IMAGE.equals(pauseImage)
                ? "The task's namespaces are held by " + pauseImage + ", which no registry has: ./scripts/setup.sh builds it "
                        + "offline from busybox-static. Or name any image that runs until stopped with --pause-image "
                        + "(or ECS_LOCAL_PAUSE_IMAGE), e.g. registry.k8s.io/pause:3.9."
                : "The task's namespaces are held by --pause-image " + pauseImage + ", which is not here: pull or build it, "
                        + "or leave --pause-image out to use " + RunOptions.DEFAULT_PAUSE_IMAGE + " (./scripts/setup.sh builds it).";
    }

    private static Map<String, Path> plus(Map<String, Path> map, String key, Path value) {
        Map<String, Path> copy = new LinkedHashMap<>(map);
        copy.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return java.util.Collections.unmodifiableMap(copy);
    }
}

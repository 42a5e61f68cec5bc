package dev.ecslocal.simulator.event;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Who one run is, and the one place that spells it: the task id, the ARNs ECS would give the task and its
 * containers (in the local cluster, the run's region and one account), the Docker names, and the labels that let
 * ecs-local find what a run created on a shared daemon (never by listing everything). The specs, the engine,
 * `ps`/`down`, the describe-tasks report and the metadata endpoint all ask it, so one container has one ARN everywhere.
 *
 * @param family        the task definition's family
 * @param revision      its revision (1 for a file that says none)
 * @param taskId        32 lowercase hex digits, as ECS's task ids
 * @param region        the run's region, the one its containers get as AWS_REGION: every ARN of the run is in it
 * @param account       the account of every ARN of the run: a registered definition's, else {@link #LOCAL_ACCOUNT}
 * @param fargate       whether the task runs as Fargate runs it (its launch type): Fargate names the cluster by its ARN
 * @param registeredArn the task definition's own ARN when it is a registered one; null for a file never registered
 */
public record RunIdentity(String family, int revision, String taskId, String region, String account, boolean fargate,
                          String registeredArn) {
    /** ecs-local's cluster: every local task runs in it, and its ARNs say so. */
    public static final String CLUSTER = "ecs-local";
    /** The account of a run's ARNs when the task definition is no registered one: no real account is implied. */
    public static final String LOCAL_ACCOUNT = "000000000000";
    /** The region of a {@link #RunIdentity(String, int, String) run described without one} (a plan, a test). */
    public static final String DEFAULT_REGION = "us-east-1";

    /** On every container and task-scoped volume of a run: events and clean-up find exactly them. */
    public static final String TASK_LABEL = "ecs-local.task-id";
    /** The container's name in the task definition (or the agent's internal name). */
    public static final String CONTAINER_LABEL = "ecs-local.container";
    /** Which ecs-local process runs the task, and on which host: a task whose process is gone is a leftover. */
    public static final String PID_LABEL = "ecs-local.pid";
    public static final String HOST_LABEL = "ecs-local.host";
    /** A task volume's name in the task definition. */
    public static final String VOLUME_LABEL = "ecs-local.volume";
    /** A shared-scope docker volume: it outlives the run, and `down` leaves it. */
    public static final String SHARED_VOLUME_LABEL = "ecs-local.shared-volume";
    /** The router's place-holder while ecs-local's embedded stand-in does the FireLens router's work. */
    public static final String FIRELENS_STAND_IN_LABEL = "ecs-local.firelens-stand-in";
    /**
     * On the endpoints network and its relay container, which every run on a daemon shares: they go with the last
     * run that uses them, or with {@code down}.
     */
    public static final String ENDPOINTS_LABEL = "ecs-local.endpoints";
    /** On the relay container: the version of its script, so that a relay made by another ecs-local is replaced. */
    public static final String ENDPOINTS_RELAY_LABEL = "ecs-local.endpoints-relay";

    /** ECS's labels on every container of a task (§8.6): the metadata endpoint shows these, never ecs-local's own. */
    public static final String ECS_TASK_ARN_LABEL = "com.amazonaws.ecs.task-arn";

    public RunIdentity {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
    }

    /** A run in {@link #DEFAULT_REGION}, on EC2, of a definition never registered (a plan, a test). */
    public RunIdentity(String family, int revision, String taskId) {
        this(family, revision, taskId, DEFAULT_REGION, LOCAL_ACCOUNT, false, null);
    }

    /**
     * A new run of the task definition, with a fresh task id.
     *
     * @param registeredArn the definition's ARN when it is a registered one (its account is then the run's); null otherwise
     */
    public static RunIdentity newRun(String family, int revision, String region, boolean fargate, String registeredArn) {
        return of(family, revision, UUID.randomUUID().toString().replace("-", ""), region, fargate, registeredArn);
    }

    /** A run with the given task id, in the account of {@code registeredArn} when there is one, else the local one. */
    public static RunIdentity of(String family, int revision, String taskId, String region, boolean fargate, String registeredArn) {
        return new RunIdentity(family, revision, taskId, region, accountOf(registeredArn), fargate, registeredArn);
    }

    /** {@code arn:aws:ecs:REGION:ACCOUNT:task-definition/…} gives ACCOUNT; anything else the local account. */
    private static String accountOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length == 6 && parts[4].matches("\\d{12}") ? parts[4] : LOCAL_ACCOUNT;
    }

    private String arn(String resource) {
        return "arn:" + partition(region) + ":ecs:" + region + ":" + account + ":" + resource;
    }

    /** The AWS partition a region is in: {@code aws-cn} for China's, {@code aws-us-gov} for GovCloud's, else {@code aws}. */
    public static String partition(String region) {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    public String taskArn() {
        return arn("task/" + CLUSTER + "/" + taskId);
    }

    public String clusterArn() {
        return arn("cluster/" + CLUSTER);
    }

    /** The cluster as the task's metadata and labels name it: its name on EC2, its ARN on Fargate. */
    public String cluster() {
        return fargate ? clusterArn() : CLUSTER;
    }

    /** The registered definition's own ARN, else the one it would have in the run's region and account. */
    public String taskDefinitionArn() {
        return registeredArn != null ? registeredArn : arn("task-definition/" + family + ":" + revision);
    }

    /** {@code family:revision}, as ECS names a task definition. */
    public String taskDefinition() {
        return family + ":" + revision;
    }

    /**
     * ECS gives each container a UUID in its ARN; here it is derived from the task id and the name, so that every
     * part of ecs-local (the report, the metadata endpoint) says the same ARN for the same container.
     */
    public String containerArn(String container) {
        return arn("container/" + CLUSTER + "/" + taskId + "/")
                + UUID.nameUUIDFromBytes((taskId + "/" + container).getBytes(StandardCharsets.UTF_8));
    }

    /** ECS's form, ecs-&lt;family&gt;-&lt;revision&gt;-&lt;name&gt;-&lt;hex&gt;, with the run's id: two runs never clash. */
    public String dockerName(String container) {
        return "ecs-local-" + family + "-" + revision + "-" + container.replaceAll("[^A-Za-z0-9-]", "") + "-" + taskId;
    }

    /**
     * The session name the task role is assumed with ({@code --task-role-credentials assume}): CloudTrail shows it, so it
     * says ecs-local and the task. STS allows 2 to 64 of {@code [\w+=,.@-]}: this is 42.
     */
    public String roleSessionName() {
        return "ecs-local-" + taskId;
    }

    /** A task-scoped volume's Docker name: the agent's ecs-&lt;family&gt;-&lt;revision&gt;-&lt;volume&gt;-&lt;hex&gt;, with the run's id. */
    public String volumeName(String volume) {
        return "ecs-local-" + family + "-" + revision + "-" + volume + "-" + taskId;
    }

    /**
     * The labels of one of the run's containers: ECS's ({@link #ecsLabels}) and ecs-local's own, which find it again.
     * They win over the container's dockerLabels of the same key, as ECS's do.
     */
    public Map<String, String> containerLabels(String container) {
        Map<String, String> labels = ecsLabels(container);
        labels.put(TASK_LABEL, taskId);
        labels.put(CONTAINER_LABEL, container);
        return labels;
    }

    /** The labels ECS's agent puts on each container of the task (§8.6), its pause container included. */
    public Map<String, String> ecsLabels(String container) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ECS_TASK_ARN_LABEL, taskArn());
        labels.put("com.amazonaws.ecs.container-name", container);
        labels.put("com.amazonaws.ecs.task-definition-family", family);
        labels.put("com.amazonaws.ecs.task-definition-version", Integer.toString(revision));
        labels.put("com.amazonaws.ecs.cluster", cluster());
        return labels;
    }

    /** Whether a label is one of ecs-local's own, which it keeps for itself (ECS has no such label). */
    public static boolean isOwnLabel(String key) {
        return key.startsWith(OWN_LABEL_PREFIX);
    }

    private static final String OWN_LABEL_PREFIX = "ecs-local.";

    /** The labels of one of the run's task-scoped volumes. */
    public Map<String, String> volumeLabels(String volume) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(TASK_LABEL, taskId);
        labels.put(VOLUME_LABEL, volume);
        return labels;
    }

    /** The labels that say which process runs the task ({@link #PID_LABEL}, {@link #HOST_LABEL}). */
    public static Map<String, String> ownerLabels(long pid, String host) {
        return Map.of(PID_LABEL, Long.toString(pid), HOST_LABEL, host);
    }

    @Override
    public String toString() {
        return taskDefinition() + " task " + taskId;
    }
}

package dev.ecslocal.simulator.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ecslocal.simulator.model.Compatibility;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.DependencyCondition;
import dev.ecslocal.simulator.model.IpcMode;
import dev.ecslocal.simulator.model.KeyValuePair;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.PidMode;
import dev.ecslocal.simulator.model.Secret;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.model.TransportProtocol;
import dev.ecslocal.simulator.model.Volume;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.ecslocal.simulator.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ecs-local knows every field and every enum value of ECS's RegisterTaskDefinition request, and enforces every range its
 * documentation gives. The reference is a fixture written from ECS's API model (its header says which version, and
 * scripts/ecs-api-members.py renews it): a field ECS adds fails here until the model has it.
 */
class ApiModelCoverageTest {
    private static final String FIXTURE = "/ecs-api-model/register-task-definition-members.txt";

    /** The record that binds each structure of the API. */
    private static final Map<String, Class<? extends Record>> RECORDS = Map.ofEntries(
            Map.entry("RegisterTaskDefinitionRequest", TaskDefinition.class),
            Map.entry("ContainerDefinition", ContainerDefinition.class),
            Map.entry("RepositoryCredentials", ContainerDefinition.RepositoryCredentials.class),
            Map.entry("PortMapping", ContainerDefinition.PortMapping.class),
            Map.entry("ContainerRestartPolicy", ContainerDefinition.RestartPolicy.class),
            Map.entry("KeyValuePair", KeyValuePair.class),
            Map.entry("EnvironmentFile", ContainerDefinition.EnvironmentFile.class),
            Map.entry("MountPoint", ContainerDefinition.MountPoint.class),
            Map.entry("VolumeFrom", ContainerDefinition.VolumeFrom.class),
            Map.entry("LinuxParameters", ContainerDefinition.LinuxParameters.class),
            Map.entry("KernelCapabilities", ContainerDefinition.KernelCapabilities.class),
            Map.entry("Device", ContainerDefinition.Device.class),
            Map.entry("Tmpfs", ContainerDefinition.Tmpfs.class),
            Map.entry("Secret", Secret.class),
            Map.entry("ContainerDependency", ContainerDefinition.ContainerDependency.class),
            Map.entry("HostEntry", ContainerDefinition.HostEntry.class),
            Map.entry("Ulimit", ContainerDefinition.Ulimit.class),
            Map.entry("LogConfiguration", ContainerDefinition.LogConfiguration.class),
            Map.entry("HealthCheck", ContainerDefinition.HealthCheck.class),
            Map.entry("SystemControl", ContainerDefinition.SystemControl.class),
            Map.entry("ResourceRequirement", ContainerDefinition.ResourceRequirement.class),
            Map.entry("FirelensConfiguration", ContainerDefinition.FirelensConfiguration.class),
            Map.entry("Volume", Volume.class),
            Map.entry("HostVolumeProperties", Volume.Host.class),
            Map.entry("DockerVolumeConfiguration", Volume.DockerVolumeConfiguration.class),
            Map.entry("EFSVolumeConfiguration", Volume.EfsVolumeConfiguration.class),
            Map.entry("EFSAuthorizationConfig", Volume.EfsAuthorizationConfig.class),
            Map.entry("S3FilesVolumeConfiguration", Volume.S3FilesVolumeConfiguration.class),
            Map.entry("FSxWindowsFileServerVolumeConfiguration", Volume.FsxWindowsFileServerVolumeConfiguration.class),
            Map.entry("FSxWindowsFileServerAuthorizationConfig", Volume.FsxAuthorizationConfig.class),
            Map.entry("TaskDefinitionPlacementConstraint", TaskDefinition.PlacementConstraint.class),
            Map.entry("Tag", TaskDefinition.Tag.class),
            Map.entry("ProxyConfiguration", TaskDefinition.ProxyConfiguration.class),
            Map.entry("InferenceAccelerator", TaskDefinition.InferenceAccelerator.class),
            Map.entry("EphemeralStorage", TaskDefinition.EphemeralStorage.class),
            Map.entry("RuntimePlatform", TaskDefinition.RuntimePlatform.class));

    /** Where validate (or the reader, for the model's Java enums) keeps each enum's values. */
    private static final Map<String, List<String>> ENUM_HOMES = Map.ofEntries(
            Map.entry("NetworkMode", jsonNames(NetworkMode.class)),
            Map.entry("TransportProtocol", jsonNames(TransportProtocol.class)),
            Map.entry("ContainerCondition", jsonNames(DependencyCondition.class)),
            Map.entry("PidMode", jsonNames(PidMode.class)),
            Map.entry("IpcMode", jsonNames(IpcMode.class)),
            Map.entry("Compatibility", jsonNames(Compatibility.class)),
            Map.entry("ApplicationProtocol", ApiEnums.APPLICATION_PROTOCOLS),
            Map.entry("EnvironmentFileType", ApiEnums.ENVIRONMENT_FILE_TYPES),
            Map.entry("DeviceCgroupPermission", ApiEnums.DEVICE_PERMISSIONS),
            Map.entry("VersionConsistency", ApiEnums.VERSION_CONSISTENCY),
            Map.entry("UlimitName", ApiEnums.ULIMIT_NAMES),
            Map.entry("LogDriver", ApiEnums.LOG_DRIVERS),
            Map.entry("ResourceType", ApiEnums.RESOURCE_TYPES),
            Map.entry("FirelensConfigurationType", FirelensRules.ROUTER_TYPES),
            Map.entry("Scope", ApiEnums.DOCKER_VOLUME_SCOPES),
            Map.entry("EFSTransitEncryption", ApiEnums.ENABLED_DISABLED),
            Map.entry("EFSAuthorizationConfigIAM", ApiEnums.ENABLED_DISABLED),
            Map.entry("TaskDefinitionPlacementConstraintType", ApiEnums.PLACEMENT_CONSTRAINT_TYPES),
            Map.entry("ProxyConfigurationType", ApiEnums.PROXY_CONFIGURATION_TYPES),
            Map.entry("CPUArchitecture", ApiEnums.CPU_ARCHITECTURES),
            Map.entry("OSFamily", ApiEnums.OS_FAMILIES));

    /** Values ecs-local takes beyond the API model's enum, and why. */
    private static final Map<String, Set<String>> BEYOND_THE_MODEL = Map.of(
            // Windows task definitions carry it (ECS's Windows examples); TaskRules refuses it for a Linux task.
            "NetworkMode", Set.of("default"));

    /** A task definition with the documented range's member set to a value: {@code %s} is where the value goes. */
    private static final Map<String, Function<Integer, String>> RANGE_SUBJECTS = Map.of(
            "ContainerRestartPolicy.restartAttemptPeriod", v -> container("'restartPolicy':{'enabled':true,'restartAttemptPeriod':" + v + "}"),
            "LinuxParameters.swappiness", v -> container("'linuxParameters':{'maxSwap':0,'swappiness':" + v + "}"),
            "HealthCheck.interval", v -> container("'healthCheck':{'command':['CMD','true'],'interval':" + v + "}"),
            "HealthCheck.timeout", v -> container("'healthCheck':{'command':['CMD','true'],'timeout':" + v + "}"),
            "HealthCheck.retries", v -> container("'healthCheck':{'command':['CMD','true'],'retries':" + v + "}"),
            "HealthCheck.startPeriod", v -> container("'healthCheck':{'command':['CMD','true'],'startPeriod':" + v + "}"),
            "EphemeralStorage.sizeInGiB", v -> json("{'family':'t','ephemeralStorage':{'sizeInGiB':" + v + "},"
                    + "'containerDefinitions':[{'name':'app','image':'i','memory':64}]}"));

    /** What the maximum and limit lines give, and the constant validate enforces it with. */
    private static final Map<String, Integer> MAXIMA = Map.ofEntries(
            Map.entry("RegisterTaskDefinitionRequest.placementConstraints", TaskRules.MAX_PLACEMENT_CONSTRAINTS),
            Map.entry("ContainerDefinition.environmentFiles", ContainerRules.MAX_ENVIRONMENT_FILES),
            Map.entry("ContainerDefinition.credentialSpecs", ContainerRules.MAX_CREDENTIAL_SPECS),
            Map.entry("PortMapping.name", NetworkRules.MAX_PORT_NAME_LENGTH),
            Map.entry("PortMapping.containerPortRange", NetworkRules.MAX_PORT_RANGES_PER_CONTAINER),
            Map.entry("ContainerRestartPolicy.ignoredExitCodes", ContainerRules.MAX_IGNORED_EXIT_CODES));
    private static final Map<String, String> LIMITS = Map.of(
            "Tags", "0.." + TaskRules.MAX_TAGS,
            "TagKey", "1.." + TaskRules.MAX_TAG_KEY_LENGTH,
            "TagValue", "0.." + TaskRules.MAX_TAG_VALUE_LENGTH);

    @Test
    void every_member_of_every_request_shape_is_a_field_of_the_model() throws IOException {
        assertThat(membersTheModelLacks(structures())).as("API members the model does not know").isEmpty();
    }

    @Test
    void a_member_or_a_shape_the_model_lacks_is_reported_by_name() {
        Map<String, List<String>> newer = new LinkedHashMap<>();
        newer.put("Volume", List.of("name", "s3filesVolumeConfiguration", "newestVolumeConfiguration"));
        newer.put("NewestVolumeConfiguration", List.of("fileSystemArn"));
        assertThat(membersTheModelLacks(newer)).containsExactly("Volume.newestVolumeConfiguration",
                "NewestVolumeConfiguration (no record binds it)");
    }

    @Test
    void every_documented_maximum_and_model_limit_is_the_one_validate_enforces() throws IOException {
        Map<String, Integer> maxima = new LinkedHashMap<>();
        lines("maximum ").forEach((member, values) -> maxima.put(member, Integer.parseInt(values.get(0))));
        assertThat(maxima).isEqualTo(MAXIMA);
        Map<String, String> limits = new LinkedHashMap<>();
        lines("limit ").forEach((shape, values) -> limits.put(shape, values.get(0)));
        assertThat(limits).isEqualTo(LIMITS);
    }

    private static List<String> membersTheModelLacks(Map<String, List<String>> structures) {
        List<String> missing = new ArrayList<>();
        structures.forEach((shape, members) -> {
            Class<? extends Record> type = RECORDS.get(shape);
            if (type == null) {
                missing.add(shape + " (no record binds it)");
                return;
            }
            Set<String> fields = componentNames(type);
            members.stream().filter(m -> !fields.contains(m)).forEach(m -> missing.add(shape + "." + m));
        });
        return missing;
    }

    @Test
    void every_field_of_the_model_is_a_member_of_the_request() throws IOException {
        Map<String, List<String>> structures = structures();
        List<String> extra = new ArrayList<>();
        RECORDS.forEach((shape, type) -> {
            List<String> members = structures.getOrDefault(shape, List.of());
            componentNames(type).stream().filter(f -> !members.contains(f)).forEach(f -> extra.add(shape + "." + f));
        });
        // A field ECS does not have would be taken silently here, where ECS's API refuses the file.
        assertThat(extra).as("model fields the API does not have").isEmpty();
    }

    @Test
    void every_enum_of_the_request_has_exactly_the_models_values() throws IOException {
        Map<String, List<String>> enums = lines("enum ");
        assertThat(ENUM_HOMES.keySet()).as("enums with a home in ecs-local").containsExactlyInAnyOrderElementsOf(enums.keySet());
        enums.forEach((shape, values) -> {
            Set<String> ours = new TreeSet<>(ENUM_HOMES.get(shape));
            ours.removeAll(BEYOND_THE_MODEL.getOrDefault(shape, Set.of()));
            assertThat(ours).as(shape).isEqualTo(new TreeSet<>(values));
        });
    }

    @Test
    void every_documented_range_is_enforced_at_both_ends() throws IOException {
        Map<String, List<String>> ranges = lines("range ");
        assertThat(RANGE_SUBJECTS.keySet()).containsExactlyInAnyOrderElementsOf(ranges.keySet());
        ranges.forEach((member, bounds) -> {
            String[] minMax = bounds.get(0).split("\\.\\.");
            int min = Integer.parseInt(minMax[0]);
            int max = Integer.parseInt(minMax[1]);
            Function<Integer, String> subject = RANGE_SUBJECTS.get(member);
            String field = member.substring(member.indexOf('.') + 1);
            String outside = "is outside " + min + "–" + max;
            assertThat(errorsAbout(subject.apply(min), field)).as(member + " = " + min).isEmpty();
            assertThat(errorsAbout(subject.apply(max), field)).as(member + " = " + max).isEmpty();
            assertThat(errorsAbout(subject.apply(min - 1), field)).as(member + " = " + (min - 1)).singleElement().asString().contains(outside);
            assertThat(errorsAbout(subject.apply(max + 1), field)).as(member + " = " + (max + 1)).singleElement().asString().contains(outside);
        });
    }

    @Test
    void the_newest_volume_kind_is_a_known_field() {
        List<String> found = problems(json("{'family':'t','taskRoleArn':'arn:aws:iam::1:role/r','volumes':[{'name':'data',"
                + "'s3filesVolumeConfiguration':{'fileSystemArn':'arn:aws:s3files:us-east-1:1:file-system/fs-1'}}],"
                + "'containerDefinitions':[{'name':'app','image':'i','memory':64}]}"));
        assertThat(found).noneMatch(p -> p.contains("unknown field"));
    }

    private static List<String> errorsAbout(String taskDefinition, String field) {
        return problems(taskDefinition).stream().filter(p -> p.startsWith("ERROR") && p.contains(field)).toList();
    }

    /** The structures of the fixture: shape name to member names (the required mark removed). */
    private static Map<String, List<String>> structures() throws IOException {
        Map<String, List<String>> structures = new LinkedHashMap<>();
        for (String line : fixture()) {
            int colon = line.indexOf(": ");
            if (colon > 0 && !line.substring(0, colon).contains(" ")) {
                structures.put(line.substring(0, colon), Arrays.stream(line.substring(colon + 2).split(" "))
                        .map(m -> m.replace("!", "")).toList());
            }
        }
        assertThat(structures).as("structures in the fixture").containsKey("RegisterTaskDefinitionRequest");
        return structures;
    }

    /** The fixture's lines of one kind ({@code enum }, {@code range }): their subject to their values. */
    private static Map<String, List<String>> lines(String kind) throws IOException {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (String line : fixture()) {
            if (line.startsWith(kind)) {
                int colon = line.indexOf(": ");
                found.put(line.substring(kind.length(), colon), List.of(line.substring(colon + 2).split(" ")));
            }
        }
        assertThat(found).as(kind + "lines in the fixture").isNotEmpty();
        return found;
    }

    private static List<String> fixture() throws IOException {
        try (InputStream in = ApiModelCoverageTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as(FIXTURE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    private static Set<String> componentNames(Class<? extends Record> type) {
        return new TreeSet<>(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    private static List<String> jsonNames(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getFields()).filter(java.lang.reflect.Field::isEnumConstant).map(f -> {
            JsonProperty property = f.getAnnotation(JsonProperty.class);
            return property != null ? property.value() : f.getName();
        }).toList();
    }

    private static String container(String fields) {
        return json("{'family':'t','containerDefinitions':[{'name':'app','image':'i','memory':64," + fields + "}]}");
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}

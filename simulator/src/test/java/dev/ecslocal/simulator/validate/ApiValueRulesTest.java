package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.problem.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ecslocal.simulator.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's own rules: its enums, in their exact case, and the ranges and forms its documentation gives (ECS-SEMANTICS
 * §10.1). Each test shows the exact problem with its fix, and that the valid values pass.
 */
class ApiValueRulesTest {

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String task(String taskFields) {
        return json("{'family':'t'," + taskFields + (taskFields.isEmpty() ? "" : ",")
                + "'containerDefinitions':[{'name':'app','image':'i','memory':64}]}");
    }

    private static String container(String containerFields) {
        return json("{'family':'t','containerDefinitions':[{'name':'app','image':'i','memory':64,"
                + containerFields + "}]}");
    }

    /** Every problem as one line with its fix: {@code ERROR path: message (hint)}. */
    private static List<String> problems(String taskDefinition) {
        return check(taskDefinition).problems().stream().map(Problem::toString).toList();
    }

    @Test
    void versionConsistency_is_enabled_or_disabled() {
        assertThat(problems(container("'versionConsistency':'Disabled'"))).containsExactly(
                "ERROR containerDefinitions[0].versionConsistency: \"Disabled\" is not a valid value: expected one of "
                        + "enabled, disabled (Write \"disabled\": ECS's values are case-sensitive.)");
        assertThat(problems(container("'versionConsistency':'off'"))).containsExactly(
                "ERROR containerDefinitions[0].versionConsistency: \"off\" is not a valid value: expected one of enabled, disabled");
        assertThat(problems(container("'versionConsistency':'enabled'"))).isEmpty();
        assertThat(problems(container("'versionConsistency':'disabled'"))).isEmpty();
    }

    @Test
    void runtimePlatform_values_are_in_ECS_case() {
        assertThat(problems(task("'runtimePlatform':{'cpuArchitecture':'arm64','operatingSystemFamily':'Linux'}"))).containsExactly(
                "ERROR runtimePlatform.cpuArchitecture: \"arm64\" is not a valid value: expected one of X86_64, ARM64 "
                        + "(Write \"ARM64\": ECS's values are case-sensitive.)",
                "ERROR runtimePlatform.operatingSystemFamily: \"Linux\" is not a valid value: expected one of "
                        + String.join(", ", ApiEnums.OS_FAMILIES) + " (Write \"LINUX\": ECS's values are case-sensitive.)");
        assertThat(problems(task("'runtimePlatform':{'cpuArchitecture':'amd64'}"))).containsExactly(
                "ERROR runtimePlatform.cpuArchitecture: \"amd64\" is not a valid value: expected one of X86_64, ARM64");
        assertThat(problems(task("'runtimePlatform':{'cpuArchitecture':'ARM64','operatingSystemFamily':'LINUX'}"))).isEmpty();
        assertThat(problems(task("'runtimePlatform':{'cpuArchitecture':'X86_64'}"))).isEmpty();
    }

    @Test
    void a_port_mappings_appProtocol_is_http_http2_or_grpc() {
        assertThat(problems(container("'portMappings':[{'containerPort':80,'appProtocol':'https'}]"))).containsExactly(
                "ERROR containerDefinitions[0].portMappings[0].appProtocol: \"https\" is not a valid value: expected one of "
                        + "http, http2, grpc (Did you mean \"http\"?)");
        assertThat(problems(container("'portMappings':[{'containerPort':80,'appProtocol':'http'},"
                + "{'containerPort':81,'appProtocol':'http2'},{'containerPort':82,'appProtocol':'grpc'}]"))).isEmpty();
    }

    @Test
    void resourceRequirements_types_are_the_APIs() {
        assertThat(problems(container("'resourceRequirements':[{'type':'gpu','value':'1'}]"))).containsExactly(
                "ERROR containerDefinitions[0].resourceRequirements[0].type: \"gpu\" is not a valid value: expected one of "
                        + "GPU, InferenceAccelerator, NeuronDevice (Write \"GPU\": ECS's values are case-sensitive.)");
        assertThat(problems(container("'resourceRequirements':[{'type':'GPU','value':'1'}]"))).isEmpty();
    }

    @Test
    void placement_constraints_are_memberOf_and_at_most_ten() {
        assertThat(problems(task("'placementConstraints':[{'type':'distinctInstance'}]"))).containsExactly(
                "ERROR placementConstraints[0].type: \"distinctInstance\" is not a valid value: expected one of memberOf");
        String eleven = "'placementConstraints':[" + String.join(",", java.util.Collections.nCopies(11,
                "{'type':'memberOf','expression':'attribute:ecs.os-type == linux'}")) + "]";
        assertThat(problems(task(eleven))).containsExactly("ERROR placementConstraints: the task has 11 placement "
                + "constraints; ECS allows at most 10 (Combine their expressions.)");
        assertThat(problems(task("'placementConstraints':[{'type':'memberOf','expression':'attribute:ecs.os-type == linux'}]"))).isEmpty();
    }

    @Test
    void proxyConfiguration_type_is_APPMESH() {
        assertThat(problems(json("{'family':'t','proxyConfiguration':{'type':'appmesh','containerName':'app'},"
                + "'containerDefinitions':[{'name':'app','image':'i','memory':64}]}"))).containsExactly(
                "ERROR proxyConfiguration.type: \"appmesh\" is not a valid value: expected one of APPMESH "
                        + "(Write \"APPMESH\": ECS's values are case-sensitive.)");
        assertThat(problems(json("{'family':'t','proxyConfiguration':{'type':'APPMESH','containerName':'app'},"
                + "'containerDefinitions':[{'name':'app','image':'i','memory':64}]}"))).isEmpty();
    }

    @Test
    void device_permissions_are_read_write_or_mknod() {
        assertThat(problems(container("'linuxParameters':{'devices':[{'hostPath':'/dev/fuse','permissions':['read','rw']}]}")))
                .containsExactly("ERROR containerDefinitions[0].linuxParameters.devices[0].permissions[1]: \"rw\" is not a "
                        + "valid value: expected one of read, write, mknod");
        assertThat(problems(container("'linuxParameters':{'devices':[{'hostPath':'/dev/fuse','permissions':['read','write','mknod']}]}")))
                .isEmpty();
    }

    @Test
    void efs_transitEncryption_and_iam_are_ENABLED_or_DISABLED() {
        List<String> found = problems(task("'volumes':[{'name':'e','efsVolumeConfiguration':{'fileSystemId':'fs-1',"
                + "'transitEncryption':'enabled','authorizationConfig':{'iam':'on'}}}]"));
        assertThat(found).contains(
                "ERROR volumes[0].efsVolumeConfiguration.transitEncryption: \"enabled\" is not a valid value: expected one of "
                        + "ENABLED, DISABLED (Write \"ENABLED\": ECS's values are case-sensitive.)",
                "ERROR volumes[0].efsVolumeConfiguration.authorizationConfig.iam: \"on\" is not a valid value: expected one of "
                        + "ENABLED, DISABLED");
        assertThat(problems(task("'volumes':[{'name':'e','efsVolumeConfiguration':{'fileSystemId':'fs-1',"
                + "'transitEncryption':'ENABLED','authorizationConfig':{'iam':'ENABLED'}}}]")))
                .allMatch(p -> p.startsWith("WARNING volumes[0].efsVolumeConfiguration: EFS is not reachable locally"));
    }

    @Test
    void the_log_driver_is_one_the_API_takes_and_logentries_no_longer_is() {
        assertThat(problems(container("'logConfiguration':{'logDriver':'logentries'}"))).containsExactly(
                "ERROR containerDefinitions[0].logConfiguration.logDriver: \"logentries\" is not a log driver ECS supports "
                        + "(One of: json-file, syslog, journald, gelf, fluentd, awslogs, splunk, awsfirelens.)");
        assertThat(problems(container("'logConfiguration':{'logDriver':'journald'}"))).isEmpty();
    }

    @Test
    void a_Java_enum_value_in_another_case_gets_the_exact_spelling() {
        assertThat(problems(task("'networkMode':'AWSVPC'"))).containsExactly(
                "ERROR networkMode: \"AWSVPC\" is not a valid value: expected one of bridge, host, awsvpc, none, default "
                        + "(Write \"awsvpc\": ECS's values are case-sensitive.)");
    }

    @Test
    void ephemeral_storage_is_21_to_200_GiB() {
        assertThat(problems(task("'ephemeralStorage':{'sizeInGiB':20}"))).containsExactly(
                "ERROR ephemeralStorage.sizeInGiB: ephemeralStorage.sizeInGiB 20 is outside 21–200 GiB (ECS accepts 21 to 200 GiB.)");
        assertThat(problems(task("'ephemeralStorage':{'sizeInGiB':201}"))).containsExactly(
                "ERROR ephemeralStorage.sizeInGiB: ephemeralStorage.sizeInGiB 201 is outside 21–200 GiB (ECS accepts 21 to 200 GiB.)");
        assertThat(problems(task("'ephemeralStorage':{'sizeInGiB':21}"))).isEmpty();
        assertThat(problems(task("'ephemeralStorage':{'sizeInGiB':200}"))).isEmpty();
    }

    @Test
    void swappiness_is_0_to_100_and_needs_maxSwap() {
        assertThat(problems(container("'linuxParameters':{'maxSwap':512,'swappiness':101}"))).containsExactly(
                "ERROR containerDefinitions[0].linuxParameters.swappiness: linuxParameters.swappiness 101 is outside 0–100 "
                        + "(ECS accepts 0 to 100.)");
        assertThat(problems(container("'linuxParameters':{'swappiness':60}"))).containsExactly(
                "WARNING containerDefinitions[0].linuxParameters.swappiness: linuxParameters.swappiness is ignored without "
                        + "linuxParameters.maxSwap (Set maxSwap as well, or remove swappiness.)");
        assertThat(problems(container("'linuxParameters':{'maxSwap':0,'swappiness':0}"))).isEmpty();
        assertThat(problems(container("'linuxParameters':{'maxSwap':512,'swappiness':100}"))).isEmpty();
    }

    @Test
    void maxSwap_is_zero_or_more() {
        assertThat(problems(container("'linuxParameters':{'maxSwap':-1}"))).containsExactly(
                "ERROR containerDefinitions[0].linuxParameters.maxSwap: linuxParameters.maxSwap -1 MiB is negative "
                        + "(Write 0 for no swap, or the MiB of swap the container may use on top of its memory.)");
        assertThat(problems(container("'linuxParameters':{'maxSwap':0}"))).isEmpty();
    }

    @Test
    void a_port_mapping_name_is_lowercase_letters_digits_underscores_and_hyphens() {
        assertThat(problems(container("'portMappings':[{'containerPort':80,'name':'Web-HTTP'},"
                + "{'containerPort':81,'name':'-admin'},{'containerPort':82,'name':'" + "a".repeat(65) + "'}]"))).containsExactly(
                "ERROR containerDefinitions[0].portMappings[0].name: port mapping name \"Web-HTTP\" is not a valid name "
                        + "(Use up to 64 lowercase letters, digits, underscores and hyphens, not starting with a hyphen, "
                        + "e.g. \"web-http\".)",
                "ERROR containerDefinitions[0].portMappings[1].name: port mapping name \"-admin\" is not a valid name "
                        + "(Use up to 64 lowercase letters, digits, underscores and hyphens, not starting with a hyphen.)",
                "ERROR containerDefinitions[0].portMappings[2].name: port mapping name \"" + "a".repeat(65) + "\" is not a "
                        + "valid name (Use up to 64 lowercase letters, digits, underscores and hyphens, not starting with a hyphen.)");
        assertThat(problems(container("'portMappings':[{'containerPort':80,'name':'web_http-1'},"
                + "{'containerPort':81,'name':'" + "a".repeat(64) + "'}]"))).isEmpty();
    }

    @Test
    void a_port_mapping_name_is_used_once_in_the_task() {
        assertThat(problems(json("{'family':'t','containerDefinitions':["
                + "{'name':'app','image':'i','memory':64,'portMappings':[{'containerPort':80,'name':'web'}]},"
                + "{'name':'admin','image':'i','memory':64,'portMappings':[{'containerPort':8080,'name':'web'}]}]}")))
                .containsExactly("ERROR containerDefinitions[1].portMappings[0].name: port mapping name \"web\" is already used "
                        + "by containerDefinitions[0].portMappings[0].name (Port mapping names identify a port in the whole "
                        + "task: give this one another name.)");
    }

    @Test
    void a_containers_port_ranges_do_not_overlap_each_other_or_its_ports() {
        assertThat(problems(container("'portMappings':[{'containerPortRange':'8000-8010'},{'containerPortRange':'8010-8020'},"
                + "{'containerPort':8005},{'containerPort':8005,'protocol':'udp'},{'containerPortRange':'9000-9010','protocol':'udp'}]")))
                .containsExactly(
                        "ERROR containerDefinitions[0].portMappings[1].containerPortRange: containerPortRange \"8010-8020\" "
                                + "overlaps portMappings[0]'s containerPortRange \"8000-8010\" (A port can be in only one port "
                                + "mapping of a container: make the ranges disjoint.)",
                        "ERROR containerDefinitions[0].portMappings[2].containerPort: containerPort 8005 overlaps "
                                + "portMappings[0]'s containerPortRange \"8000-8010\" (A port can be in only one port mapping "
                                + "of a container: make the ranges disjoint.)");
        assertThat(problems(container("'portMappings':[{'containerPortRange':'8000-8010'},{'containerPortRange':'8011-8020'},"
                + "{'containerPort':53},{'containerPort':53,'protocol':'udp'}]"))).isEmpty();
    }

    @Test
    void a_container_has_at_most_one_credential_spec() {
        assertThat(problems(container("'credentialSpecs':['credentialspec:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa',"
                + "'credentialspecdomainless:arn:aws:s3:::bucket/gmsa.json']"))).containsExactly(
                "ERROR containerDefinitions[0].credentialSpecs: credentialSpecs has 2 entries; ECS allows 1 per container "
                        + "(Keep the one credential spec the container joins its domain with.)");
    }

    @Test
    void a_credential_spec_is_a_prefix_and_an_S3_or_SSM_ARN_or_a_file() {
        assertThat(problems(container("'credentialSpecs':['arn:aws:s3:::bucket/gmsa.json']"))).containsExactly(
                "ERROR containerDefinitions[0].credentialSpecs[0]: \"arn:aws:s3:::bucket/gmsa.json\" is not a credential spec "
                        + "reference (Write \"credentialspec:ARN\" (the container instance joins the domain) or "
                        + "\"credentialspecdomainless:ARN\" (domainless gMSA), where ARN is the credential spec file's S3 object "
                        + "or SSM parameter, e.g. \"credentialspecdomainless:arn:aws:s3:::bucket/gmsa.json\".)");
        assertThat(problems(container("'credentialSpecs':['credentialspec:arn:aws:dynamodb:us-east-1:1:table/t']"))).hasSize(1);
        for (String valid : List.of("credentialspec:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa",
                "credentialspecdomainless:arn:aws:s3:::bucket/gmsa.json",
                "credentialspecdomainless:arn:aws-us-gov:s3:::bucket/gmsa.json",
                "credentialspec:file://gmsa-cred-spec.json")) {
            assertThat(problems(container("'credentialSpecs':['" + valid + "']"))).as(valid).isEmpty();
        }
    }

    @Test
    void fsx_for_windows_needs_its_file_system_directory_and_domain_credentials() {
        List<String> found = problems(task("'volumes':[{'name':'f','fsxWindowsFileServerVolumeConfiguration':{"
                + "'authorizationConfig':{'domain':''}}}]"));
        String at = "ERROR volumes[0].fsxWindowsFileServerVolumeConfiguration.";
        assertThat(found).filteredOn(p -> p.startsWith("ERROR")).containsExactly(
                at + "fileSystemId: fileSystemId is required (Give the FSx file system's id, e.g. \"fs-0123456789abcdef0\".)",
                at + "rootDirectory: rootDirectory is required (Give the directory of the file system to mount, e.g. \"share\".)",
                at + "authorizationConfig.credentialsParameter: credentialsParameter is required (Give the ARN of the Secrets "
                        + "Manager secret or SSM parameter holding the domain user's credentials.)",
                at + "authorizationConfig.domain: domain is required (Give the fully qualified domain name of the Active "
                        + "Directory, e.g. \"example.com\".)");
        assertThat(problems(task("'volumes':[{'name':'f','fsxWindowsFileServerVolumeConfiguration':{'fileSystemId':'fs-1'}}]")))
                .contains("ERROR volumes[0].fsxWindowsFileServerVolumeConfiguration.authorizationConfig: authorizationConfig is "
                        + "required (Give credentialsParameter (the ARN of the Secrets Manager secret or SSM parameter holding "
                        + "the domain user's credentials) and domain (the fully qualified domain name).)");
        assertThat(problems(task("'volumes':[{'name':'f','fsxWindowsFileServerVolumeConfiguration':{'fileSystemId':'fs-1',"
                + "'rootDirectory':'share','authorizationConfig':{'credentialsParameter':'arn:aws:ssm:us-east-1:1:parameter/ad',"
                + "'domain':'example.com'}}}]"))).noneMatch(p -> p.startsWith("ERROR"));
    }

    @Test
    void an_s3files_volume_is_known_checked_and_said_to_be_local() {
        assertThat(problems(task("'taskRoleArn':'arn:aws:iam::1:role/app','volumes':[{'name':'d','s3filesVolumeConfiguration':{'rootDirectory':'/data',"
                + "'accessPointArn':'arn:aws:s3files:us-east-1:1:access-point/ap-1'}}]"))).containsExactly(
                "ERROR volumes[0].s3filesVolumeConfiguration.fileSystemArn: fileSystemArn is required (Give the full ARN "
                        + "of the S3 Files file system.)",
                "WARNING volumes[0].s3filesVolumeConfiguration: S3 Files is not reachable locally: ecs-local will mount an "
                        + "empty local volume for \"d\" (Data written there stays on this machine and is removed with the task.)",
                "ERROR volumes[0].s3filesVolumeConfiguration.rootDirectory: rootDirectory must be omitted or \"/\" when an "
                        + "access point is used (The access point sets the directory.)");
        assertThat(problems(task("'volumes':[{'name':'d','efsVolumeConfiguration':{'fileSystemId':'fs-1'},"
                + "'s3filesVolumeConfiguration':{'fileSystemArn':'arn:aws:s3files:us-east-1:1:file-system/fs-1'}}]")))
                .contains("ERROR volumes[0]: volume \"d\" has efsVolumeConfiguration and s3filesVolumeConfiguration: a volume "
                        + "is of one kind (Keep one of them.)");
    }

    @Test
    void an_s3files_volume_without_a_task_role_is_a_warning() {
        assertThat(problems(task("'volumes':[{'name':'d','s3filesVolumeConfiguration':{"
                + "'fileSystemArn':'arn:aws:s3files:us-east-1:1:file-system/fs-1'}}]"))).contains(
                "WARNING volumes[0].s3filesVolumeConfiguration: an S3 Files volume needs a task role, and the task definition "
                        + "has no taskRoleArn (Add taskRoleArn: a role the task may attach the file system with.)");
    }

    @Test
    void tags_keep_to_the_APIs_limits() {
        assertThat(problems(task("'tags':[{'key':'','value':'v'},{'key':'k','value':'" + "v".repeat(257) + "'}]"))).containsExactly(
                "ERROR tags[0].key: a tag key has 1 to 128 characters, found 0",
                "ERROR tags[1].value: a tag value has up to 256 characters, found 257");
        assertThat(problems(task("'tags':[{'key':'" + "k".repeat(128) + "','value':'" + "v".repeat(256) + "'}]"))).isEmpty();
    }
}

package dev.ecslocal.simulator.validate;

import org.junit.jupiter.api.Test;

import static dev.ecslocal.simulator.Fixtures.fargateProblems;
import static dev.ecslocal.simulator.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules {@link ValidationRulesTest} leaves out: the less common fields, and each Fargate restriction
 * (ECS-SEMANTICS §10). Same form: a small task definition and the exact problems it must produce.
 */
class MoreValidationRulesTest {

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String withContainer(String taskFields, String containerFields) {
        return json("{'family':'t'," + taskFields + (taskFields.isEmpty() ? "" : ",")
                + "'containerDefinitions':[{'name':'app','image':'i','memory':64"
                + (containerFields.isEmpty() ? "" : "," + containerFields) + "}]}");
    }

    @Test
    void networkMode_default_is_for_windows() {
        assertThat(problems(withContainer("'networkMode':'default'", "")))
                .containsExactly("ERROR networkMode: networkMode \"default\" is for Windows containers");
    }

    @Test
    void task_cpu_stays_within_the_EC2_range() {
        assertThat(problems(withContainer("'cpu':'64'", "")))
                .containsExactly("ERROR cpu: task cpu 64 is outside 128–10240 CPU units");
    }

    @Test
    void the_largest_Fargate_sizes_are_valid_although_EC2_would_refuse_the_cpu() {
        String large = withContainer("'requiresCompatibilities':['FARGATE'],'networkMode':'awsvpc','cpu':'16384','memory':'32768'", "");
        assertThat(problems(large)).isEmpty();
        assertThat(problems(large.replace("[\"FARGATE\"]", "[\"EC2\"]")))
                .containsExactly("ERROR cpu: task cpu 16384 is outside 128–10240 CPU units");
    }

    @Test
    void a_proxy_configuration_naming_no_container_is_a_warning() {
        assertThat(problems(withContainer("'proxyConfiguration':{'type':'APPMESH','containerName':'envoy'}", "")))
                .containsExactly("WARNING proxyConfiguration.containerName: \"envoy\" does not match any container. "
                        + "App Mesh would have no proxy to redirect traffic to.");
    }

    @Test
    void port_numbers_and_ranges_are_checked() {
        assertThat(problems(withContainer("", "'portMappings':[{'containerPort':80,'hostPort':70000},"
                + "{'containerPortRange':'8000-8010','containerPort':8000}]")))
                .containsExactly(
                        "ERROR containerDefinitions[0].portMappings[0].hostPort: hostPort 70000 is outside 0–65535",
                        "ERROR containerDefinitions[0].portMappings[1]: containerPortRange cannot be combined with containerPort or hostPort");
    }

    @Test
    void an_image_name_is_at_most_255_characters() {
        assertThat(problems(json("{'family':'t','containerDefinitions':[{'name':'app','memory':64,'image':'"
                + "a".repeat(256) + "'}]}")))
                .containsExactly("ERROR containerDefinitions[0].image: image is 256 characters long; ECS allows 255");
    }

    @Test
    void environment_and_secret_entries_need_their_names_and_values() {
        assertThat(problems(withContainer("", "'environment':[{'value':'x'}],'secrets':[{'name':'S'}],"
                + "'logConfiguration':{'logDriver':'splunk','secretOptions':[{'name':'splunk-token'}]}")))
                .containsExactly(
                        "ERROR containerDefinitions[0].environment[0].name: environment variable name is required",
                        "ERROR containerDefinitions[0].secrets[0].valueFrom: secret valueFrom is required",
                        "ERROR containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom: secret valueFrom is required");
    }

    @Test
    void references_need_names() {
        assertThat(problems(withContainer("", "'mountPoints':[{'containerPath':'/d'}],'volumesFrom':[{}],"
                + "'dependsOn':[{'condition':'START'}]")))
                .containsExactly(
                        "ERROR containerDefinitions[0].mountPoints[0].sourceVolume: sourceVolume is required",
                        "ERROR containerDefinitions[0].volumesFrom[0].sourceContainer: sourceContainer is required",
                        "ERROR containerDefinitions[0].dependsOn[0].containerName: containerName is required");
    }

    @Test
    void volume_names_and_docker_volume_scopes_are_checked() {
        assertThat(problems(withContainer("'volumes':[{},{'name':'a b'},{'name':'d','dockerVolumeConfiguration':{'scope':'global'}}]", "")))
                .containsExactly(
                        "ERROR volumes[0].name: volume name is required",
                        "ERROR volumes[1].name: volume name \"a b\" may contain only letters, digits, hyphens and underscores, up to 255 of them",
                        "ERROR volumes[2].dockerVolumeConfiguration.scope: \"global\" is not a valid value: expected one of task, shared");
    }

    @Test
    void volumes_ecs_local_cannot_provide_are_warnings() {
        assertThat(problems(withContainer("'volumes':[{'name':'e','efsVolumeConfiguration':{}},"
                + "{'name':'f','fsxWindowsFileServerVolumeConfiguration':{'fileSystemId':'fs-1','rootDirectory':'share',"
                + "'authorizationConfig':{'credentialsParameter':'arn:aws:secretsmanager:us-east-1:1:secret:ad','domain':'example.com'}}},"
                + "{'name':'g','configuredAtLaunch':true}]", "")))
                .containsExactly(
                        "ERROR volumes[0].efsVolumeConfiguration.fileSystemId: fileSystemId is required",
                        "WARNING volumes[0].efsVolumeConfiguration: EFS is not reachable locally: ecs-local will mount an empty local volume for \"e\"",
                        "WARNING volumes[1].fsxWindowsFileServerVolumeConfiguration: FSx for Windows File Server volumes are for Windows containers: ecs-local will mount an empty local volume for \"f\"",
                        "WARNING volumes[2].configuredAtLaunch: volume \"g\" is configured at launch (an EBS volume): ecs-local will mount an empty local volume");
    }

    @Test
    void linux_parameters_are_checked() {
        assertThat(problems(withContainer("", "'linuxParameters':{'tmpfs':[{'containerPath':'tmp'}],"
                + "'devices':[{'containerPath':'/dev/x'}],'sharedMemorySize':0}")))
                .containsExactly(
                        "ERROR containerDefinitions[0].linuxParameters.tmpfs[0].size: tmpfs size (MiB) is required and must be positive",
                        "ERROR containerDefinitions[0].linuxParameters.tmpfs[0].containerPath: containerPath \"tmp\" is not an absolute path",
                        "ERROR containerDefinitions[0].linuxParameters.devices[0].hostPath: device hostPath is required",
                        "ERROR containerDefinitions[0].linuxParameters.sharedMemorySize: sharedMemorySize 0 MiB must be positive");
    }

    @Test
    void a_fluentd_router_needs_at_type_and_a_router_needs_a_type() {
        assertThat(problems(json("{'family':'t','containerDefinitions':["
                + "{'name':'router','image':'i','memory':64,'firelensConfiguration':{'type':'fluentd'}},"
                + "{'name':'app','image':'i','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'x'}}}]}")))
                .containsExactly("ERROR containerDefinitions[1].logConfiguration.options: missing output key @type which is "
                        + "required for firelens configuration of type fluentd");
        assertThat(problems(json("{'family':'t','containerDefinitions':["
                + "{'name':'router','image':'i','memory':64,'firelensConfiguration':{'options':{'enable-ecs-log-metadata':'yes'}}},"
                + "{'name':'app','image':'i','memory':64,'logConfiguration':{'logDriver':'awsfirelens'}}]}")))
                .containsExactly(
                        "ERROR containerDefinitions[0].firelensConfiguration.type: firelensConfiguration.type is required",
                        "WARNING containerDefinitions[0].firelensConfiguration.options[\"enable-ecs-log-metadata\"]: "
                                + "enable-ecs-log-metadata \"yes\" is not true or false: the agent then turns the ECS metadata off");
    }

    @Test
    void a_secret_log_option_may_name_the_output_as_the_agent_merges_secretOptions_before_it_checks() {
        String task = "{'family':'t','containerDefinitions':["
                + "{'name':'router','image':'i','memory':64,'firelensConfiguration':{'type':'TYPE'}},"
                + "{'name':'app','image':'i','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':OPTIONS,"
                + "'secretOptions':[{'name':'SECRET','valueFrom':'arn:aws:ssm:us-east-1:111122223333:parameter/out'}]}}]}";
        assertThat(problems(json(task.replace("TYPE", "fluentbit").replace("OPTIONS", "{'region':'x'}").replace("SECRET", "Name"))))
                .isEmpty();
        assertThat(problems(json(task.replace("TYPE", "fluentbit").replace("OPTIONS", "{}").replace("SECRET", "Name")))).isEmpty();
        assertThat(problems(json(task.replace("TYPE", "fluentd").replace("OPTIONS", "{}").replace("SECRET", "@type")))).isEmpty();
        assertThat(problems(json(task.replace("TYPE", "fluentbit").replace("OPTIONS", "{}").replace("SECRET", "apikey"))))
                .as("a secret that names no output is no output").containsExactly("ERROR containerDefinitions[1].logConfiguration"
                        + ".options: missing output key Name which is required for firelens configuration of type fluentbit");
    }

    @Test
    void fargate_refuses_task_level_features_it_lacks() {
        assertThat(fargateProblems(json("{'family':'t','networkMode':'awsvpc','cpu':'300','memory':'512','pidMode':'host',"
                + "'ipcMode':'task','placementConstraints':[{'type':'memberOf','expression':'x'}],"
                + "'inferenceAccelerators':[{'deviceName':'d','deviceType':'eia2.medium'}],"
                + "'volumes':[{'name':'d','dockerVolumeConfiguration':{'scope':'task'}}],"
                + "'containerDefinitions':[{'name':'app','image':'i'}]}")))
                .containsExactly(
                        "ERROR cpu: task cpu 300 is not a Fargate size",
                        "ERROR pidMode: Fargate supports only pidMode task",
                        "ERROR ipcMode: ipcMode is not supported on Fargate",
                        "ERROR placementConstraints: placementConstraints are not supported on Fargate",
                        "ERROR inferenceAccelerators: inferenceAccelerators are not supported on Fargate",
                        "ERROR volumes[0].dockerVolumeConfiguration: dockerVolumeConfiguration is not supported on Fargate");
    }

    @Test
    void fargate_refuses_container_features_it_lacks() {
        assertThat(fargateProblems(json("{'family':'t','networkMode':'awsvpc','cpu':'256','memory':'512','containerDefinitions':["
                + "{'name':'router','image':'i','firelensConfiguration':{'type':'fluentbit','options':{'config-file-type':'s3',"
                + "'config-file-value':'arn:aws:s3:::b/k'}}},"
                + "{'name':'app','image':'i','startTimeout':1,'dockerSecurityOptions':['no-new-privileges'],"
                + "'logConfiguration':{'logDriver':'gelf'},'resourceRequirements':[{'type':'GPU','value':'1'}],"
                + "'linuxParameters':{'devices':[{'hostPath':'/dev/x'}],'maxSwap':1,'swappiness':1,'sharedMemorySize':64}}]}")))
                .containsExactly(
                        "ERROR containerDefinitions[0].firelensConfiguration: When a firelensConfiguration object is specified, "
                                + "at least one container has to be configured with the awsfirelens log driver.",
                        "ERROR containerDefinitions[0].firelensConfiguration.options[\"config-file-type\"]: Fargate supports only config-file-type file",
                        "WARNING containerDefinitions[1].startTimeout: startTimeout has no effect here: ECS applies it to the "
                                + "containers that depend on \"app\" with COMPLETE, SUCCESS or HEALTHY, and there are none",
                        "ERROR containerDefinitions[1].startTimeout: startTimeout 1 is outside 2–120 seconds (Fargate's range)",
                        "ERROR containerDefinitions[1].dockerSecurityOptions: dockerSecurityOptions are not supported on Fargate",
                        "ERROR containerDefinitions[1].logConfiguration.logDriver: log driver \"gelf\" is not supported on Fargate",
                        "ERROR containerDefinitions[1].resourceRequirements: GPUs are not supported on Fargate",
                        "ERROR containerDefinitions[1].linuxParameters.devices: linuxParameters.devices is not supported on Fargate",
                        "ERROR containerDefinitions[1].linuxParameters.maxSwap: linuxParameters.maxSwap is not supported on Fargate",
                        "ERROR containerDefinitions[1].linuxParameters.swappiness: linuxParameters.swappiness is not supported on Fargate",
                        "ERROR containerDefinitions[1].linuxParameters.sharedMemorySize: linuxParameters.sharedMemorySize is not supported on Fargate");
    }

    @Test
    void fargate_refuses_links() {
        assertThat(fargateProblems(json("{'family':'t','networkMode':'awsvpc','cpu':'256','memory':'512','containerDefinitions':["
                + "{'name':'db','image':'i'},{'name':'app','image':'i','links':['db']}]}")))
                .containsExactly(
                        "ERROR containerDefinitions[1].links: links are not supported on Fargate",
                        "ERROR containerDefinitions[1].links[0]: links are not supported with networkMode awsvpc");
    }

    @Test
    void a_windows_task_definition_with_drive_paths_is_read_as_ECS_registers_it() {
        // The FSx for Windows File Server guide's shape: C:\ paths, networkMode default.
        String windows = ("{'family':'fsx','networkMode':'default','runtimePlatform':{'operatingSystemFamily':'WINDOWS_SERVER_2019_CORE'},"
                + "'volumes':[{'name':'fsx','fsxWindowsFileServerVolumeConfiguration':{'fileSystemId':'fs-1','rootDirectory':'share',"
                + "'authorizationConfig':{'credentialsParameter':'arn:aws:secretsmanager:us-east-1:1:secret:c','domain':'example.com'}}}],"
                + "'containerDefinitions':[{'name':'app','image':'mcr.microsoft.com/windows/servercore:ltsc2019','memory':512,"
                + "'mountPoints':[{'sourceVolume':'fsx','containerPath':'C:\\\\fsx-windows-dir'}]}]}").replace('\'', '"');
        assertThat(problems(windows)).noneMatch(p -> p.startsWith("ERROR"));
        assertThat(problems(("{'family':'t','containerDefinitions':[{'name':'a','image':'i','memory':64,"
                + "'mountPoints':[{'sourceVolume':'v','containerPath':'data'}]}],'volumes':[{'name':'v'}]}").replace('\'', '"')))
                .contains("ERROR containerDefinitions[0].mountPoints[0].containerPath: containerPath \"data\" is not an absolute path");
    }
}

package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.problem.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ecslocal.simulator.Fixtures.fargateProblems;
import static dev.ecslocal.simulator.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per rule of ECS-SEMANTICS §10 (and §1.2 for dependsOn), each asserting the exact problems.
 * Task definitions are written in single quotes for readability and turned into JSON.
 */
class ValidationRulesTest {

    /** {@code 'a'} → {@code "a"}: the fixtures below are easier to read without escaped quotes. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String task(String networkMode, String... containers) {
        return json("{'family':'t'," + (networkMode == null ? "" : "'networkMode':'" + networkMode + "',")
                + "'containerDefinitions':[" + String.join(",", containers) + "]}");
    }

    private static String container(String name, String extra) {
        return "{'name':'" + name + "','image':'img:1','memory':128" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Test
    void a_minimal_task_definition_is_valid() {
        assertThat(problems(task(null, container("app", "")))).isEmpty();
    }

    @Test
    void family_is_required_and_limited_to_letters_digits_hyphens_and_underscores() {
        assertThat(problems(json("{'containerDefinitions':[" + container("app", "") + "]}")))
                .containsExactly("ERROR family: family is required");
        assertThat(problems(json("{'family':'my task','containerDefinitions':[" + container("app", "") + "]}")))
                .containsExactly("ERROR family: family \"my task\" may contain only letters, digits, hyphens and underscores, up to 255 of them");
    }

    @Test
    void a_task_needs_a_container_and_at_most_ten() {
        assertThat(problems(json("{'family':'t','containerDefinitions':[]}")))
                .containsExactly("ERROR containerDefinitions: containerDefinitions is empty: a task needs at least one container");
        String[] eleven = new String[11];
        for (int i = 0; i < eleven.length; i++) {
            eleven[i] = container("c" + i, "");
        }
        assertThat(problems(task(null, eleven)))
                .containsExactly("ERROR containerDefinitions: the task has 11 containers; ECS allows at most 10 per task definition");
    }

    @Test
    void container_names_are_required_valid_and_unique() {
        assertThat(problems(task(null, "{'image':'img:1','memory':128}", container("a b", ""),
                container("app", ""), container("app", ""))))
                .containsExactly(
                        "ERROR containerDefinitions[0].name: name is required",
                        "ERROR containerDefinitions[1].name: container name \"a b\" may contain only letters, digits, hyphens and underscores, up to 255 of them",
                        "ERROR containerDefinitions[3].name: container name \"app\" is already used by containerDefinitions[2]");
    }

    @Test
    void image_is_required_and_a_placeholder_is_named_as_such() {
        assertThat(problems(task(null, "{'name':'a','memory':128}",
                "{'name':'b','image':'<IMAGE1_NAME>','memory':128}",
                "{'name':'c','image':'my image','memory':128}",
                "{'name':'d','image':'<your-image>','memory':128}")))
                .containsExactly(
                        "ERROR containerDefinitions[0].image: image is required",
                        // CodePipeline's placeholder: a warning that says what run needs (TemplatePlaceholdersTest).
                        "WARNING containerDefinitions[1].image: template placeholder <IMAGE1_NAME>: validate and plan read the value as written",
                        "ERROR containerDefinitions[2].image: image \"my image\" is not an image reference",
                        "ERROR containerDefinitions[3].image: image \"<your-image>\" is not an image reference: it looks like a placeholder");
    }

    @Test
    void at_least_one_container_must_be_essential() {
        assertThat(problems(task(null, container("a", "'essential':false"), container("b", "'essential':false"))))
                .containsExactly("ERROR containerDefinitions: no container is essential: a task needs at least one essential container");
        // essential: null is Terraform's "absent", which means true (ECS-SEMANTICS §3.1, §11.3).
        assertThat(problems(task(null, container("a", "'essential':null")))).isEmpty();
    }

    @Test
    void without_task_memory_every_container_needs_memory_or_memoryReservation_in_ECS_words() {
        assertThat(problems(task(null, "{'name':'app','image':'img:1'}")))
                .containsExactly("ERROR containerDefinitions[0]: Invalid setting for container 'app'. "
                        + "At least one of 'memory' or 'memoryReservation' must be specified.");
        assertThat(problems(json("{'family':'t','memory':'512','containerDefinitions':[{'name':'app','image':'img:1'}]}"))).isEmpty();
    }

    @Test
    void memoryReservation_may_not_exceed_memory_and_containers_may_not_exceed_the_task() {
        assertThat(problems(json("{'family':'t','cpu':'256','memory':'512','containerDefinitions':["
                + "{'name':'a','image':'i','memory':400,'memoryReservation':500,'cpu':200},"
                + "{'name':'b','image':'i','memory':600,'cpu':100}]}")))
                .containsExactly(
                        "ERROR cpu: the containers' cpu adds up to 300 units, more than the task's 256",
                        "ERROR memory: the containers' memory adds up to 1000 MiB, more than the task's 512 MiB",
                        "ERROR containerDefinitions[0].memoryReservation: memoryReservation 500 MiB is greater than memory 400 MiB",
                        "ERROR containerDefinitions[1].memory: container memory 600 MiB is greater than the task's memory 512 MiB");
        assertThat(problems(task(null, "{'name':'a','image':'i','memory':4}")))
                .containsExactly("ERROR containerDefinitions[0].memory: memory 4 MiB is below Docker's minimum of 6 MiB");
    }

    @Test
    void task_cpu_and_memory_are_strings_in_units_vcpu_mib_or_gb() {
        assertThat(problems(json("{'family':'t','cpu':'0.25 vCPU','memory':'1GB','containerDefinitions':[{'name':'a','image':'i'}]}"))).isEmpty();
        assertThat(problems(json("{'family':'t','cpu':'.25 vcpu','memory':'.5 gb','containerDefinitions':[{'name':'a','image':'i'}]}")))
                .as("the ECS Exec guide's own example: no leading zero").isEmpty();
        assertThat(problems(json("{'family':'t','cpu':'lots','memory':'1 TB','containerDefinitions':[{'name':'a','image':'i','memory':64}]}")))
                .containsExactly(
                        "ERROR cpu: task cpu \"lots\" is not a size ECS understands",
                        "ERROR memory: task memory \"1 TB\" is not a size ECS understands");
        assertThat(dev.ecslocal.simulator.Fixtures.check(json("{'family':'t','cpu':'lots','containerDefinitions':[{'name':'a',"
                + "'image':'i','memory':64}]}")).problems().get(0).hint())
                .isEqualTo("Write it as CPU units (\"256\") or vCPUs (\"0.25 vCPU\").");
    }

    @Test
    void dependsOn_names_an_existing_container_with_did_you_mean_and_the_list_of_names() {
        Problem problem = Fixtures.check(task(null, container("envoy", ""),
                container("app", "'dependsOn':[{'containerName':'envoyy','condition':'START'}]"))).errors().get(0);
        assertThat(problem.path()).isEqualTo("containerDefinitions[1].dependsOn[0].containerName");
        assertThat(problem.container()).isEqualTo("app");
        assertThat(problem.message()).isEqualTo("\"envoyy\" does not match any container. Did you mean \"envoy\"?");
        assertThat(problem.hint()).isEqualTo("Containers defined: \"envoy\", \"app\".");
    }

    @Test
    void dependsOn_condition_is_required_and_one_of_the_four() {
        assertThat(problems(task(null, container("db", ""),
                container("app", "'dependsOn':[{'containerName':'db'},{'containerName':'db','condition':'READY'}]"))))
                .containsExactly(
                        "ERROR containerDefinitions[1].dependsOn[0].condition: condition is required",
                        "ERROR containerDefinitions[1].dependsOn[1].condition: \"READY\" is not a valid value: expected one of START, COMPLETE, SUCCESS, HEALTHY");
    }

    @Test
    void a_container_may_not_depend_on_itself() {
        assertThat(problems(task(null, container("app", "'dependsOn':[{'containerName':'app','condition':'START'}]"))))
                .containsExactly("ERROR containerDefinitions[0].dependsOn[0].containerName: container \"app\" depends on itself");
    }

    @Test
    void SUCCESS_or_COMPLETE_on_an_essential_container_is_refused_in_ECS_words() {
        // ECS-SEMANTICS §10: "A dependency container with SUCCESS or COMPLETE condition cannot be an essential container".
        assertThat(problems(task(null, container("init", ""), container("init2", "'essential':false"),
                container("app", "'dependsOn':[{'containerName':'init','condition':'SUCCESS'},"
                        + "{'containerName':'init2','condition':'COMPLETE'}]"))))
                .containsExactly("ERROR containerDefinitions[2].dependsOn[0].condition: "
                        + "A dependency container with SUCCESS or COMPLETE condition cannot be an essential container");
    }

    @Test
    void HEALTHY_needs_a_healthCheck_on_the_dependency() {
        // ECS-SEMANTICS §1.1/§1.2: the agent refuses the task ("Task dependencies cannot be resolved").
        assertThat(problems(task(null, container("envoy", ""),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]"))))
                .containsExactly("ERROR containerDefinitions[1].dependsOn[0].condition: "
                        + "condition HEALTHY needs a healthCheck on \"envoy\", which has none");
    }

    @Test
    void a_dependency_cycle_is_printed_as_a_path() {
        assertThat(problems(task(null,
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'START'}]"),
                container("envoy", "'dependsOn':[{'containerName':'app','condition':'START'}]"))))
                .containsExactly("ERROR containerDefinitions[1].dependsOn[0]: dependsOn forms a cycle: app -> envoy -> app");
    }

    @Test
    void a_cycle_is_reported_at_the_dependsOn_entry_that_closes_it_with_its_line_and_the_whole_cycle() {
        String json = task(null,
                container("a", "'dependsOn':[{'containerName':'b','condition':'START'}]"),
                container("b", "'dependsOn':[{'containerName':'x','condition':'START'},{'containerName':'c','condition':'START'}]"),
                container("c", "'dependsOn':[{'containerName':'a','condition':'START'}]"),
                container("x", "")).replace("},{\"name\"", "},\n{\"name\"");
        List<Problem> cycles = Fixtures.check(json).problems().stream().filter(p -> p.message().contains("cycle")).toList();
        assertThat(cycles).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("containerDefinitions[2].dependsOn[0]");
            assertThat(problem.container()).isEqualTo("c");
            assertThat(problem.message()).isEqualTo("dependsOn forms a cycle: a -> b -> c -> a");
            assertThat(problem.hint()).endsWith("Remove one of these dependencies, such as this one (\"c\" waits for \"a\").");
            assertThat(problem.location()).isNotNull();
            assertThat(problem.location().line()).isEqualTo(3);
        });
    }

    @Test
    void a_cycle_through_an_edge_ECS_adds_names_its_cause() {
        // links add a START dependency (ECS-SEMANTICS §1.5).
        assertThat(problems(task("bridge",
                container("web", "'links':['db']"),
                container("db", "'dependsOn':[{'containerName':'web','condition':'START'}]"))))
                .containsExactly("ERROR containerDefinitions[1].dependsOn[0]: dependsOn forms a cycle: web -> db (links) -> web");
    }

    @Test
    void startTimeout_on_a_container_nobody_waits_for_with_COMPLETE_SUCCESS_or_HEALTHY_is_a_warning() {
        // ECS-SEMANTICS §1.4, §12.3: startTimeout is read from the dependency.
        assertThat(problems(task(null, container("envoy", ""),
                container("app", "'startTimeout':30,'dependsOn':[{'containerName':'envoy','condition':'START'}]"))))
                .containsExactly("WARNING containerDefinitions[1].startTimeout: startTimeout has no effect here: ECS applies it "
                        + "to the containers that depend on \"app\" with COMPLETE, SUCCESS or HEALTHY, and there are none");
    }

    @Test
    void healthCheck_command_must_be_CMD_or_CMD_SHELL_form() {
        assertThat(problems(task(null,
                container("a", "'healthCheck':{'command':['/healthcheck']}"),
                container("b", "'healthCheck':{'command':['CMD-SHELL, curl -f http://localhost/ || exit 1']}"),
                container("c", "'healthCheck':{'command':[]}"),
                container("d", "'healthCheck':{'command':['CMD']}"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].healthCheck.command: healthCheck.command must start with \"CMD\" or \"CMD-SHELL\", found \"/healthcheck\"",
                        "ERROR containerDefinitions[1].healthCheck.command: healthCheck.command is one string \"CMD-SHELL, curl -f http://localhost/ || exit 1\"",
                        "ERROR containerDefinitions[2].healthCheck.command: healthCheck.command is empty",
                        "ERROR containerDefinitions[3].healthCheck.command: healthCheck.command has \"CMD\" and nothing to run");
        assertThat(Fixtures.check(task(null, container("b", "'healthCheck':{'command':['CMD-SHELL, curl -f http://localhost/']}")))
                .errors().get(0).hint())
                .isEqualTo("Split it into two elements: [\"CMD-SHELL\", \"curl -f http://localhost/\"].");
    }

    @Test
    void healthCheck_numbers_stay_within_ECS_ranges() {
        assertThat(problems(task(null, container("a",
                "'healthCheck':{'command':['CMD','true'],'interval':1,'timeout':61,'retries':0,'startPeriod':301}"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].healthCheck.interval: healthCheck.interval 1 is outside 5–300 seconds",
                        "ERROR containerDefinitions[0].healthCheck.timeout: healthCheck.timeout 61 is outside 2–60 seconds",
                        "ERROR containerDefinitions[0].healthCheck.retries: healthCheck.retries 0 is outside 1–10",
                        "ERROR containerDefinitions[0].healthCheck.startPeriod: healthCheck.startPeriod 301 is outside 0–300 seconds");
    }

    @Test
    void awsvpc_host_ports_must_match_container_ports_in_ECS_words() {
        assertThat(problems(task("awsvpc", container("app", "'portMappings':[{'containerPort':8080,'hostPort':80}]"))))
                .containsExactly("ERROR containerDefinitions[0].portMappings[0].hostPort: "
                        + "When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
        assertThat(problems(task("host", container("app", "'portMappings':[{'containerPort':8080,'hostPort':80}]"))))
                .containsExactly("ERROR containerDefinitions[0].portMappings[0].hostPort: "
                        + "When networkMode=host, the host ports and container ports in port mappings must match.");
        assertThat(problems(task("awsvpc", container("app", "'portMappings':[{'containerPort':8080,'hostPort':8080}]")))).isEmpty();
    }

    @Test
    void containerPort_must_be_a_port_in_ECS_words() {
        assertThat(problems(task(null, container("app", "'portMappings':[{'containerPort':0},{'hostPort':80}]"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].portMappings[0].containerPort: Invalid 'containerPort' setting for container 'app'.",
                        "ERROR containerDefinitions[0].portMappings[1].containerPort: Invalid 'containerPort' setting for container 'app'.");
    }

    @Test
    void two_containers_cannot_take_the_same_port() {
        assertThat(problems(task("awsvpc", container("a", "'portMappings':[{'containerPort':8080}]"),
                container("b", "'portMappings':[{'containerPort':8080}]"))))
                .containsExactly("ERROR containerDefinitions[1].portMappings[0]: port 8080/tcp is already mapped by containerDefinitions[0].portMappings[0]");
        assertThat(problems(task("bridge", container("a", "'portMappings':[{'containerPort':80,'hostPort':8080}]"),
                container("b", "'portMappings':[{'containerPort':81,'hostPort':8080}]"),
                container("c", "'portMappings':[{'containerPort':80,'hostPort':0},{'containerPort':80,'protocol':'udp','hostPort':8080}]"))))
                .containsExactly("ERROR containerDefinitions[1].portMappings[0]: host port 8080/tcp is already mapped by containerDefinitions[0].portMappings[0]");
    }

    @Test
    void networkMode_none_takes_no_port_mappings() {
        assertThat(problems(task("none", container("app", "'portMappings':[{'containerPort':80}]"))))
                .containsExactly("ERROR containerDefinitions[0].portMappings[0]: networkMode none takes no portMappings");
    }

    @Test
    void containerPortRange_is_a_valid_range_in_bridge_or_awsvpc_only() {
        assertThat(problems(task("host", container("a", "'portMappings':[{'containerPortRange':'9000-8000'}]"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].portMappings[0].containerPortRange: containerPortRange is only supported with networkMode bridge or awsvpc",
                        "ERROR containerDefinitions[0].portMappings[0].containerPortRange: containerPortRange \"9000-8000\" is not a range of ports");
    }

    @Test
    void links_hostname_and_dns_are_not_allowed_in_awsvpc() {
        assertThat(problems(task("awsvpc", container("db", ""), container("app",
                "'links':['db'],'hostname':'app','dnsServers':['10.0.0.2'],'dnsSearchDomains':['corp'],"
                        + "'extraHosts':[{'hostname':'x','ipAddress':'10.0.0.3'}],'disableNetworking':false"))))
                .containsExactly(
                        "ERROR containerDefinitions[1].links[0]: links are not supported with networkMode awsvpc",
                        "ERROR containerDefinitions[1].hostname: hostname is not supported with networkMode awsvpc",
                        "ERROR containerDefinitions[1].dnsServers: dnsServers is not supported with networkMode awsvpc",
                        "ERROR containerDefinitions[1].dnsSearchDomains: dnsSearchDomains is not supported with networkMode awsvpc",
                        "ERROR containerDefinitions[1].extraHosts: extraHosts is not supported with networkMode awsvpc",
                        "ERROR containerDefinitions[1].disableNetworking: disableNetworking is not supported with networkMode awsvpc");
    }

    @Test
    void links_name_an_existing_container_in_name_or_name_alias_form() {
        assertThat(problems(task(null, container("db", ""),
                container("app", "'links':['db:database','dbb','a:b:c','app']"))))
                .containsExactly(
                        "ERROR containerDefinitions[1].links[1]: \"dbb\" does not match any container. Did you mean \"db\"?",
                        "ERROR containerDefinitions[1].links[2]: invalid link format \"a:b:c\"",
                        "ERROR containerDefinitions[1].links[3]: container \"app\" links to itself");
    }

    @Test
    void the_log_driver_is_one_ECS_supports() {
        assertThat(problems(task(null, container("app", "'logConfiguration':{'logDriver':'awslog'}"),
                container("b", "'logConfiguration':{}"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].logConfiguration.logDriver: \"awslog\" is not a log driver ECS supports",
                        "ERROR containerDefinitions[1].logConfiguration.logDriver: logConfiguration.logDriver is required");
    }

    @Test
    void a_FireLens_router_needs_users_in_ECS_words() {
        assertThat(problems(task(null, container("router", "'firelensConfiguration':{'type':'fluentbit'}"), container("app", ""))))
                .containsExactly("ERROR containerDefinitions[0].firelensConfiguration: When a firelensConfiguration object is "
                        + "specified, at least one container has to be configured with the awsfirelens log driver.");
    }

    @Test
    void awsfirelens_needs_a_router_in_ECS_words() {
        assertThat(problems(task(null, container("app", "'logConfiguration':{'logDriver':'awsfirelens'}"))))
                .containsExactly("ERROR containerDefinitions[0].logConfiguration.logDriver: When awsfirelens log driver is "
                        + "specified in log configuration, a firelens configuration object must be configured in one of the containers.");
    }

    @Test
    void a_task_has_one_FireLens_router_of_a_known_type() {
        assertThat(problems(task(null,
                container("r1", "'firelensConfiguration':{'type':'fluent-bit'}"),
                container("r2", "'firelensConfiguration':{'type':'fluentd'}"),
                container("app", "'logConfiguration':{'logDriver':'awsfirelens'}"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].firelensConfiguration.type: \"fluent-bit\" is not a valid value: expected one of fluentbit, fluentd",
                        "ERROR containerDefinitions[1].firelensConfiguration: more than one container has a firelensConfiguration (\"r1\" and \"r2\")");
    }

    @Test
    void FireLens_options_follow_the_agent_rules() {
        assertThat(problems(task(null,
                container("router", "'firelensConfiguration':{'type':'fluentbit','options':{'config-file-type':'http'}}"),
                container("app", "'logConfiguration':{'logDriver':'awsfirelens','options':{'region':'us-east-1','log-driver-buffer-limit':'-1'}}"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].firelensConfiguration.options[\"config-file-type\"]: config-file-type \"http\" is not a valid value: expected one of s3, file",
                        "ERROR containerDefinitions[0].firelensConfiguration.options: option config-file-type is specified but config-file-value is not specified",
                        "ERROR containerDefinitions[1].logConfiguration.options: missing output key Name which is required for firelens configuration of type fluentbit",
                        "ERROR containerDefinitions[1].logConfiguration.options[\"log-driver-buffer-limit\"]: log-driver-buffer-limit \"-1\" must be a number of bytes from 0 to 536870912");
    }

    @Test
    void mountPoints_and_volumesFrom_reference_what_exists() {
        assertThat(problems(json("{'family':'t','volumes':[{'name':'data'}],'containerDefinitions':["
                + container("app", "'mountPoints':[{'sourceVolume':'dta','containerPath':'/data'},{'sourceVolume':'data','containerPath':'data'}],"
                + "'volumesFrom':[{'sourceContainer':'side'},{'sourceContainer':'app'}]") + "]}")))
                .containsExactly(
                        "ERROR containerDefinitions[0].mountPoints[0].sourceVolume: \"dta\" does not match any volume in the task's volumes. Did you mean \"data\"?",
                        "ERROR containerDefinitions[0].mountPoints[1].containerPath: containerPath \"data\" is not an absolute path",
                        "ERROR containerDefinitions[0].volumesFrom[0].sourceContainer: \"side\" does not match any container.",
                        "ERROR containerDefinitions[0].volumesFrom[1].sourceContainer: container \"app\" takes volumes from itself");
    }

    @Test
    void volumes_are_named_once_of_one_kind_and_autoprovision_needs_scope_shared() {
        assertThat(problems(json("{'family':'t','volumes':[{'name':'v'},{'name':'v'},"
                + "{'name':'w','host':{'sourcePath':'/srv'},'dockerVolumeConfiguration':{'scope':'task'}},"
                + "{'name':'x','dockerVolumeConfiguration':{'scope':'task','autoprovision':true}},"
                + "{'name':'y','host':{'sourcePath':'relative'}}],"
                + "'containerDefinitions':[" + container("app", "") + "]}")))
                .containsExactly(
                        "ERROR volumes[1].name: volume name \"v\" is defined twice",
                        "ERROR volumes[2]: volume \"w\" has host.sourcePath and dockerVolumeConfiguration: a volume is of one kind",
                        "ERROR volumes[3].dockerVolumeConfiguration.autoprovision: autoprovision is only allowed with scope \"shared\"",
                        "ERROR volumes[4].host.sourcePath: host.sourcePath \"relative\" is not an absolute path");
    }

    @Test
    void EFS_volumes_follow_the_encryption_rules_and_are_emulated_with_a_warning() {
        assertThat(problems(json("{'family':'t','volumes':[{'name':'efs','efsVolumeConfiguration':{'fileSystemId':'fs-1',"
                + "'rootDirectory':'/data','authorizationConfig':{'accessPointId':'fsap-1'}}}],"
                + "'containerDefinitions':[" + container("app", "") + "]}")))
                .containsExactly(
                        "ERROR volumes[0].efsVolumeConfiguration.transitEncryption: transitEncryption must be ENABLED when an access point or IAM authorization is used",
                        "WARNING volumes[0].efsVolumeConfiguration: EFS is not reachable locally: ecs-local will mount an empty local volume for \"efs\"",
                        "ERROR volumes[0].efsVolumeConfiguration.rootDirectory: rootDirectory must be omitted or \"/\" when an access point is used");
    }

    @Test
    void restartPolicy_needs_enabled_and_ranges() {
        assertThat(problems(task(null, container("app", "'restartPolicy':{'restartAttemptPeriod':30}"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].restartPolicy.enabled: restartPolicy.enabled is required",
                        "ERROR containerDefinitions[0].restartPolicy.restartAttemptPeriod: restartPolicy.restartAttemptPeriod 30 is outside 60–1800 seconds");
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            codes.append(i == 0 ? "" : ",").append(i);
        }
        assertThat(problems(task(null, container("app", "'restartPolicy':{'enabled':true,'ignoredExitCodes':[" + codes + "]}"))))
                .containsExactly("ERROR containerDefinitions[0].restartPolicy.ignoredExitCodes: restartPolicy.ignoredExitCodes has 51 entries; ECS allows 50");
    }

    @Test
    void environment_files_and_secrets_have_ECS_forms() {
        assertThat(problems(task(null, container("app",
                "'environmentFiles':[{'value':'arn:aws:s3:::bucket/app.txt','type':'file'}],"
                        + "'secrets':[{'name':'DB','valueFrom':'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password'},"
                        + "{'name':'OK','valueFrom':'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::'},"
                        + "{'valueFrom':'/param'}]"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].environmentFiles[0].value: environmentFiles value must be the ARN of an S3 object whose name ends in .env, found \"arn:aws:s3:::bucket/app.txt\"",
                        "ERROR containerDefinitions[0].environmentFiles[0].type: environmentFiles type must be \"s3\", found \"file\"",
                        "ERROR containerDefinitions[0].secrets[0].valueFrom: an invalid ARN format for the AWS Secrets Manager secret was specified: \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password\"",
                        "ERROR containerDefinitions[0].secrets[2].name: secret name is required");
    }

    @Test
    void ulimits_use_names_ECS_knows() {
        assertThat(problems(task(null, container("app", "'ulimits':[{'name':'nofiles','softLimit':1,'hardLimit':2},"
                + "{'name':'nofile','softLimit':3,'hardLimit':2}]"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].ulimits[0].name: \"nofiles\" is not a ulimit ECS knows",
                        "ERROR containerDefinitions[0].ulimits[1].softLimit: ulimit nofile: softLimit 3 is greater than hardLimit 2");
    }

    @Test
    void negative_timeouts_are_refused() {
        assertThat(problems(task(null, container("app", "'startTimeout':-1,'stopTimeout':-5"))))
                .containsExactly(
                        "ERROR containerDefinitions[0].startTimeout: startTimeout -1 is negative",
                        "ERROR containerDefinitions[0].stopTimeout: stopTimeout -5 is negative");
    }

    @Test
    void the_Fargate_flag_adds_the_Fargate_restrictions() {
        String ec2Task = json("{'family':'t','cpu':'256','memory':'4096','containerDefinitions':[{'name':'app','image':'i',"
                + "'privileged':true,'links':[],'stopTimeout':200,'logConfiguration':{'logDriver':'awslogs','options':{}},"
                + "'linuxParameters':{'capabilities':{'add':['NET_ADMIN']},'tmpfs':[{'containerPath':'/t','size':1}]}}],"
                + "'volumes':[{'name':'h','host':{'sourcePath':'/srv'}}]}");
        assertThat(problems(ec2Task)).isEmpty();
        // In file order: the container comes before the volumes in this fixture.
        assertThat(fargateProblems(ec2Task)).containsExactly(
                "ERROR networkMode: Fargate requires networkMode awsvpc, found bridge (the default)",
                "ERROR memory: task memory 4096 MiB does not go with cpu 256 on Fargate",
                "ERROR containerDefinitions[0].privileged: privileged containers are not supported on Fargate",
                "ERROR containerDefinitions[0].stopTimeout: stopTimeout 200 is more than Fargate's 120 seconds",
                "ERROR containerDefinitions[0].logConfiguration.options: Fargate requires the awslogs-stream-prefix option with awslogs",
                "ERROR containerDefinitions[0].linuxParameters.capabilities.add[0]: capability NET_ADMIN cannot be added on Fargate",
                "ERROR containerDefinitions[0].linuxParameters.tmpfs: linuxParameters.tmpfs is not supported on Fargate",
                "ERROR volumes[0].host.sourcePath: host.sourcePath is not supported on Fargate");
    }

    @Test
    void a_field_Fargate_requires_and_the_file_lacks_is_reported_at_requiresCompatibilities_with_the_fix() {
        String json = json("{'family':'t',\n'requiresCompatibilities':['EC2','FARGATE'],\n"
                + "'containerDefinitions':[{'name':'app','image':'i','memory':64}]}");
        List<Problem> problems = Fixtures.check(json).errors();
        assertThat(problems).extracting(Problem::path).containsOnly("requiresCompatibilities[1]");
        assertThat(problems).extracting(Problem::message).containsExactly(
                "Fargate requires networkMode awsvpc, found bridge (the default)",
                "Fargate requires the task's cpu, and the task has none",
                "Fargate requires the task's memory, and the task has none");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.location()).as("the line of requiresCompatibilities").isNotNull();
            assertThat(p.location().line()).isEqualTo(2);
            assertThat(p.hint()).startsWith("requiresCompatibilities names FARGATE, so ECS applies Fargate's rules: ");
        });
        assertThat(problems).extracting(Problem::hint).contains(
                "requiresCompatibilities names FARGATE, so ECS applies Fargate's rules: Set \"networkMode\": \"awsvpc\" on the task.",
                "requiresCompatibilities names FARGATE, so ECS applies Fargate's rules: Add a task-level cpu, e.g. \"cpu\": \"256\" (0.25 vCPU).");
        // A field that is there but wrong is reported where it is.
        assertThat(Fixtures.problems(json("{'family':'t','requiresCompatibilities':['FARGATE'],'networkMode':'bridge','cpu':'256',"
                + "'memory':'512','containerDefinitions':[{'name':'app','image':'i','memory':64}]}")))
                .containsExactly("ERROR networkMode: Fargate requires networkMode awsvpc, found bridge");
    }

    @Test
    void requiresCompatibilities_FARGATE_turns_the_Fargate_rules_on_by_itself() {
        assertThat(problems(json("{'family':'t','requiresCompatibilities':['FARGATE'],'networkMode':'awsvpc',"
                + "'containerDefinitions':[{'name':'app','image':'i','memory':64}]}")))
                .containsExactly("ERROR requiresCompatibilities[0]: Fargate requires the task's cpu, and the task has none",
                        "ERROR requiresCompatibilities[0]: Fargate requires the task's memory, and the task has none");
        assertThat(problems(json("{'family':'t','requiresCompatibilities':['FARGATE'],'networkMode':'awsvpc','cpu':'1 vCPU',"
                + "'memory':'3GB','containerDefinitions':[{'name':'app','image':'i'}]}"))).isEmpty();
    }

    @Test
    void every_problem_is_collected_not_just_the_first() {
        List<String> found = problems(task("awsvpc",
                container("envoy", ""),
                container("app", "'hostname':'x','portMappings':[{'containerPort':8080,'hostPort':80}],"
                        + "'dependsOn':[{'containerName':'envoyy','condition':'HEALTHY'}]")));
        assertThat(found).hasSize(3);
    }
}

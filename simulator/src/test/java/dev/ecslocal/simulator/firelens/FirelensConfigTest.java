package dev.ecslocal.simulator.firelens;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The router configuration ECS would generate (ECS-SEMANTICS §7.4). The task definitions in
 * src/test/resources/firelens are our own, each written to exercise a kind of router real tasks use; every
 * expected .conf beside them was read line by line against §7.4 and the agent's template. They are compared
 * section by section, so that a failure names the section.
 */
class FirelensConfigTest {
    private static final String TASK_ID = "0123456789abcdef0123456789abcdef";
    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/ecs-local/" + TASK_ID;

    private static final Path FIRELENS_RESOURCES = Path.of("src/test/resources/firelens");

    private static String expected(String name) throws IOException {
        return Files.readString(FIRELENS_RESOURCES.resolve(name), StandardCharsets.UTF_8);
    }

    private static FirelensConfig generate(Path file) throws IOException {
        TaskDefinitionCheck.Result check = new TaskDefinitionCheck().check(file, null, ValidationOptions.DEFAULT);
        assertThat(check.errors()).as("%s is a valid task definition", file).isEmpty();
        return FirelensConfig.of(check.taskDefinition(), check.source().revision(), "ecs-local", TASK_ARN).orElseThrow();
    }

    private static FirelensConfig generate(String singleQuotedJson) {
        TaskDefinition task = Fixtures.check(singleQuotedJson.replace('\'', '"')).taskDefinition();
        return FirelensConfig.of(task, 1, "ecs-local", TASK_ARN).orElseThrow();
    }

    /** The file cut at its blank lines: one entry per section, in order. */
    private static List<String> sections(String config) {
        return Arrays.stream(config.split("\n\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Each {@code <name>.json} in src/test/resources/firelens gets {@code <name>.conf}:
     * <ul>
     * <li>bridge-ec2-health-check: networkMode left to its default (bridge), so the TCP input listens on 0.0.0.0;
     * EC2, so ec2_instance_id is recorded; Mem_Buf_Limit from the router's memoryReservation; the router has its
     * own health check on 8877; output options sorted in byte order, uppercase first.</li>
     * <li>awsvpc-fargate-custom-file: an App Mesh task on Fargate (no ec2_instance_id), enable-ecs-log-metadata
     * given as "true", a custom file included between the filters and the outputs; only envoy logs to the
     * router, so there is one output.</li>
     * <li>fluentd-describe-output-with-nulls: a Fluentd router, describe-task-definition fields and explicit nulls
     * (firelensConfiguration.options null), the file's revision in ecs_task_definition, no health check.</li>
     * <li>describe-wrapped-custom-file-without-output: the {"taskDefinition": ...} wrapper, a router with no
     * memory at all (25MB), a custom file on an EFS volume, and an awsfirelens container without options: no
     * output for it, the routing is the custom file's.</li>
     * </ul>
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bridge-ec2-health-check", "awsvpc-fargate-custom-file", "fluentd-describe-output-with-nulls",
            "describe-wrapped-custom-file-without-output"})
    void our_task_definitions_get_the_configuration_ECS_would_generate(String name) throws IOException {
        String expected = expected(name + ".conf");
        String actual = generate(FIRELENS_RESOURCES.resolve(name + ".json")).text();
        assertThat(sections(actual)).containsExactlyElementsOf(sections(expected));
        assertThat(actual).as("byte for byte, blank lines included").isEqualTo(expected);
    }

    @Test
    void the_payments_sample_gets_its_configuration() throws IOException {
        FirelensConfig config = generate(Fixtures.projectDir().resolve("samples/payments/taskdef.json"));
        assertThat(config.text()).isEqualTo(expected("payments.conf"));
        assertThat(config.router()).isEqualTo("log-router");
        assertThat(config.configPath()).isEqualTo("/fluent-bit/etc/fluent-bit.conf");
    }

    @Test
    void the_agent_own_example_bridge_router_of_100_MiB_with_include_and_exclude_and_an_s3_file() {
        // §7.4's example from the agent's unit test: Mem_Buf_Limit is half the router's memory; grep filters
        // come before the metadata, @INCLUDE after the filters and before the outputs.
        String config = generate("{'family':'taskdefinition','containerDefinitions':["
                + "{'name':'router','image':'fluent-bit','memory':100,'firelensConfiguration':{'type':'fluentbit',"
                + "'options':{'config-file-type':'s3','config-file-value':'arn:aws:s3:::bucket/external.conf'}}},"
                + "{'name':'container','image':'app','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':"
                + "{'Name':'kinesis_firehose','region':'us-west-2','deliver_stream_name':'my-stream',"
                + "'include-pattern':'*failure*','exclude-pattern':'*success*'}}}]}").text();
        assertThat(sections(config)).containsExactly(
                "[INPUT]\n    Name forward\n    Mem_Buf_Limit 50MB\n    unix_path /var/run/fluent.sock",
                "[INPUT]\n    Name forward\n    Listen 0.0.0.0\n    Port 24224",
                "[INPUT]\n    Name tcp\n    Tag firelens-healthcheck\n    Listen 127.0.0.1\n    Port 8877",
                "[FILTER]\n    Name   grep\n    Match container-firelens*\n    Regex  log *failure*",
                "[FILTER]\n    Name   grep\n    Match container-firelens*\n    Exclude log *success*",
                "[FILTER]\n    Name record_modifier\n    Match *\n    Record ec2_instance_id i-00000000000000000\n"
                        + "    Record ecs_cluster ecs-local\n    Record ecs_task_arn " + TASK_ARN + "\n"
                        + "    Record ecs_task_definition taskdefinition:1",
                "@INCLUDE /fluent-bit/etc/external.conf",
                "[OUTPUT]\n    Name null\n    Match firelens-healthcheck",
                "[OUTPUT]\n    Name kinesis_firehose\n    Match container-firelens*\n    deliver_stream_name my-stream\n    region us-west-2");
    }

    @Test
    void in_host_mode_there_is_no_TCP_input_and_no_health_check() {
        String config = generate("{'family':'t','networkMode':'host','containerDefinitions':["
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'stdout'}}}]}").text();
        assertThat(sections(config)).first().isEqualTo("[INPUT]\n    Name forward\n    Mem_Buf_Limit 32MB\n    unix_path /var/run/fluent.sock");
        assertThat(config).doesNotContain("24224", "8877", "firelens-healthcheck");
    }

    /** The router's file for app, which has one plain log option and one secret log option. */
    private static String withSecretOption(String type, String option, String value, String secret) {
        return generate("{'family':'t','networkMode':'awsvpc','containerDefinitions':["
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'" + type + "'}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'" + option
                + "':'" + value + "'},'secretOptions':[{'name':'" + secret + "','valueFrom':'arn:aws:ssm:us-east-1:111111111111:"
                + "parameter/dd'}]}}]}").text();
    }

    @Test
    void secret_log_options_are_references_to_the_router_environment_named_by_container_index() {
        // §7.2, §7.4 step 9: <name>_<index among the task's containers>, resolved by the router from its env.
        assertThat(withSecretOption("fluentbit", "Name", "datadog", "apikey"))
                .endsWith("[OUTPUT]\n    Name datadog\n    Match app-firelens*\n    apikey ${apikey_1}\n");
        assertThat(withSecretOption("fluentd", "@type", "datadog", "apikey"))
                .endsWith("<match app-firelens**>\n    @type datadog\n    apikey \"#{ENV['apikey_1']}\"\n</match>\n");
    }

    @Test
    void a_secret_log_option_may_name_the_output_plugin_as_the_agent_merges_it_before_looking() {
        // The agent merges secretOptions over the options, then takes the plugin: Name ${Name_1}, resolved by the router.
        assertThat(withSecretOption("fluentbit", "region", "eu-west-1", "Name"))
                .endsWith("[OUTPUT]\n    Name ${Name_1}\n    Match app-firelens*\n    region eu-west-1\n");
        assertThat(withSecretOption("fluentd", "region", "eu-west-1", "@type"))
                .endsWith("<match app-firelens**>\n    @type \"#{ENV['@type_1']}\"\n    region eu-west-1\n</match>\n");
    }

    @Test
    void log_driver_buffer_limit_is_Docker_business_not_the_output() {
        String config = generate("{'family':'t','networkMode':'awsvpc','containerDefinitions':["
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens',"
                + "'options':{'Name':'stdout','log-driver-buffer-limit':'2097152'}}}]}").text();
        assertThat(config).endsWith("[OUTPUT]\n    Name stdout\n    Match app-firelens*\n");
    }

    @Test
    void outputs_follow_the_task_definition_order_not_Go_map_order() {
        String config = generate("{'family':'t','networkMode':'awsvpc','containerDefinitions':["
                + "{'name':'zeta','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'stdout'}}},"
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'alpha','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'null'}}}]}").text();
        assertThat(config.indexOf("Match zeta-firelens*")).isLessThan(config.indexOf("Match alpha-firelens*"));
    }

    @ParameterizedTest(name = "enable-ecs-log-metadata={0}: {1}")
    @CsvSource({"true, true", "TRUE, true", "1, true", "t, true", "false, false", "0, false",
            "yes, false", "'', false"})
    void ecs_metadata_follows_Go_ParseBool_and_an_unreadable_value_turns_it_off(String value, boolean enabled) {
        // §7.1: the agent logs an unparsable value as ignored, yet leaves the flag at false.
        assertThat(FirelensConfig.ecsMetadataEnabled(java.util.Map.of("enable-ecs-log-metadata", value))).isEqualTo(enabled);
        assertThat(FirelensConfig.ecsMetadataEnabled(java.util.Map.of())).as("absent: on").isTrue();
    }

    @Test
    void mem_buf_limit_is_half_the_reservation_else_half_the_memory_else_25() {
        String json = "{'family':'t','containerDefinitions':[{'name':'router','image':'fb',MEM,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'stdout'}}}]}";
        assertThat(generate(json.replace("MEM", "'memoryReservation':75,'memory':512")).text()).contains("Mem_Buf_Limit 37MB");
        assertThat(generate(json.replace("MEM", "'memory':512")).text()).contains("Mem_Buf_Limit 256MB");
        assertThat(FirelensConfig.memBufLimitMiB(Fixtures.check(("{'family':'t','cpu':'256','memory':'512','containerDefinitions':["
                + "{'name':'router','image':'fb','firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'a','logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'stdout'}}}]}")
                .replace('\'', '"')).taskDefinition().containerDefinitions().get(0))).isEqualTo(25);
    }

    @Test
    void a_task_without_a_router_has_no_configuration_and_tags_are_ECS_own() {
        TaskDefinition task = Fixtures.check("{\"family\":\"t\",\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"a\",\"memory\":8}]}")
                .taskDefinition();
        assertThat(FirelensConfig.of(task, 1, "ecs-local", TASK_ARN)).isEmpty();
        assertThat(FirelensConfig.tag("app", TASK_ID)).isEqualTo("app-firelens-" + TASK_ID);
    }

    @Test
    void an_output_without_its_plugin_name_is_refused_in_the_agent_words() {
        TaskDefinition task = Fixtures.check(("{'family':'t','containerDefinitions':["
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'region':'x'}}}]}")
                .replace('\'', '"')).taskDefinition();
        assertThatThrownBy(() -> FirelensConfig.of(task, 1, "ecs-local", TASK_ARN))
                .hasMessage("missing output key Name which is required for firelens configuration of type fluentbit");
    }

    private static final String TWO_OUTPUTS = "{'family':'t','networkMode':'awsvpc','containerDefinitions':["
            + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'TYPE'}},"
            + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':"
            + "{'KEY':'cloudwatch_logs','region':'eu-west-1','log_group_name':'/app','include-pattern':'ERROR'},"
            + "'secretOptions':[{'name':'apikey','valueFrom':'arn:aws:ssm:eu-west-1:1:parameter/k'}]}},"
            + "{'name':'worker','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'KEY':'file','Path':'/logs'}}}]}";

    private static TaskDefinition twoOutputs(String type) {
        return Fixtures.check(TWO_OUTPUTS.replace("TYPE", type).replace("KEY", type.equals("fluentd") ? "@type" : "Name")
                .replace('\'', '"')).taskDefinition();
    }

    @Test
    void locally_an_output_that_leaves_the_machine_forwards_to_ecs_local_and_everything_else_is_ECS_own() {
        TaskDefinition task = twoOutputs("fluentbit");
        String ecs = FirelensConfig.of(task, 1, "ecs-local", TASK_ARN).orElseThrow().text();
        FirelensConfig local = FirelensConfig.local(task, 1, "ecs-local", TASK_ARN,
                new FirelensConfig.LocalOutput.Forward("172.17.0.1", 40123)).orElseThrow();

        List<String> ecsSections = sections(ecs);
        List<String> localSections = sections(local.text());
        assertThat(localSections).hasSameSizeAs(ecsSections);
        // Inputs, filters (grep and metadata) and the worker's file output are untouched.
        assertThat(localSections.subList(0, localSections.size() - 2)).isEqualTo(ecsSections.subList(0, ecsSections.size() - 2));
        assertThat(localSections.get(localSections.size() - 1)).isEqualTo(ecsSections.get(ecsSections.size() - 1))
                .contains("Name file");
        assertThat(localSections.get(localSections.size() - 2)).isEqualTo("""
                # ecs-local: app's output "cloudwatch_logs" is replaced by this local one (ecs-local shows its records); \
                `ecs-local run --firelens-outputs=real` keeps it
                [OUTPUT]
                    Name forward
                    Match app-firelens*
                    Host 172.17.0.1
                    Port 40123""");
        assertThat(local.replaced()).containsExactly(java.util.Map.entry("app", "cloudwatch_logs"));
        assertThat(local.text()).doesNotContain("apikey").doesNotContain("log_group_name");
        assertThat(FirelensConfig.of(task, 1, "ecs-local", TASK_ARN).orElseThrow().replaced()).isEmpty();
    }

    @Test
    void fluentd_forwards_through_a_server_block_and_stdout_is_the_fallback_when_ecs_local_is_out_of_reach() {
        FirelensConfig fluentd = FirelensConfig.local(twoOutputs("fluentd"), 1, "ecs-local", TASK_ARN,
                new FirelensConfig.LocalOutput.Forward("172.17.0.1", 40123)).orElseThrow();
        assertThat(fluentd.text()).contains("""
                <match app-firelens**>
                    @type forward
                    <server>
                        host 172.17.0.1
                        port 40123
                    </server>
                </match>""").contains("<match worker-firelens**>\n    @type file\n    Path /logs\n</match>");

        FirelensConfig stdout = FirelensConfig.local(twoOutputs("fluentbit"), 1, "ecs-local", TASK_ARN,
                new FirelensConfig.LocalOutput.Stdout()).orElseThrow();
        assertThat(sections(stdout.text())).contains("""
                # ecs-local: app's output "cloudwatch_logs" is replaced by this local one (records go to the router's stdout); \
                `ecs-local run --firelens-outputs=real` keeps it
                [OUTPUT]
                    Name stdout
                    Match app-firelens*""");
    }
}

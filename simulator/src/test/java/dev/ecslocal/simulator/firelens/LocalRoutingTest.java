package dev.ecslocal.simulator.firelens;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.model.TaskDefinition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What the generated router configuration does to a record (ECS-SEMANTICS §7.4), done by the stand-in. */
class LocalRoutingTest {
    private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:task/ecs-local/t1";

    private static LocalRouting routing(String appOptions, String routerOptions, boolean fargate) {
        TaskDefinition task = Fixtures.check(("{'family':'shop','networkMode':'awsvpc',"
                + (fargate ? "'requiresCompatibilities':['FARGATE'],'cpu':'256','memory':'512'," : "")
                + "'containerDefinitions':["
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'fluentbit'" + routerOptions + "}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':" + appOptions + "}}]}")
                .replace('\'', '"')).taskDefinition();
        return LocalRouting.of(task, 2, "ecs-local", ARN);
    }

    private static ForwardRecord line(String tag, String log) {
        return new ForwardRecord(tag, Instant.EPOCH, Map.of("container_name", "/x", "source", "stdout", "log", log));
    }

    @Test
    void a_record_gets_ECS_metadata_and_the_output_it_would_go_to() {
        LocalRouting.Routed routed = routing("{'Name':'datadog'}", "", true).route(line("app-firelens-t1", "hello")).get(0);
        assertThat(routed.container()).isEqualTo("app");
        assertThat(routed.output()).isEqualTo("datadog");
        assertThat(routed.record()).containsEntry("log", "hello").containsEntry("source", "stdout")
                .containsEntry("ecs_cluster", "ecs-local").containsEntry("ecs_task_arn", ARN)
                .containsEntry("ecs_task_definition", "shop:2").doesNotContainKey("ec2_instance_id");
    }

    @Test
    void on_EC2_the_instance_id_is_recorded_and_metadata_can_be_turned_off() {
        assertThat(routing("{'Name':'stdout'}", "", false).route(line("app-firelens-t1", "x")).get(0).record())
                .containsEntry("ec2_instance_id", FirelensConfig.LOCAL_INSTANCE_ID);
        assertThat(routing("{'Name':'stdout'}", ",'options':{'enable-ecs-log-metadata':'false'}", false)
                .route(line("app-firelens-t1", "x")).get(0).record()).doesNotContainKeys("ecs_cluster", "ec2_instance_id");
    }

    @Test
    void include_and_exclude_patterns_filter_on_log_as_grep_does() {
        LocalRouting routing = routing("{'Name':'stdout','include-pattern':'ERROR|WARN','exclude-pattern':'healthz'}", "", true);
        assertThat(routing.route(line("app-firelens-t1", "ERROR payment failed"))).hasSize(1);
        assertThat(routing.route(line("app-firelens-t1", "INFO all good"))).as("not included").isEmpty();
        assertThat(routing.route(line("app-firelens-t1", "WARN GET /healthz slow"))).as("excluded").isEmpty();
    }

    @Test
    void a_pattern_that_is_not_a_regular_expression_is_named_with_its_container() {
        assertThatThrownBy(() -> routing("{'Name':'stdout','include-pattern':'*failure*'}", "", true))
                .hasMessageStartingWith("containerDefinitions \"app\" › logConfiguration.options.include-pattern \"*failure*\" "
                        + "is not a regular expression (Dangling meta character '*' near index 0)");
    }

    @Test
    void a_record_from_an_unknown_tag_passes_without_an_output() {
        LocalRouting.Routed routed = routing("{'Name':'stdout'}", "", true).route(line("other", "x")).get(0);
        assertThat(routed.container()).isEqualTo("other");
        assertThat(routed.output()).isNull();
    }

    @Test
    void a_record_a_real_router_forwarded_is_only_named_its_filters_and_custom_files_already_ran() {
        LocalRouting routing = routing("{'Name':'datadog','include-pattern':'ERROR'}", "", true);
        // A custom parser turned `log` into fields: the stand-in's grep would drop it, the router did not.
        ForwardRecord parsed = new ForwardRecord("app-firelens-t1", Instant.EPOCH, Map.of("level", "info", "msg", "ok"));
        LocalRouting.Routed routed = routing.forwarded(parsed);
        assertThat(routed.container()).isEqualTo("app");
        assertThat(routed.output()).isEqualTo("datadog");
        assertThat(routed.record()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("level", "info", "msg", "ok")));
        assertThat(routing.route(parsed)).as("the stand-in filters").isEmpty();
    }

    @Test
    void a_tag_a_program_chose_is_routed_by_the_containers_match_as_Fluent_Bit_routes_it() {
        // Match app-firelens*: the driver's app-firelens-<task id>, and app-firelens-custom sent to FLUENT_HOST.
        LocalRouting routing = routing("{'Name':'datadog','exclude-pattern':'noise'}", "", true);
        List<LocalRouting.Routed> routed = routing.route(line("app-firelens-custom", "from the program"));
        assertThat(routed).extracting(LocalRouting.Routed::container, LocalRouting.Routed::output)
                .containsExactly(tuple("app", "datadog"));
        assertThat(routed.get(0).record()).containsEntry("ecs_task_arn", ARN);
        assertThat(routing.route(line("app-firelens", "the pattern's star takes nothing"))).hasSize(1);
        assertThat(routing.route(line("app-firelens-custom", "some noise"))).as("the container's filters apply").isEmpty();
        assertThat(routing.route(line("app-firelen", "x")).get(0).output()).as("not the prefix").isNull();
        assertThat(routing.route(line("xapp-firelens-t1", "x")).get(0).container()).as("the whole tag must match")
                .isEqualTo("xapp-firelens-t1");
        assertThat(routing.containerOf("app-firelens-anything")).isEqualTo("app");
        assertThat(routing.containerOf("other")).isNull();
    }

    @Test
    void a_record_goes_to_every_output_whose_match_its_tag_matches_after_every_matching_filter() {
        TaskDefinition task = Fixtures.check(("{'family':'shop','containerDefinitions':["
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':"
                + "{'Name':'datadog'}}},"
                + "{'name':'app-firelens-x','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':"
                + "{'Name':'es','include-pattern':'keep'}}}]}").replace('\'', '"')).taskDefinition();
        LocalRouting routing = LocalRouting.of(task, 1, "ecs-local", ARN);
        assertThat(routing.route(line("app-firelens-x-firelens-t1", "keep me")))
                .extracting(LocalRouting.Routed::container, LocalRouting.Routed::output)
                .containsExactly(tuple("app", "datadog"), tuple("app-firelens-x", "es"));
        assertThat(routing.route(line("app-firelens-x-firelens-t1", "drop me"))).as("the second container's include").isEmpty();
        assertThat(routing.route(line("app-firelens-t1", "drop me"))).as("only app's route").hasSize(1);
    }

    @Test
    void an_output_a_secret_log_option_names_is_the_secrets_value_once_the_run_resolved_it() {
        TaskDefinition task = Fixtures.check(("{'family':'shop','containerDefinitions':["
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens',"
                + "'options':{'include-pattern':'x'},"
                + "'secretOptions':[{'name':'Name','valueFrom':'arn:aws:ssm:us-east-1:111122223333:parameter/out'}]}}]}")
                .replace('\'', '"')).taskDefinition();
        LocalRouting routing = LocalRouting.of(task, 1, "ecs-local", ARN);
        assertThat(routing.route(line("app-firelens-t1", "x")).get(0).output()).as("not resolved yet").isNull();
        routing.outputsNamedBy(() -> Map.of("Name_1", "cloudwatch_logs"));
        assertThat(routing.route(line("app-firelens-t1", "x")))
                .extracting(LocalRouting.Routed::container, LocalRouting.Routed::output)
                .containsExactly(tuple("app", "cloudwatch_logs"));
        assertThat(routing.forwarded(line("app-firelens-t1", "x")).output()).isEqualTo("cloudwatch_logs");
    }
}

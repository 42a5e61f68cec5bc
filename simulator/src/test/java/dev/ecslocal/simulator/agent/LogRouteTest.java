package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.model.ContainerDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where ECS would send a container's logs, and what the user is told about the local substitute. */
class LogRouteTest {

    private static LogRoute route(String logConfiguration) {
        String json = ("{'family':'t','containerDefinitions':[{'name':'app','image':'a','memory':64"
                + (logConfiguration.isEmpty() ? "" : ",'logConfiguration':" + logConfiguration) + "}]}").replace('\'', '"');
        ContainerDefinition app = Fixtures.check(json).taskDefinition().containerDefinitions().get(0);
        return LogRoute.of(app, "0123abcd");
    }

    @Test
    void awslogs_names_the_group_and_the_stream_ECS_would_write_to() {
        // The stream is <prefix>/<container name>/<task id> (ECS-SEMANTICS §0.2).
        LogRoute route = route("{'logDriver':'awslogs','options':{'awslogs-group':'/ecs/payments','awslogs-stream-prefix':'ecs'}}");
        assertThat(route.destination()).isEqualTo("awslogs group /ecs/payments, stream ecs/app/0123abcd");
        assertThat(route.notice()).isEqualTo("logs to awslogs group /ecs/payments, stream ecs/app/0123abcd on ECS; "
                + "shown here, nothing is sent to CloudWatch");
        assertThat(route.localDriver().type()).isEqualTo("json-file");
    }

    @Test
    void awslogs_without_a_stream_prefix_is_named_after_the_container_id() {
        assertThat(route("{'logDriver':'awslogs','options':{'awslogs-group':'g'}}").destination())
                .isEqualTo("awslogs group g, stream <container id>");
    }

    @Test
    void awsfirelens_with_a_listening_router_gets_the_fluentd_driver_and_without_one_is_shown_directly() {
        ContainerDefinition fluentd = Fixtures.check(("{'family':'t','containerDefinitions':[{'name':'app','image':'a','memory':64,"
                + "'logConfiguration':{'logDriver':'awsfirelens','options':{'@type':'datadog'}}}]}").replace('\'', '"'))
                .taskDefinition().containerDefinitions().get(0);
        LogRoute routed = LogRoute.of(fluentd, "0123abcd", "tcp://127.0.0.1:4000");
        assertThat(routed.destination()).as("a fluentd router's output is named by @type").isEqualTo("FireLens output datadog");
        assertThat(routed.localDriver().type()).isEqualTo("fluentd");
        assertThat(routed.notice()).isNull();
        LogRoute direct = route("{'logDriver':'awsfirelens','options':{'Name':'datadog'}}");
        assertThat(direct.destination()).isEqualTo("FireLens output datadog");
        assertThat(direct.localDriver().type()).isEqualTo("json-file");
        assertThat(direct.notice()).isEqualTo("logs through the FireLens router on ECS (output datadog); no router listens here: "
                + "shown here directly");
    }

    @Test
    void other_remote_drivers_are_replaced_with_a_notice() {
        LogRoute route = route("{'logDriver':'splunk','options':{'splunk-url':'https://x'}}");
        assertThat(route.localDriver().type()).isEqualTo("json-file");
        assertThat(route.notice()).isEqualTo("logs to the splunk driver on ECS; shown here instead (json-file), nothing is sent");
    }

    @Test
    void no_logConfiguration_leaves_the_daemon_default_and_says_nothing() {
        LogRoute route = route("");
        assertThat(route.localDriver()).isNull();
        assertThat(route.notice()).isNull();
    }
}

package dev.ecslocal.simulator.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.aws.AccountAnswering;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.aws.RoleCredentials;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.engine.ManualScheduler;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.RoutedRecord;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.platform.CredentialsSource;
import dev.ecslocal.simulator.platform.SecretMask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --task-role-credentials assume}: the task's own role, assumed with the user's credentials as ECS would give
 * it, on the fake runtime, a manual clock and a fake AWS account. The role is assumed before anything is made, again
 * before its keys expire, and its secret key and token are never shown.
 */
class TaskRoleAssumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::111122223333:role/app";
    private static final String TASK = ("{'family':'shop','networkMode':'host','taskRoleArn':'" + ROLE + "',"
            + "'containerDefinitions':[{'name':'app','image':'app:1','memory':64}]}").replace('\'', '"');
    private static final String ACCESS_DENIED = "AccessDenied: User: arn:aws:iam::111122223333:user/x is not authorized to "
            + "perform: sts:AssumeRole on resource: " + ROLE + " (status code 403)";
    /** The daemon machine's address on the relay's network: a host-mode task's requests come from it. */
    private static final String FROM_THE_TASK = "169.254.170.1";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(scheduler);
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<ContainerLog> lines = Collections.synchronizedList(new ArrayList<>());
    private final Sts sts = new Sts();
    private RunningTask running;

    /** The calls of one account, answered in turn by what the test queued. */
    private final class Sts extends AccountAnswering {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final ArrayDeque<Object> answers = new ArrayDeque<>();
        int connected;
        boolean closed;

        Sts keys(String n, Duration valid) {
            answers.add(n);
            answers.add(valid);
            return this;
        }

        Sts refuses(AwsCallFailure failure) {
            answers.add(failure);
            return this;
        }

        @Override
        public synchronized RoleCredentials assumeRole(String region, String roleArn, String sessionName) throws AwsCallFailure {
            calls.add(region + " " + roleArn + " " + sessionName);
            Object next = answers.poll();
            if (next instanceof AwsCallFailure failure) {
                throw failure;
            }
            String n = (String) next;
            return new RoleCredentials("ASIA" + n, "secret-key-" + n, "session-token-" + n,
                    scheduler.now().plus((Duration) answers.poll()));
        }






        @Override
        public void close() {
            closed = true;
        }
    }

    private static AwsCallFailure accessDenied() {
        return new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "sts:AssumeRole", "AccessDenied", ACCESS_DENIED);
    }

    @AfterEach
    void theRunEnds() {
        if (running != null && !running.outcome().isDone()) {
            running.kill();
            drive(Duration.ofMinutes(1));
        }
    }

    private RunOptions assume() {
        return RunOptions.defaults().withUserEnvironment(Map.of(), Path.of("/nonexistent")).withRegion("eu-west-1")
                .withTaskRoleCredentials("assume").withAwsAccount(() -> {
                    sts.connected++;
                    return sts;
                });
    }

    private RunningTask launch(String json, RunOptions options) throws Exception {
        TaskLaunch launch = TaskLaunch.prepare(EcsLocal.parse(json, "taskdef.json"), options);
        running = launch.start(runtime, new TaskListener() {
            @Override
            public void event(TaskEvent event) {
                events.add(event);
            }

            @Override
            public void log(ContainerLog line) {
                lines.add(line);
            }

            @Override
            public void routed(RoutedRecord record) {
            }
        }, new Clockwork(loop::add, Runnable::run, scheduler, () -> { }));
        drive(Duration.ofSeconds(1));
        return running;
    }

    private void drive(Duration duration) {
        scheduler.run(loop, duration);
    }

    private List<Notice> notices() {
        synchronized (events) {
            return events.stream().filter(e -> e instanceof TaskEvent.Noticed).map(e -> ((TaskEvent.Noticed) e).notice()).toList();
        }
    }

    /** What the credentials endpoint answers the task's container: the status line and the JSON body. */
    private String[] credentials() throws Exception {
        String uri = runtime.specOf("app").process().environment().stream()
                .filter(v -> v.startsWith("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=")).findFirst().orElseThrow();
        String http = runtime.relayGet(running.identity().taskId(), uri.substring(uri.indexOf('=') + 1), FROM_THE_TASK);
        return new String[] {http.substring(0, http.indexOf("\r\n")), http.substring(http.indexOf("\r\n\r\n") + 4)};
    }

    private JsonNode served() throws Exception {
        String[] answer = credentials();
        assertThat(answer[0]).as(answer[1]).isEqualTo("HTTP/1.1 200 OK");
        return JSON.readTree(answer[1]);
    }

    @Test
    void the_endpoint_serves_the_task_role_s_own_keys_assumed_in_the_run_s_region_as_a_session_named_for_the_task()
            throws Exception {
        sts.keys("1", Duration.ofHours(1));
        launch(TASK, assume());
        String taskId = running.identity().taskId();

        assertThat(sts.calls).containsExactly("eu-west-1 " + ROLE + " ecs-local-" + taskId);
        JsonNode keys = served();
        assertThat(keys.path("RoleArn").asText()).isEqualTo(ROLE);
        assertThat(keys.path("AccessKeyId").asText()).isEqualTo("ASIA1");
        assertThat(keys.path("SecretAccessKey").asText()).isEqualTo("secret-key-1");
        assertThat(keys.path("Token").asText()).isEqualTo("session-token-1");
        assertThat(keys.path("Expiration").asText()).as("STS's, not one of ecs-local's").isEqualTo("2026-01-01T01:00:00Z");
        assertThat(sts.calls).as("keys far from their end are served as they are").hasSize(1);
        assertThat(notices()).filteredOn(n -> n instanceof Notice.EndpointsServed).singleElement()
                .satisfies(n -> assertThat(n.text()).contains("task role " + ROLE + " credentials: the role's own, assumed "
                        + "with your AWS credentials as session ecs-local-" + taskId));
    }

    @Test
    void the_role_is_assumed_again_at_a_request_once_fewer_than_15_minutes_remain() throws Exception {
        sts.keys("1", Duration.ofHours(1)).keys("2", Duration.ofHours(1));
        launch(TASK, assume());
        drive(Duration.ofMinutes(44));
        assertThat(served().path("AccessKeyId").asText()).as("16 minutes left").isEqualTo("ASIA1");
        assertThat(sts.calls).hasSize(1);

        drive(Duration.ofMinutes(1));
        JsonNode renewed = served();
        assertThat(sts.calls).as("15 minutes left: assumed again").hasSize(2);
        assertThat(renewed.path("AccessKeyId").asText()).isEqualTo("ASIA2");
        assertThat(renewed.path("Expiration").asText()).isEqualTo("2026-01-01T01:45:01Z");
        assertThat(sts.calls).allMatch(call -> call.equals("eu-west-1 " + ROLE + " ecs-local-" + running.identity().taskId()));
    }

    @Test
    void a_failed_renewal_is_said_once_and_the_old_keys_are_served_until_they_expire_then_the_reason() throws Exception {
        sts.keys("1", Duration.ofHours(1)).refuses(accessDenied()).refuses(accessDenied()).refuses(accessDenied());
        launch(TASK, assume());
        drive(Duration.ofMinutes(50));
        assertThat(served().path("AccessKeyId").asText()).as("still valid for 10 minutes").isEqualTo("ASIA1");
        drive(Duration.ofMinutes(5));
        assertThat(served().path("AccessKeyId").asText()).isEqualTo("ASIA1");
        assertThat(notices()).filteredOn(n -> n.text().startsWith("WARNING")).singleElement()
                .satisfies(n -> assertThat(n.text()).contains("the task role " + ROLE + " could not be assumed again ("
                        + ACCESS_DENIED + ")").contains("served until they expire at 2026-01-01T01:00:00Z").contains("trust policy"));

        drive(Duration.ofMinutes(5));
        String[] expired = credentials();
        assertThat(expired[0]).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(JSON.readTree(expired[1]).path("message").asText()).isEqualTo("--task-role-credentials assume: the keys of "
                + ROLE + " expired at 2026-01-01T01:00:00Z and the role could not be assumed again: " + ACCESS_DENIED);
        assertThat(expired[1]).doesNotContain("ASIA1").doesNotContain("secret-key-1");
        assertThat(sts.calls).as("each request past the renewal point tries again").hasSize(4);
        assertThat(notices()).filteredOn(n -> n.text().startsWith("WARNING")).as("said once").hasSize(1);
    }

    @Test
    void a_role_the_user_cannot_assume_refuses_the_run_in_AWS_s_words_with_the_fix_before_docker_is_asked_anything() {
        sts.refuses(accessDenied());
        assertThatThrownBy(() -> launch(TASK, assume()))
                .isInstanceOfSatisfying(RunRefusedException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(RunRefusedException.Kind.CANNOT_START);
                    assertThat(refused.getMessage()).isEqualTo("--task-role-credentials assume: cannot assume the task role "
                            + ROLE + " (sts:AssumeRole in eu-west-1): " + ACCESS_DENIED + "\n"
                            + "The role's trust policy must allow your AWS identity (`aws sts get-caller-identity` shows it) "
                            + "to call sts:AssumeRole, and your identity's IAM policies must allow the action sts:AssumeRole "
                            + "on the role.");
                });
        assertThat(runtime.calls()).as("nothing created, nothing asked of the daemon").isEmpty();
        assertThat(events).as("the run did not begin").isEmpty();
        assertThat(sts.closed).as("the account is let go").isTrue();
    }

    @Test
    void a_task_without_a_taskRoleArn_is_refused_before_anything_and_AWS_is_not_called() {
        String noRole = TASK.replace("\"taskRoleArn\":\"" + ROLE + "\",", "");
        assertThatThrownBy(() -> TaskLaunch.prepare(EcsLocal.parse(noRole, "taskdef.json"), assume()))
                .isInstanceOfSatisfying(RunRefusedException.class, refused -> assertThat(refused.kind())
                        .isEqualTo(RunRefusedException.Kind.USAGE))
                .hasMessage("--task-role-credentials assume: the task definition has no taskRoleArn, so there is no role to "
                        + "assume: add the role's ARN as taskRoleArn, or run without the option");
        assertThat(sts.connected).isZero();
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void keys_passed_on_from_the_environment_never_connect_to_AWS() throws Exception {
        launch(TASK, assume().withUserEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY",
                "secret-from-env"), Path.of("/nonexistent")).withTaskRoleCredentials("env"));
        assertThat(served().path("AccessKeyId").asText()).isEqualTo("AKIAEXAMPLE");
        assertThat(sts.connected).isZero();
    }

    @Test
    void the_assumed_secret_key_and_token_are_masked_in_what_the_container_prints_and_in_every_event() throws Exception {
        sts.keys("1", Duration.ofHours(1));
        runtime.script("app").logs("got ASIA1 secret-key-1 and session-token-1");
        launch(TASK, assume());
        served();
        running.stop();
        drive(Duration.ofMinutes(1));

        assertThat(lines).extracting(ContainerLog::text).contains("got ASIA1 **** and ****");
        String everything = events + " " + lines + " " + running.outcome().join();
        assertThat(everything).contains("got ASIA1")
                .doesNotContain("secret-key-1", "session-token-1");
    }

    @Test
    void renewed_keys_are_masked_before_they_are_served() throws Exception {
        sts.keys("1", Duration.ofHours(1)).keys("2", Duration.ofHours(1));
        SecretMask mask = new SecretMask(List.of());
        TaskRoleSession session = TaskRoleSession.open(new CredentialsSource.Assumed(ROLE, "ecs-local-t1", () -> null),
                new AwsAccess(() -> sts), "eu-west-1", mask, scheduler::now, notice -> { }, Runnable::run);
        assertThat(mask.current().apply("secret-key-1 session-token-1")).isEqualTo("**** ****");
        assertThat(mask.current().apply("secret-key-2")).as("not known yet").isEqualTo("secret-key-2");

        drive(Duration.ofMinutes(50));
        assertThat(session.keys().keys().secretAccessKey()).isEqualTo("secret-key-2");
        assertThat(mask.current().apply("secret-key-2 session-token-2")).isEqualTo("**** ****");
    }

    @Test
    void while_a_renewal_runs_aside_the_keys_in_hand_are_served_at_once_and_the_last_minute_waits_for_it() throws Exception {
        sts.keys("1", Duration.ofHours(1)).keys("2", Duration.ofHours(1));
        List<Runnable> aside = new ArrayList<>();
        TaskRoleSession session = TaskRoleSession.open(new CredentialsSource.Assumed(ROLE, "ecs-local-t1", () -> null),
                new AwsAccess(() -> sts), "eu-west-1", new SecretMask(List.of()), scheduler::now, notice -> { }, aside::add);

        drive(Duration.ofMinutes(50));
        assertThat(session.keys().keys().accessKeyId()).as("renewal due, STS not answered yet").isEqualTo("ASIA1");
        assertThat(session.keys().keys().accessKeyId()).isEqualTo("ASIA1");
        assertThat(aside).as("one renewal at a time").hasSize(1);
        aside.get(0).run();
        assertThat(session.keys().keys().accessKeyId()).isEqualTo("ASIA2");

        sts.keys("3", Duration.ofHours(1));
        drive(Duration.ofSeconds(59 * 60 + 30)); // ASIA2 came at 50 min, for an hour
        assertThat(session.keys().keys().accessKeyId()).as("30 s left: renewed before answering").isEqualTo("ASIA3");
        assertThat(aside).hasSize(1);
    }

    @Test
    void a_role_in_another_partition_is_assumed_in_that_partition_s_sts() {
        assertThat(TaskRoleSession.stsRegion("arn:aws-cn:iam::1:role/app", "us-east-1")).isEqualTo("cn-north-1");
        assertThat(TaskRoleSession.stsRegion("arn:aws-cn:iam::1:role/app", "cn-northwest-1")).isEqualTo("cn-northwest-1");
        assertThat(TaskRoleSession.stsRegion("arn:aws-us-gov:iam::1:role/app", "eu-west-1")).isEqualTo("us-gov-west-1");
        assertThat(TaskRoleSession.stsRegion(ROLE, "eu-west-1")).isEqualTo("eu-west-1");
    }
}

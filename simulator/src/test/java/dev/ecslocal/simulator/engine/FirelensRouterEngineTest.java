package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.agent.RouterFiles;
import dev.ecslocal.simulator.agent.FirelensSetup;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with a FireLens router container (ECS-SEMANTICS §7.2, §7.3, §1.5): the router's files exist before
 * any container and go with the task; the router starts first and stops last; a failure to make its files fails
 * the task before any container exists.
 */
class FirelensRouterEngineTest {
    private static final String S3_ARN = "arn:aws:s3:::bucket/extra.conf";

    @TempDir
    Path temp;

    private static String task(String networkMode, String routerOptions) {
        return "{'family':'shop','networkMode':'" + networkMode + "','containerDefinitions':["
                + "{'name':'router','image':'fluent-bit','memory':64,'essential':true,'firelensConfiguration':{'type':'fluentbit'"
                + routerOptions + "}},"
                + "{'name':'app','image':'app','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'stdout'}}}]}";
    }

    private EngineHarness withRouter(String networkMode, String routerOptions, String s3Arn, Path s3Copy) {
        return new EngineHarness(task(networkMode, routerOptions), task -> new FirelensSetup.Router(new RouterFiles(
                temp.resolve("files"), FirelensConfig.of(task, 1, "ecs-local", new RunIdentity(task.family(), 1, "t1").taskArn()).orElseThrow(),
                s3Arn, s3Copy), "ecs-local-fl-t1", "/var/lib/docker/volumes/ecs-local-fl-t1/_data"));
    }

    @Test
    void the_router_files_exist_while_the_task_runs_and_go_with_it() throws Exception {
        EngineHarness run = withRouter("bridge", "", null, null);
        run.runtime.script("app").exits(0, Duration.ofSeconds(3));
        run.start();

        assertThat(temp.resolve("files/config/fluent.conf")).exists();
        assertThat(run.startsAndStops()).containsExactly("start router", "start app");
        // The router's bridge address, read when it started, is the app's FLUENT_HOST (§7.3).
        String routerAddress = run.runtime.inspect("id-router").ipAddress();
        assertThat(routerAddress).isNotNull();
        assertThat(run.runtime.specOf("app").process().environment())
                .contains("FLUENT_HOST=" + routerAddress, "FLUENT_PORT=24224");
        assertThat(run.runtime.specOf("app").log().options())
                .containsEntry("fluentd-address", "unix:///var/lib/docker/volumes/ecs-local-fl-t1/_data/fluent.sock");
        assertThat(run.runtime.specOf("router").files()).as("the configuration goes in through the API")
                .containsOnlyKeys("/fluent-bit/etc/fluent-bit.conf");

        run.advanceSeconds(3);
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(run.startsAndStops()).containsExactly("start router", "start app", "stop router 30s");
        assertThat(temp.resolve("files")).doesNotExist();
    }

    @Test
    void an_s3_configuration_nobody_gave_a_copy_of_fails_the_task_before_any_container() {
        EngineHarness run = withRouter("awsvpc", ",'options':{'config-file-type':'s3','config-file-value':'" + S3_ARN + "'}",
                S3_ARN, null);
        run.start();

        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(outcome.stoppedReason()).isEqualTo("ResourceInitializationError: unable to download firelens s3 config file: "
                + "ecs-local was given no local copy of " + S3_ARN + " (--firelens-s3-file " + S3_ARN + "=PATH) and not asked to fetch it (--firelens-s3 aws)");
        assertThat(run.runtime.calls()).isEmpty();
        assertThat(temp.resolve("files")).as("what was made before the failure is removed").doesNotExist();
    }

    @Test
    void with_an_s3_copy_the_router_gets_it_where_ECS_mounts_it() throws Exception {
        Path copy = Files.writeString(temp.resolve("extra.conf"), "# custom\n");
        EngineHarness run = withRouter("awsvpc", ",'options':{'config-file-type':'s3','config-file-value':'" + S3_ARN + "'}",
                S3_ARN, copy);
        run.start();
        assertThat(run.runtime.specOf("router").mounts()).extracting(m -> m.source() + " -> " + m.target())
                .containsExactly("ecs-local-fl-t1 -> /var/run/");
        assertThat(run.runtime.specOf("router").files()).containsOnlyKeys("/fluent-bit/etc/fluent-bit.conf",
                "/fluent-bit/etc/external.conf");
        assertThat(new String(run.runtime.specOf("router").files().get("/fluent-bit/etc/external.conf"))).isEqualTo("# custom\n");
        assertThat(Files.readString(temp.resolve("files/config/fluent.conf"))).contains("@INCLUDE /fluent-bit/etc/external.conf");
        run.stop();
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.UserInitiated);
        assertThat(temp.resolve("files")).doesNotExist();
    }
}

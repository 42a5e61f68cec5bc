package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.model.TaskDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The router's files on the host, as the agent's FirelensResource makes them (ECS-SEMANTICS §7.2). */
class RouterFilesTest {
    private static final String S3_ARN = "arn:aws:s3:::my-bucket/fluent-bit/extra.conf";

    @TempDir
    Path temp;

    private static FirelensConfig config(String routerOptions) {
        TaskDefinition task = Fixtures.check(("{'family':'t','networkMode':'awsvpc','containerDefinitions':["
                + "{'name':'router','image':'fb','memory':64,'firelensConfiguration':{'type':'fluentbit'" + routerOptions + "}},"
                + "{'name':'app','image':'a','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'stdout'}}}]}")
                .replace('\'', '"')).taskDefinition();
        return FirelensConfig.of(task, 1, "ecs-local", new RunIdentity(task.family(), 1, "t1").taskArn()).orElseThrow();
    }

    @Test
    void the_configuration_is_written_given_to_the_router_and_all_of_it_is_removed() throws Exception {
        FirelensConfig config = config("");
        RouterFiles files = new RouterFiles(temp.resolve("task"), config, null, null);
        files.create();

        assertThat(Files.readString(temp.resolve("task/config/fluent.conf"))).isEqualTo(config.text());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("task/config/fluent.conf"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("task")))).isEqualTo("rwx------");
        assertThat(files.containerFiles()).containsOnlyKeys("/fluent-bit/etc/fluent-bit.conf");
        assertThat(new String(files.containerFiles().get("/fluent-bit/etc/fluent-bit.conf"))).isEqualTo(config.text());

        List<String> said = new ArrayList<>();
        files.remove(said::add);
        assertThat(temp.resolve("task")).doesNotExist();
        assertThat(said).isEmpty();
    }

    @Test
    void an_s3_configuration_without_a_local_copy_fails_as_the_agent_download_does() {
        RouterFiles files = new RouterFiles(temp.resolve("task"), config(",'options':{'config-file-type':'s3','config-file-value':'"
                + S3_ARN + "'}"), S3_ARN, null);
        assertThatThrownBy(files::create).isInstanceOfSatisfying(RuntimeFailure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(RuntimeFailure.Kind.RESOURCE_INITIALIZATION);
            assertThat(failure.reason()).isEqualTo("ResourceInitializationError: unable to download firelens s3 config file: "
                    + "ecs-local was given no local copy of " + S3_ARN + " (--firelens-s3-file " + S3_ARN + "=PATH) and not asked to fetch it (--firelens-s3 aws)");
        });
    }

    @Test
    void an_s3_configuration_is_fetched_from_the_account_when_asked_and_a_local_copy_wins() throws Exception {
        List<String> asked = new ArrayList<>();
        var account = new dev.ecslocal.simulator.aws.AccountObjects(() -> new dev.ecslocal.simulator.aws.AccountAnswering() {
            @Override
            public byte[] object(String region, String bucket, String key) {
                asked.add(region + " " + bucket + " " + key);
                return "[FILTER]\n    Name grep\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }, "eu-west-1");
        String options = ",'options':{'config-file-type':'s3','config-file-value':'" + S3_ARN + "'}";
        new RouterFiles(temp.resolve("fetched"), config(options), S3_ARN, null, account).create();
        assertThat(temp.resolve("fetched/config/external.conf")).hasContent("[FILTER]\n    Name grep\n");
        assertThat(asked).containsExactly("eu-west-1 my-bucket fluent-bit/extra.conf");

        Path copy = Files.writeString(temp.resolve("extra.conf"), "[FILTER]\n    Name modify\n");
        new RouterFiles(temp.resolve("copied"), config(options), S3_ARN, copy, account).create();
        assertThat(temp.resolve("copied/config/external.conf")).hasContent("[FILTER]\n    Name modify\n");
        assertThat(asked).as("the local copy wins").hasSize(1);
    }

    @Test
    void an_s3_configuration_the_account_refuses_fails_as_the_agent_download_does_with_the_iam_action() {
        var account = new dev.ecslocal.simulator.aws.AccountObjects(() -> new dev.ecslocal.simulator.aws.AccountAnswering() {
            @Override
            public byte[] object(String region, String bucket, String key) throws dev.ecslocal.simulator.aws.AwsCallFailure {
                throw new dev.ecslocal.simulator.aws.AwsCallFailure(dev.ecslocal.simulator.aws.AwsCallFailure.Kind.REFUSED,
                        "s3:GetObject", "AccessDenied", "AccessDenied: Access Denied (status code 403)");
            }
        }, "eu-west-1");
        RouterFiles files = new RouterFiles(temp.resolve("task"), config(",'options':{'config-file-type':'s3','config-file-value':'"
                + S3_ARN + "'}"), S3_ARN, null, account);
        assertThatThrownBy(files::create).isInstanceOfSatisfying(RuntimeFailure.class, failure -> assertThat(failure.reason())
                .isEqualTo("ResourceInitializationError: unable to download firelens s3 config file: unable to download s3 config "
                        + "fluent-bit/extra.conf from bucket my-bucket: AccessDenied: Access Denied (status code 403) (ecs-local: "
                        + "your AWS identity (on ECS: the task's execution role) needs s3:GetObject on " + S3_ARN + "; or give a local copy with --firelens-s3-file " + S3_ARN + "=PATH)"));
    }

    @Test
    void an_s3_configuration_is_read_from_its_local_copy_and_mounted_where_ECS_puts_it() throws Exception {
        Path copy = Files.writeString(temp.resolve("extra.conf"), "[FILTER]\n    Name modify\n");
        RouterFiles files = new RouterFiles(temp.resolve("task"), config(",'options':{'config-file-type':'s3','config-file-value':'"
                + S3_ARN + "'}"), S3_ARN, copy);
        files.create();
        assertThat(temp.resolve("task/config/external.conf")).hasContent("[FILTER]\n    Name modify\n");
        assertThat(new String(files.containerFiles().get("/fluent-bit/etc/external.conf"))).isEqualTo("[FILTER]\n    Name modify\n");
    }

    @Test
    void an_unreadable_copy_and_a_malformed_ARN_are_named() throws Exception {
        String options = ",'options':{'config-file-type':'s3','config-file-value':'" + S3_ARN + "'}";
        assertThatThrownBy(() -> new RouterFiles(temp.resolve("a"), config(options), S3_ARN, temp.resolve("missing.conf")).create())
                .hasMessage("unable to download firelens s3 config file: unable to download s3 config fluent-bit/extra.conf "
                        + "from bucket my-bucket: its local copy " + temp.resolve("missing.conf") + " cannot be read (no such file)");
        assertThatThrownBy(() -> new RouterFiles(temp.resolve("b"), config(options), "arn:aws:s3:::no-key", null).create())
                .hasMessage("unable to download firelens s3 config file: unable to parse bucket and key from s3 arn: arn:aws:s3:::no-key");
    }
}

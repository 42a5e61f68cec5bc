package dev.ecslocal.simulator.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A registry's refusal, told with the registry, what was sent and the login that fixes it. */
class PullRefusalTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Head \"http://127.0.0.1:5000/v2/app/manifests/1\": no basic auth credentials",
            "Head \"http://127.0.0.1:5000/v2/app/manifests/1\": unauthorized: authentication required",
            "pull access denied for private/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
            "Head \"https://r.example/v2/app/manifests/1\": 403 Forbidden",
            "unexpected status code 401 Unauthorized",
    })
    void the_daemons_words_for_a_refusal_are_recognised(String said) {
        assertThat(PullRefusal.refusedCredentials(said)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "manifest for 127.0.0.1:5000/app:2 not found: manifest unknown: manifest unknown",
            "Get \"https://registry.example/v2/\": dial tcp: lookup registry.example: no such host",
            "Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused",
    })
    void other_pull_failures_are_not_refusals(String said) {
        assertThat(PullRefusal.refusedCredentials(said)).isFalse();
    }

    @Test
    void without_credentials_the_message_says_none_were_sent_and_where_they_were_looked_for() {
        assertThat(PullRefusal.message("127.0.0.1:5000/app:1", Registry.of("127.0.0.1:5000/app:1"),
                "no credentials (/home/a/.docker/config.json does not exist)", "no basic auth credentials"))
                .isEqualTo("registry 127.0.0.1:5000 refused the pull of 127.0.0.1:5000/app:1 (no basic auth credentials); "
                        + "ecs-local sent no credentials (/home/a/.docker/config.json does not exist). "
                        + "Log in with `docker login 127.0.0.1:5000` and run again.");
    }

    @Test
    void refused_credentials_name_their_source() {
        assertThat(PullRefusal.message("127.0.0.1:5000/app:1", Registry.of("127.0.0.1:5000/app:1"),
                "credential helper docker-credential-pass (credsStore in /c/config.json)", "unauthorized: authentication required"))
                .isEqualTo("registry 127.0.0.1:5000 refused the pull of 127.0.0.1:5000/app:1 (unauthorized: authentication "
                        + "required); ecs-local sent the credentials from credential helper docker-credential-pass (credsStore "
                        + "in /c/config.json), which the registry did not accept. Log in with `docker login 127.0.0.1:5000` and "
                        + "run again.");
    }

    @Test
    void an_ecr_refusal_gives_the_aws_login_and_the_flag_that_gets_a_token() {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1";
        assertThat(PullRefusal.message(image, Registry.of(image), "the auths entry \"123456789012.dkr.ecr.us-east-1.amazonaws.com\""
                + " in /c/config.json", "denied: Your authorization token has expired."))
                .endsWith("which the registry did not accept. Log in to ECR with `aws ecr get-login-password --region us-east-1 "
                        + "| docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com` and run again, "
                        + "or run with --pull-credentials aws and ecs-local gets a token with your AWS credentials "
                        + "(ecr:GetAuthorizationToken), as ECS does with the execution role.");
        assertThat(PullRefusal.message(image, Registry.of(image), "no credentials (x)", "no basic auth credentials", true))
                .as("already asked for tokens: the login alone").endsWith("and run again.");
    }

    @Test
    void a_refused_ecr_token_names_the_repository_permissions() {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1";
        assertThat(PullRefusal.message(image, Registry.of(image), PullAuth.ECR_TOKEN + " from ecr:GetAuthorizationToken (your AWS "
                + "credentials, us-east-1)", "denied: User is not authorized", true))
                .endsWith("which ECR did not accept: your AWS identity needs ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on "
                        + "the repository (on ECS: the task's execution role), and the repository's policy must not deny it.");
    }

    @Test
    void a_docker_hub_refusal_also_says_the_repository_may_not_exist() {
        assertThat(PullRefusal.message("acme/privat:1", Registry.of("acme/privat:1"), "no credentials (x)",
                "pull access denied for acme/privat"))
                .startsWith("registry Docker Hub (docker.io) refused the pull of acme/privat:1")
                .endsWith("Log in with `docker login` and run again (Docker Hub also says this of a repository that does not "
                        + "exist: check the name).");
    }
}

package dev.ecslocal.simulator.docker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry of an image, as Docker reads it from the name; and the command that logs in to it. */
class RegistryTest {

    @ParameterizedTest(name = "{0} is pulled from {1}")
    @CsvSource({
            "nginx, docker.io",
            "nginx:1.27, docker.io",
            "library/nginx:1.27, docker.io",
            "bitnami/redis, docker.io",
            "docker.io/library/nginx, docker.io",
            "index.docker.io/library/nginx, docker.io",
            "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, docker.io",
            "localhost/app, localhost",
            "localhost:5000/x, localhost:5000",
            "localhost:5000/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, localhost:5000",
            "127.0.0.1:5000/team/app:1, 127.0.0.1:5000",
            "ghcr.io/owner/app:main, ghcr.io",
            "public.ecr.aws/nginx/nginx:1.27, public.ecr.aws",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1, 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "Registry/app, Registry",
            "registry/app, docker.io",
    })
    void the_registry_is_the_first_component_when_docker_says_it_is_a_host(String image, String host) {
        assertThat(Registry.of(image).host()).isEqualTo(host);
    }

    @Test
    void docker_hub_is_looked_up_under_its_legacy_key_and_other_registries_under_their_host() {
        assertThat(Registry.of("nginx").configKey()).isEqualTo("https://index.docker.io/v1/");
        assertThat(Registry.of("docker.io/library/nginx").configKey()).isEqualTo("https://index.docker.io/v1/");
        assertThat(Registry.of("localhost:5000/x:1").configKey()).isEqualTo("localhost:5000");
    }

    @Test
    void ecr_registries_are_logged_in_to_through_aws_and_the_others_through_docker_login() {
        assertThat(Registry.of("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1").loginCommand())
                .isEqualTo("aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin "
                        + "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
        assertThat(Registry.of("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app").ecrRegion()).isEqualTo("us-gov-west-1");
        assertThat(Registry.of("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app").ecrRegion()).isEqualTo("cn-north-1");
        assertThat(Registry.of("public.ecr.aws/nginx/nginx").ecrRegion()).as("ECR Public is not a private ECR registry").isNull();
        assertThat(Registry.of("127.0.0.1:5000/x").loginCommand()).isEqualTo("docker login 127.0.0.1:5000");
        assertThat(Registry.of("nginx").loginCommand()).isEqualTo("docker login");
    }
}

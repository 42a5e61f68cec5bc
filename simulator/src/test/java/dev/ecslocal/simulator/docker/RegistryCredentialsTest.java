package dev.ecslocal.simulator.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** config.json and credential helpers read as the Docker CLI reads them, with helpers that are shell scripts. */
class RegistryCredentialsTest {
    private static final Registry LOCAL = Registry.of("127.0.0.1:5000/team/app:1");
    private static final Registry HUB = Registry.of("nginx:1.27");

    @TempDir
    Path config;
    @TempDir
    Path bin;

    @Test
    void without_a_config_file_nothing_is_sent_and_the_file_is_named() throws Exception {
        RegistryCredentials.Lookup lookup = credentials().lookup(LOCAL);
        assertThat(lookup.auth()).isNull();
        assertThat(lookup.tried()).isEqualTo("no credentials (" + config.resolve("config.json") + " does not exist)");
    }

    @Test
    void an_auths_entry_is_decoded_from_base64_user_and_password() throws Exception {
        config("{\"auths\": {\"127.0.0.1:5000\": {\"auth\": \"" + base64("alice:s3cr:et") + "\"}}}");
        RegistryCredentials.Lookup lookup = credentials().lookup(LOCAL);
        assertThat(lookup.auth().getUsername()).isEqualTo("alice");
        assertThat(lookup.auth().getPassword()).as("split at the first colon, as Docker does").isEqualTo("s3cr:et");
        assertThat(lookup.tried()).isEqualTo("the auths entry \"127.0.0.1:5000\" in " + config.resolve("config.json"));
        assertThat(lookup.toString()).doesNotContain("s3cr");
    }

    @Test
    void an_auths_key_with_a_scheme_and_path_matches_its_host() throws Exception {
        config("{\"auths\": {\"http://127.0.0.1:5000/v2/\": {\"auth\": \"" + base64("alice:pw") + "\"}}}");
        assertThat(credentials().lookup(LOCAL).auth().getUsername()).isEqualTo("alice");
    }

    @Test
    void docker_hub_images_use_the_legacy_index_key_whether_or_not_they_name_docker_io() throws Exception {
        config("{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" + base64("hubuser:pw") + "\"}}}");
        assertThat(credentials().lookup(HUB).auth().getUsername()).isEqualTo("hubuser");
        assertThat(credentials().lookup(Registry.of("docker.io/library/nginx")).auth().getUsername()).isEqualTo("hubuser");
        assertThat(credentials().lookup(LOCAL).auth()).isNull();
    }

    @Test
    void an_identity_token_in_auths_is_sent_as_one() throws Exception {
        config("{\"auths\": {\"127.0.0.1:5000\": {\"identitytoken\": \"tok-123\"}}}");
        assertThat(credentials().lookup(LOCAL).auth().getIdentitytoken()).isEqualTo("tok-123");
    }

    @Test
    void an_empty_auths_entry_is_no_credentials() throws Exception {
        config("{\"auths\": {\"127.0.0.1:5000\": {}}}");
        RegistryCredentials.Lookup lookup = credentials().lookup(LOCAL);
        assertThat(lookup.auth()).isNull();
        assertThat(lookup.tried()).startsWith("no credentials (the auths entry \"127.0.0.1:5000\"").endsWith(" is empty)");
    }

    @Test
    void a_registry_without_an_entry_gets_nothing_and_is_named() throws Exception {
        config("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + base64("a:b") + "\"}}}");
        RegistryCredentials.Lookup lookup = credentials().lookup(LOCAL);
        assertThat(lookup.auth()).isNull();
        assertThat(lookup.tried()).contains("has none for 127.0.0.1:5000");
    }

    @Test
    void a_helper_gets_the_server_address_on_stdin_and_its_answer_is_sent() throws Exception {
        Path stdin = bin.resolve("stdin");
        helper("ecslocaltest", "cat > " + stdin + "\n"
                + "echo '{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"bob\",\"Secret\":\"pw-from-helper\"}'");
        config("{\"credHelpers\": {\"127.0.0.1:5000\": \"ecslocaltest\"}}");
        RegistryCredentials.Lookup lookup = credentials().lookup(LOCAL);
        assertThat(Files.readString(stdin)).isEqualTo("127.0.0.1:5000");
        assertThat(lookup.auth().getUsername()).isEqualTo("bob");
        assertThat(lookup.auth().getPassword()).isEqualTo("pw-from-helper");
        assertThat(lookup.tried()).isEqualTo("credential helper docker-credential-ecslocaltest (credHelpers[\"127.0.0.1:5000\"] in "
                + config.resolve("config.json") + ")");
    }

    @Test
    void docker_hubs_helper_is_asked_for_the_legacy_index_address() throws Exception {
        Path stdin = bin.resolve("stdin");
        helper("hub", "cat > " + stdin + "\necho '{\"Username\":\"u\",\"Secret\":\"p\"}'");
        config("{\"credHelpers\": {\"https://index.docker.io/v1/\": \"hub\"}}");
        assertThat(credentials().lookup(HUB).auth().getUsername()).isEqualTo("u");
        assertThat(Files.readString(stdin)).isEqualTo("https://index.docker.io/v1/");
    }

    @Test
    void the_token_username_makes_the_helpers_secret_an_identity_token() throws Exception {
        helper("store", "cat >/dev/null\necho '{\"Username\":\"<token>\",\"Secret\":\"refresh-token\"}'");
        config("{\"credsStore\": \"store\"}");
        RegistryCredentials.Lookup lookup = credentials().lookup(LOCAL);
        assertThat(lookup.auth().getIdentitytoken()).isEqualTo("refresh-token");
        assertThat(lookup.auth().getUsername()).isNull();
        assertThat(lookup.auth().getPassword()).isNull();
    }

    @Test
    void cred_helpers_come_before_the_creds_store_which_comes_before_auths() throws Exception {
        helper("specific", "cat >/dev/null\necho '{\"Username\":\"from-cred-helpers\",\"Secret\":\"1\"}'");
        helper("store", "cat >/dev/null\necho '{\"Username\":\"from-creds-store\",\"Secret\":\"2\"}'");
        String auths = "\"auths\": {\"127.0.0.1:5000\": {\"auth\": \"" + base64("from-auths:3") + "\"}, "
                + "\"ghcr.io\": {\"auth\": \"" + base64("from-auths:3") + "\"}}";
        config("{" + auths + ", \"credsStore\": \"store\", \"credHelpers\": {\"127.0.0.1:5000\": \"specific\"}}");
        assertThat(credentials().lookup(LOCAL).auth().getUsername()).isEqualTo("from-cred-helpers");
        assertThat(credentials().lookup(Registry.of("ghcr.io/o/a")).auth().getUsername())
                .as("with a credsStore, Docker does not read auths").isEqualTo("from-creds-store");
        config("{" + auths + ", \"credHelpers\": {\"127.0.0.1:5000\": \"specific\"}}");
        assertThat(credentials().lookup(Registry.of("ghcr.io/o/a")).auth().getUsername()).isEqualTo("from-auths");
    }

    @Test
    void a_helper_without_credentials_for_the_registry_is_no_credentials_not_a_failure() throws Exception {
        helper("store", "cat >/dev/null\necho 'credentials not found in native keychain'\nexit 1");
        config("{\"credsStore\": \"store\"}");
        RegistryCredentials.Lookup lookup = credentials().lookup(LOCAL);
        assertThat(lookup.auth()).isNull();
        assertThat(lookup.tried()).isEqualTo("no credentials (credential helper docker-credential-store (credsStore in "
                + config.resolve("config.json") + ") has none for 127.0.0.1:5000)");
    }

    @Test
    void a_helper_missing_from_the_path_names_the_registry_the_helper_the_path_and_the_fix() throws Exception {
        config("{\"credHelpers\": {\"127.0.0.1:5000\": \"nowhere\"}}");
        assertThatThrownBy(() -> credentials().lookup(LOCAL))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessage("cannot get credentials for registry 127.0.0.1:5000 from credential helper docker-credential-nowhere "
                        + "(credHelpers[\"127.0.0.1:5000\"] in " + config.resolve("config.json") + "): docker-credential-nowhere "
                        + "is not on the PATH (searched " + bin + "). Install the helper or fix it, or remove it from the config "
                        + "and run `docker login 127.0.0.1:5000`.")
                .extracting(e -> ((RuntimeFailure) e).kind()).isEqualTo(RuntimeFailure.Kind.CANNOT_PULL);
    }

    @Test
    void a_failing_helper_is_a_failure_with_its_own_words() throws Exception {
        helper("broken", "cat >/dev/null\necho 'error getting credentials: keychain locked'\nexit 3");
        config("{\"credsStore\": \"broken\"}");
        assertThatThrownBy(() -> credentials().lookup(LOCAL)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("registry 127.0.0.1:5000")
                .hasMessageContaining("docker-credential-broken get failed (exit 3): error getting credentials: keychain locked");
    }

    @Test
    void a_helper_answering_something_else_than_json_is_not_quoted_since_it_may_be_the_secret() throws Exception {
        helper("raw", "cat >/dev/null\necho 'plain-secret-value'");
        config("{\"credsStore\": \"raw\"}");
        assertThatThrownBy(() -> credentials().lookup(LOCAL)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("docker-credential-raw get answered something other than")
                .hasMessageNotContaining("plain-secret-value");
    }

    @Test
    void a_hung_helper_is_stopped_after_the_timeout() throws Exception {
        helper("hung", "exec sleep 30");
        config("{\"credsStore\": \"hung\"}");
        RegistryCredentials credentials = new RegistryCredentials(config, bin.toString(), Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThatThrownBy(() -> credentials.lookup(LOCAL)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("docker-credential-hung did not answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_config_that_is_not_json_names_the_file_and_the_fix() throws Exception {
        config("{\"auths\": {");
        assertThatThrownBy(() -> credentials().lookup(LOCAL)).isInstanceOf(RuntimeFailure.class)
                .hasMessageStartingWith("cannot read the credentials for registry 127.0.0.1:5000: "
                        + config.resolve("config.json") + " is not valid JSON (")
                .hasMessageEndingWith("Fix the file, or move it away and run `docker login 127.0.0.1:5000`.");
    }

    @Test
    void an_auth_that_is_not_user_and_password_is_refused_without_showing_it() throws Exception {
        config("{\"auths\": {\"127.0.0.1:5000\": {\"auth\": \"" + base64("no-colon-secret") + "\"}}}");
        assertThatThrownBy(() -> credentials().lookup(LOCAL)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("has an auths entry whose \"auth\" is not base64 of user:password")
                .hasMessageNotContaining("no-colon-secret").hasMessageNotContaining(base64("no-colon-secret"));
    }

    private RegistryCredentials credentials() {
        return new RegistryCredentials(config, bin.toString(), Duration.ofSeconds(10));
    }

    private void config(String json) throws IOException {
        Files.writeString(config.resolve("config.json"), json);
    }

    private void helper(String name, String body) throws IOException {
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

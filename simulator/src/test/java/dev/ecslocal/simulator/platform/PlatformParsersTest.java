package dev.ecslocal.simulator.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ECS-SEMANTICS §9.1 (valueFrom) and §9.2 (environment files), one rule per test. */
class PlatformParsersTest {
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:appauth-AbCdEf";

    // ---- §9.1 valueFrom ---------------------------------------------------------------------------------------

    @Test
    void a_whole_secrets_manager_ARN_takes_the_whole_SecretString() {
        assertThat(SecretReference.parse(SECRET)).isEqualTo(new SecretReference.SecretsManager(SECRET, null, null, null));
    }

    @Test
    void five_resource_fields_select_a_json_key_and_a_version_and_empty_fields_are_not_set() {
        assertThat(SecretReference.parse(SECRET + ":username::")).isEqualTo(
                new SecretReference.SecretsManager(SECRET, "username", null, null));
        assertThat(SecretReference.parse(SECRET + "::AWSPREVIOUS:")).isEqualTo(
                new SecretReference.SecretsManager(SECRET, null, "AWSPREVIOUS", null));
        assertThat(SecretReference.parse(SECRET + ":::v-123")).isEqualTo(
                new SecretReference.SecretsManager(SECRET, null, null, "v-123"));
    }

    @Test
    void any_other_number_of_fields_is_the_agent_invalid_ARN_error() {
        for (String bad : List.of(SECRET + ":username", SECRET + ":username:AWSCURRENT", SECRET + ":a:b:c:d")) {
            assertThatThrownBy(() -> SecretReference.parse(bad)).as(bad).hasMessage("an invalid ARN format for the AWS Secrets "
                    + "Manager secret was specified. Specify a valid ARN and try again.");
        }
    }

    @Test
    void names_paths_and_ssm_ARNs_are_parameter_store() {
        for (String name : List.of("db_password", "/prod/db/password", "arn:aws:ssm:eu-west-1:111122223333:parameter/prod/db")) {
            assertThat(SecretReference.parse(name)).isEqualTo(new SecretReference.ParameterStore(name));
        }
    }

    @Test
    void a_json_key_takes_its_value_as_text_and_numbers_as_their_digits() {
        var reference = (SecretReference.SecretsManager) SecretReference.parse(SECRET + ":port::");
        assertThat(reference.select("{\"port\":5432,\"user\":\"app\"}")).isEqualTo("5432");
        var user = (SecretReference.SecretsManager) SecretReference.parse(SECRET + ":user::");
        assertThat(user.select("{\"port\":5432,\"user\":\"app\"}")).isEqualTo("app");
        assertThat(((SecretReference.SecretsManager) SecretReference.parse(SECRET)).select("{\"user\":\"app\"}"))
                .isEqualTo("{\"user\":\"app\"}");
    }

    @Test
    void a_missing_json_key_is_the_agent_error() {
        var reference = (SecretReference.SecretsManager) SecretReference.parse(SECRET + ":password::");
        assertThatThrownBy(() -> reference.select("{\"user\":\"app\"}"))
                .hasMessage("retrieved secret from Secrets Manager did not contain json key password");
    }

    // ---- §9.2 environment files -------------------------------------------------------------------------------

    @Test
    void a_line_splits_at_its_first_equals_sign() {
        assertThat(EnvironmentFile.parse("URL=http://x?a=b\n")).containsExactly(Map.entry("URL", "http://x?a=b"));
    }

    @Test
    void nothing_is_trimmed_and_quotes_stay() {
        assertThat(EnvironmentFile.parse(" KEY = \"quoted value\" \n")).containsExactly(Map.entry(" KEY ", " \"quoted value\" "));
    }

    @Test
    void only_a_hash_in_the_first_column_is_a_comment() {
        assertThat(EnvironmentFile.parse("#A=1\n  #B=2\n")).containsExactly(Map.entry("  #B", "2"));
    }

    @Test
    void lines_without_equals_or_with_an_empty_name_are_skipped_and_empty_values_kept() {
        assertThat(EnvironmentFile.parse("export\n=orphan\nEMPTY=\n")).containsExactly(Map.entry("EMPTY", ""));
    }

    @Test
    void no_expansion_and_the_last_line_of_a_name_wins_within_a_file() {
        assertThat(EnvironmentFile.parse("A=$HOME\nA=second")).containsExactly(Map.entry("A", "second"));
        assertThat(EnvironmentFile.parse("B=${X}")).containsExactly(Map.entry("B", "${X}"));
    }

    @Test
    void crlf_line_ends_are_line_ends() {
        assertThat(EnvironmentFile.parse("A=1\r\nB=2\r\n")).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    }

    @Test
    void across_files_the_first_file_wins() {
        assertThat(EnvironmentFile.merge(List.of(Map.of("A", "first"), Map.of("A", "second", "B", "b"))))
                .containsEntry("A", "first").containsEntry("B", "b");
    }
}

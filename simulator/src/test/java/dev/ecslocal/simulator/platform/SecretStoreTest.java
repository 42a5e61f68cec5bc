package dev.ecslocal.simulator.platform;

import dev.ecslocal.simulator.model.Secret;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local secret store: how a valueFrom finds its value, and ECS's words when it does not (ECS-SEMANTICS §9.1). */
class SecretStoreTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf";

    @Test
    void a_secrets_manager_secret_is_found_by_its_ARN_its_name_or_its_name_without_the_suffix() throws Exception {
        for (String key : new String[] {ARN, "db-AbCdEf", "db"}) {
            assertThat(SecretStore.of(Map.of(key, "pw")).resolve(new Secret("DB", ARN))).as(key).isEqualTo("pw");
        }
    }

    @Test
    void a_json_key_is_taken_from_the_stored_secret_string() throws Exception {
        SecretStore store = SecretStore.parse("{\"db\": {\"username\": \"app\", \"port\": 5432}}");
        assertThat(store.resolve(new Secret("USER", ARN + ":username::"))).isEqualTo("app");
        assertThat(store.resolve(new Secret("PORT", ARN + ":port::"))).isEqualTo("5432");
    }

    @Test
    void a_value_keyed_by_the_full_valueFrom_or_the_variable_is_the_value_itself() throws Exception {
        assertThat(SecretStore.of(Map.of(ARN + ":username::", "app")).resolve(new Secret("USER", ARN + ":username::")))
                .isEqualTo("app");
        assertThat(SecretStore.of(Map.of("USER", "app")).resolve(new Secret("USER", ARN + ":username::"))).isEqualTo("app");
    }

    @Test
    void an_ssm_parameter_is_found_by_its_name_or_its_ARN() throws Exception {
        SecretStore store = SecretStore.of(Map.of("/prod/db/password", "pw"));
        assertThat(store.resolve(new Secret("P", "/prod/db/password"))).isEqualTo("pw");
        assertThat(store.resolve(new Secret("P", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password"))).isEqualTo("pw");
        assertThat(SecretStore.of(Map.of("token", "t")).resolve(new Secret("T", "arn:aws:ssm:us-east-1:1:parameter/token")))
                .isEqualTo("t");
    }

    @Test
    void a_missing_secrets_manager_secret_fails_in_the_agent_words() {
        assertThatThrownBy(() -> SecretStore.empty().resolve(new Secret("DB", ARN))).isInstanceOf(UnresolvedSecret.class)
                .hasMessage("unable to retrieve secret from asm: failed to fetch secret " + ARN + " from secrets manager: "
                        + "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
    }

    @Test
    void a_missing_json_key_fails_in_the_agent_words() {
        assertThatThrownBy(() -> SecretStore.of(Map.of(ARN, "{\"user\":\"app\"}")).resolve(new Secret("P", ARN + ":password::")))
                .hasMessage("unable to retrieve secret from asm: retrieved secret from Secrets Manager did not contain json key password");
    }

    @Test
    void a_missing_parameter_fails_in_the_agent_words() {
        assertThatThrownBy(() -> SecretStore.empty().resolve(new Secret("P", "/prod/db")))
                .hasMessage("unable to retrieve secrets from ssm: invalid parameters: /prod/db");
    }

    @Test
    void a_dotenv_file_is_read_literally() throws Exception {
        SecretStore store = SecretStore.parse("# comment\nDB=\"quoted\"\n");
        assertThat(store.resolve(new Secret("DB", "/x"))).isEqualTo("\"quoted\"");
    }

    @Test
    void what_must_never_be_shown_includes_each_value_inside_a_json_secret() {
        assertThat(SecretStore.parse("{\"db\": {\"username\": \"app\", \"password\": \"hunter22\"}, \"k\": \"v1\"}").values())
                .contains("hunter22", "app", "v1");
    }

    @Test
    void a_json_file_of_anything_but_strings_and_objects_is_refused_naming_the_key() {
        assertThatThrownBy(() -> SecretStore.parse("{\"k\": [1]}")).hasMessageContaining("\"k\" must be a string");
    }
}

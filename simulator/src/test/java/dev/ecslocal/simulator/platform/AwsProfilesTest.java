package dev.ecslocal.simulator.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AwsProfilesTest {
    @Test
    void config_profiles_are_named_profile_NAME_but_default_is_default() {
        AwsProfiles config = AwsProfiles.parse("[default]\nregion = eu-west-1\n\n[profile dev]\n# a comment\nregion=ap-south-1\n");
        assertThat(config.config("default", "region")).contains("eu-west-1");
        assertThat(config.config("dev", "region")).contains("ap-south-1");
        assertThat(config.config("prod", "region")).isEmpty();
    }

    @Test
    void credentials_profiles_are_named_by_their_name_and_nested_lines_are_not_keys() {
        AwsProfiles credentials = AwsProfiles.parse("[dev]\naws_access_key_id = AKIA1\r\naws_secret_access_key = s\n"
                + "s3 =\n  max_concurrent_requests = 2\n");
        assertThat(credentials.credentials("dev", "aws_access_key_id")).contains("AKIA1");
        assertThat(credentials.credentials("dev", "max_concurrent_requests")).isEmpty();
    }
}

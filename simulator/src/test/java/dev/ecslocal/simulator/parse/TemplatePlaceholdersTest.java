package dev.ecslocal.simulator.parse;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A placeholder inside a string value of well-formed JSON is registered by ECS as written (an image's characters
 * aside): validate and plan go on, with a warning at the placeholder's path that says what run will need.
 */
class TemplatePlaceholdersTest {

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TemplatePlaceholdersTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_CodeDeploy_taskdef_json_is_valid_with_a_warning_at_each_image_placeholder_that_says_how_to_run_it() throws IOException {
        TaskDefinitionCheck.Result result = Fixtures.check(resource("/placeholders/codedeploy/taskdef.json"));

        assertThat(result.isValid()).as("valid: %s", result.problems()).isTrue();
        assertThat(Fixtures.lines(result.problems())).containsExactly(
                "WARNING containerDefinitions[0].image: template placeholder <IMAGE1_NAME>: validate and plan read the value as written",
                "WARNING containerDefinitions[1].image: template placeholder <IMAGE2_NAME>: validate and plan read the value as written");
        Problem web = result.problems().get(0);
        assertThat(web.container()).isEqualTo("web");
        assertThat(web.location()).isEqualTo(new Location(12, 7));
        assertThat(web.hint()).isEqualTo("ECS refuses an image with a placeholder (\"Container.image contains invalid "
                + "characters\"): CodePipeline, CodeDeploy or your templating replaces it before registering. To run the task "
                + "here, give the image: --image web=IMAGE (e.g. --image web=web:dev).");
        assertThat(result.problems().get(1).hint()).contains("--image metrics=IMAGE");
    }

    @Test
    void a_placeholder_in_a_secret_ARN_says_what_the_secrets_file_must_hold() {
        TaskDefinitionCheck.Result result = Fixtures.check(json("{'family':'t','containerDefinitions':[{'name':'app','image':"
                + "'app:1','memory':64,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'datadog'},"
                + "'secretOptions':[{'name':'apikey','valueFrom':'arn:${Partition}:secretsmanager:us-east-1:111122223333:"
                + "secret:datadog-AbCdEf'}]}},{'name':'router','image':'fluent-bit:3','memory':64,"
                + "'firelensConfiguration':{'type':'fluentbit'}}]}"));

        assertThat(result.isValid()).as("valid: %s", result.problems()).isTrue();
        assertThat(Fixtures.lines(result.problems())).containsExactly("WARNING containerDefinitions[0].logConfiguration."
                + "secretOptions[0].valueFrom: template placeholder ${Partition}: validate and plan read the value as written");
        assertThat(result.problems().get(0).hint()).isEqualTo("To run the task here, the --secrets file must hold this secret "
                + "under its valueFrom as written (\"arn:${Partition}:secretsmanager:us-east-1:111122223333:secret:"
                + "datadog-AbCdEf\") or under its name \"apikey\".");
    }

    @Test
    void a_go_template_in_an_image_tag_is_a_warning_and_the_image_rules_do_not_judge_it() {
        TaskDefinitionCheck.Result result = Fixtures.check(json("{'family':'t','containerDefinitions':[{'name':'app',"
                + "'image':'registry.example.com/shop/app:{{ .Tag }}','memory':64}]}"));

        assertThat(result.isValid()).isTrue();
        assertThat(Fixtures.lines(result.problems())).containsExactly("WARNING containerDefinitions[0].image: template "
                + "placeholder {{ .Tag }}: validate and plan read the value as written");
    }

    @Test
    void a_placeholder_run_passes_as_written_says_so_and_other_rules_still_judge_their_fields() {
        TaskDefinitionCheck.Result result = Fixtures.check(json("{'family':'t','taskRoleArn':'{{ role }}',"
                + "'containerDefinitions':[{'name':'$$$NAME$$$','image':'app:1','memory':64,"
                + "'environment':[{'name':'BUCKET','value':'${env}-assets'}]}]}"));

        assertThat(Fixtures.lines(result.problems())).containsExactly(
                "WARNING taskRoleArn: template placeholder {{ role }}: validate and plan read the value as written",
                "WARNING containerDefinitions[0].name: template placeholder $$$NAME$$$: validate and plan read the value as written",
                "ERROR containerDefinitions[0].name: container name \"$$$NAME$$$\" may contain only letters, digits, hyphens "
                        + "and underscores, up to 255 of them",
                "WARNING containerDefinitions[0].environment[0].value: template placeholder ${env}: validate and plan read "
                        + "the value as written");
        assertThat(result.problems().get(3).hint()).isEqualTo("ECS uses the string as written, and so does run: render the "
                + "file first where the real value matters.");
    }

    @Test
    void each_placeholder_of_a_value_is_one_warning_in_a_terraform_array_too() {
        TaskDefinitionCheck.Result result = Fixtures.check(json("[\n{'name':'app','image':'app:1','memory':64,"
                + "'environmentFiles':[{'type':'s3','value':'arn:aws:s3:::${bucket}/${stage}/app.env'}]}\n]"), "app.json.tpl",
                false);

        assertThat(Fixtures.lines(result.problems())).containsExactly(
                "WARNING containerDefinitions[0].environmentFiles[0].value: template placeholder ${bucket}: validate and plan "
                        + "read the value as written",
                "WARNING containerDefinitions[0].environmentFiles[0].value: template placeholder ${stage}: validate and plan "
                        + "read the value as written");
        assertThat(result.problems().get(0).location()).isEqualTo(new Location(2, 76));
        assertThat(result.problems().get(0).hint()).isEqualTo("To run the task here, give a local copy of the object: "
                + "--env-file-map 'arn:aws:s3:::${bucket}/${stage}/app.env=PATH'.");
    }

    @ParameterizedTest(name = "\"{0}\" is an ordinary string")
    @ValueSource(strings = {"<none>", "a <NAME> b", "<b>", "<>", "<1ABC>", "x<IMAGE1_NAME>", "<Image1_Name>", "<IMAGE1_NAME",
            "<_NAME>", "<NAME__X>", "$${escaped}", "$HOME", "50%", "{json}"})
    void strings_that_only_look_like_placeholders_are_not_flagged(String value) {
        assertThat(TemplatePlaceholders.in(value)).isEmpty();
        TaskDefinitionCheck.Result result = Fixtures.check(json("{'family':'t','containerDefinitions':[{'name':'app','image':"
                + "'app:1','memory':64,'environment':[{'name':'V','value':'" + value + "'}]}]}"));
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void every_kind_of_placeholder_is_found_in_a_value_in_order_and_overlapping_ones_are_one() {
        assertThat(TemplatePlaceholders.in("<IMAGE1_NAME>")).containsExactly("<IMAGE1_NAME>");
        assertThat(TemplatePlaceholders.in("<DB>")).containsExactly("<DB>");
        assertThat(TemplatePlaceholders.in("arn:${Partition}:ssm:${AWS::Region}:1:parameter/x"))
                .containsExactly("${Partition}", "${AWS::Region}");
        assertThat(TemplatePlaceholders.in("app:{{ .Tag }}-{% if x %}")).containsExactly("{{ .Tag }}", "{% if x %}");
        assertThat(TemplatePlaceholders.in("%{ if a }b%{ endif }")).containsExactly("%{ if a }", "%{ endif }");
        assertThat(TemplatePlaceholders.in("region-$$$TEST_REGION$$$")).containsExactly("$$$TEST_REGION$$$");
        assertThat(TemplatePlaceholders.in("web:${{ github.sha }}")).containsExactly("${{ github.sha }}");
        assertThat(TemplatePlaceholders.in(null)).isEmpty();
    }

    @Test
    void commands_and_log_options_keep_their_own_dollar_and_brace_syntax() {
        List<Problem> problems = Fixtures.check(json("{'family':'t','containerDefinitions':[{'name':'app','image':'i',"
                + "'memory':64,'command':['sh','-c','echo ${HOME} <USAGE>'],'logConfiguration':{'logDriver':'awsfirelens',"
                + "'options':{'Name':'cloudwatch','log_group_name':'/${ENV}'}}},{'name':'router','image':'fb','memory':64,"
                + "'firelensConfiguration':{'type':'fluentbit'}}]}")).problems();
        assertThat(problems).isEmpty();
    }
}

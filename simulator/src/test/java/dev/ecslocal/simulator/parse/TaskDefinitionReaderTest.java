package dev.ecslocal.simulator.parse;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import java.util.List;

import static dev.ecslocal.simulator.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

/** The shapes of ECS-SEMANTICS §11, and every way a file can fail to be one. */
class TaskDefinitionReaderTest {
    private final TaskDefinitionReader reader = new TaskDefinitionReader();

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private ReadResult read(String text, String fileName) {
        return reader.read(text, Path.of(fileName), null);
    }

    @Test
    void register_task_definition_json_is_read_as_is() {
        ReadResult result = read(json("{'family':'web','networkMode':'awsvpc','containerDefinitions':[{'name':'app','image':'nginx'}]}"), "web.json");
        assertThat(result.source().shape()).isEqualTo(Shape.REGISTER);
        assertThat(result.taskDefinition().family()).isEqualTo("web");
        assertThat(result.taskDefinition().networkMode()).isEqualTo(NetworkMode.AWSVPC);
        assertThat(result.source().revision()).isEqualTo(1);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void describe_output_wrapped_or_not_has_its_read_only_fields_accepted_and_ignored() {
        String definition = "{'taskDefinitionArn':'arn:aws:ecs:eu-west-1:1:task-definition/web:7','revision':7,'status':'ACTIVE',"
                + "'requiresAttributes':[{'name':'ecs.capability.container-ordering'}],'compatibilities':['EC2'],"
                + "'registeredAt':'2024-01-01T00:00:00Z','registeredBy':'arn:aws:iam::1:user/x','deregisteredAt':null,"
                + "'family':'web','containerDefinitions':[{'name':'app','image':'nginx','memory':64,'environment':[],'mountPoints':[],"
                + "'volumesFrom':[],'portMappings':[],'systemControls':[],'cpu':0,'essential':true}]}";
        ReadResult unwrapped = read(json(definition), "web.json");
        assertThat(unwrapped.source().shape()).isEqualTo(Shape.DESCRIBE);
        assertThat(unwrapped.source().revision()).isEqualTo(7);
        assertThat(unwrapped.problems()).isEmpty();

        ReadResult wrapped = read(json("{'taskDefinition':" + definition + ",'tags':[]}"), "web.json");
        assertThat(wrapped.source().shape()).isEqualTo(Shape.DESCRIBE_WRAPPED);
        assertThat(wrapped.source().revision()).isEqualTo(7);
        assertThat(wrapped.taskDefinition().containerDefinitions()).hasSize(1);
        assertThat(wrapped.problems()).isEmpty();
    }

    @Test
    void a_terraform_array_takes_its_family_from_the_file_name_and_treats_null_as_absent() {
        ReadResult result = read(json("[{'name':'app','image':'nginx','memory':64,'essential':null,'command':null,"
                + "'healthCheck':null,'links':null,'portMappings':null,'secretOptions':null}]"), "dir/api.json.tpl");
        assertThat(result.source().shape()).isEqualTo(Shape.TERRAFORM);
        assertThat(result.taskDefinition().family()).isEqualTo("api");
        var app = result.taskDefinition().containerDefinitions().get(0);
        assertThat(app.isEssential()).isTrue();
        assertThat(app.command()).isEmpty();
        assertThat(app.links()).isEmpty();
        // secretOptions belongs in logConfiguration: a misplaced key is a warning at its own path.
        assertThat(lines(result.problems())).containsExactly("WARNING containerDefinitions[0].secretOptions: unknown field \"secretOptions\"");
        assertThat(result.source().documentPath("containerDefinitions[0].secretOptions")).isEqualTo("[0].secretOptions");
    }

    @Test
    void the_family_option_overrides_the_file_and_the_file_name() {
        ReadResult result = reader.read(json("[{'name':'app','image':'nginx','memory':64}]"), Path.of("x.json"), ReadOptions.family("payments"));
        assertThat(result.taskDefinition().family()).isEqualTo("payments");
    }

    @Test
    void unknown_fields_are_warnings_but_a_known_one_in_another_case_or_at_the_other_level_is_an_error_with_the_fix() {
        ReadResult result = read(json("{'family':'t','containerDefinitions':[{'name':'app','image':'i','memory':64,"
                + "'entrypiont':['sh'],'dependson':[],'networkMode':'awsvpc','shinyNewField':{'a':[1,2]}}],'newTaskField':true,"
                + "'portMappings':[]}"), "t.json");
        assertThat(result.problems()).extracting(Problem::severity, Problem::path, Problem::message, Problem::hint).containsExactly(
                org.assertj.core.groups.Tuple.tuple(dev.ecslocal.simulator.problem.Severity.WARNING, "containerDefinitions[0].entrypiont",
                        "unknown field \"entrypiont\"",
                        "Did you mean \"entryPoint\"? ecs-local ignores it (it may be a field newer than this version of ecs-local)."),
                org.assertj.core.groups.Tuple.tuple(dev.ecslocal.simulator.problem.Severity.ERROR, "containerDefinitions[0].dependson",
                        "\"dependson\" is not a field: field names are case-sensitive, and ECS refuses it",
                        "Write it as \"dependsOn\"."),
                org.assertj.core.groups.Tuple.tuple(dev.ecslocal.simulator.problem.Severity.ERROR, "containerDefinitions[0].networkMode",
                        "\"networkMode\" is a task-level field, not a container's: ECS refuses it here",
                        "Move it to the task definition."),
                org.assertj.core.groups.Tuple.tuple(dev.ecslocal.simulator.problem.Severity.WARNING, "containerDefinitions[0].shinyNewField",
                        "unknown field \"shinyNewField\"",
                        "ecs-local ignores it (it may be a field newer than this version of ecs-local)."),
                org.assertj.core.groups.Tuple.tuple(dev.ecslocal.simulator.problem.Severity.WARNING, "newTaskField", "unknown field \"newTaskField\"",
                        "ecs-local ignores it (it may be a field newer than this version of ecs-local)."),
                org.assertj.core.groups.Tuple.tuple(dev.ecslocal.simulator.problem.Severity.ERROR, "portMappings",
                        "\"portMappings\" is a container-level field, not the task's: ECS refuses it here",
                        "Move it into the container definitions that need it."));
        assertThat(result.taskDefinition().containerDefinitions().get(0).name()).isEqualTo("app");
    }

    @Test
    void every_value_of_the_wrong_type_is_reported_and_left_absent() {
        TaskDefinitionCheck.Result result = Fixtures.check(json("{'family':'t','networkMode':'awsvpcc','containerDefinitions':["
                + "{'name':'app','image':'i','memory':'lots','command':'echo hi','essential':'sometimes','healthCheck':'CMD true'}]}"));
        assertThat(lines(result.problems())).containsExactly(
                "ERROR networkMode: \"awsvpcc\" is not a valid value: expected one of bridge, host, awsvpc, none, default",
                // memory could not be read, so the container has neither memory nor memoryReservation
                // (reported where the container starts, so before the fields):
                "ERROR containerDefinitions[0]: Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.",
                "ERROR containerDefinitions[0].memory: expected a whole number, found \"lots\"",
                "ERROR containerDefinitions[0].command: expected an array, found \"echo hi\"",
                "ERROR containerDefinitions[0].essential: expected true or false, found \"sometimes\"",
                "ERROR containerDefinitions[0].healthCheck: expected an object, found \"CMD true\"");
        assertThat(result.problems().get(0).hint()).isEqualTo("Did you mean \"awsvpc\"?");
    }

    @Test
    void numbers_written_as_strings_are_read_as_ECS_reads_them() {
        TaskDefinitionCheck.Result result = Fixtures.check(json("{'family':'t','containerDefinitions':[{'name':'app','image':'i',"
                + "'memory':'128','environment':[{'name':'PORT','value':8080}]}]}"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.taskDefinition().containerDefinitions().get(0).environment().get(0).value()).isEqualTo("8080");
    }

    @Test
    void malformed_json_is_reported_at_line_and_column_with_what_was_expected() {
        ReadResult result = read("{\n  \"family\": \"t\"\n  \"containerDefinitions\": []\n}", "t.json");
        assertThat(result.taskDefinition()).isNull();
        Problem problem = result.problems().get(0);
        assertThat(problem.location()).isEqualTo(new Location(3, 3));
        assertThat(problem.message()).isEqualTo("not valid JSON: unexpected character '\"': expected comma to separate Object entries");
    }

    @Test
    void a_file_that_ends_too_early_says_so() {
        ReadResult result = read("{\"family\": \"t\", \"containerDefinitions\": [", "t.json");
        assertThat(result.problems().get(0).message()).startsWith("not valid JSON: the file ends too early");
    }

    @Test
    void a_file_a_splice_makes_invalid_JSON_is_refused_naming_its_first_placeholder() {
        assertThat(templateIn("[{\"name\": \"app\", \"image\": \"${image}\", \"memory\": ${memory}}]"))
                .isEqualTo("${image} at 1:28");
        assertThat(templateIn("{\"family\": $NAME, \"containerDefinitions\": []}")).isEqualTo("$NAME at 1:12");
        assertThat(templateIn("[\n%{ if sidecar }\n{\"name\": \"x\"}\n%{ endif }\n]")).isEqualTo("%{ if sidecar } at 2:1");
    }

    private String templateIn(String text) {
        ReadResult result = read(text, "t.json");
        assertThat(result.taskDefinition()).isNull();
        assertThat(result.problems()).hasSize(1);
        Problem problem = result.problems().get(0);
        assertThat(problem.message()).startsWith("this file is a template: render it first (found the placeholder ");
        String placeholder = problem.message().substring(problem.message().indexOf("placeholder ") + 12, problem.message().length() - 1);
        return placeholder + " at " + problem.location();
    }

    @Test
    void shell_variables_in_commands_and_Fluent_Bit_variables_in_log_options_are_not_placeholders() {
        ReadResult result = read(json("{'family':'t','containerDefinitions':[{'name':'app','image':'i','memory':64,"
                + "'entryPoint':['sh','-c'],'command':['echo ${HOME} {{.Name}} $HOSTNAME'],"
                + "'healthCheck':{'command':['CMD-SHELL','test -n \\'${PORT}\\'']},"
                + "'logConfiguration':{'logDriver':'awslogs','options':{'awslogs-group':'${GROUP}'}}}]}"), "t.json");
        assertThat(result.taskDefinition()).isNotNull();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void other_tools_files_and_other_json_are_refused_saying_what_they_are() {
        assertThat(read("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n", "stack.yml")
                .problems().get(0).message()).isEqualTo("T has no Properties");
        assertThat(read("version: '3'\nservices:\n  web:\n    image: nginx\n", "docker-compose.yml")
                .problems().get(0).message()).isEqualTo("this is a Compose file, not a task definition");
        assertThat(read("{\"Resources\": {}}", "stack.json").problems().get(0).message())
                .isEqualTo("this CloudFormation template has no AWS::ECS::TaskDefinition resource");
        assertThat(read("{\"name\": \"envoy\", \"image\": \"envoy\"}", "envoy.json").problems().get(0).message())
                .isEqualTo("this is a single container definition, not a task definition");
        assertThat(read("{\"services\": []}", "x.json").problems().get(0).message())
                .isEqualTo("this JSON is not a task definition: it has no \"containerDefinitions\"");
        assertThat(read("  \n", "x.json").problems().get(0).message()).isEqualTo("the file is empty");
    }

    @Test
    void problems_found_after_reading_are_located_in_the_file() {
        TaskDefinitionCheck.Result result = Fixtures.check("{\n  \"family\": \"t\",\n  \"containerDefinitions\": [\n"
                + "    {\"name\": \"app\", \"image\": \"i\", \"memory\": 64,\n"
                + "     \"dependsOn\": [{\"containerName\": \"db\", \"condition\": \"START\"}]}\n  ]\n}\n");
        Problem problem = result.errors().get(0);
        assertThat(problem.path()).isEqualTo("containerDefinitions[0].dependsOn[0].containerName");
        assertThat(problem.location()).isEqualTo(new Location(5, 21));
        assertThat(problem.container()).isEqualTo("app");
    }

    @Test
    void a_byte_order_mark_is_ignored() {
        assertThat(read("\uFEFF{\"family\":\"t\",\"containerDefinitions\":[]}", "t.json").taskDefinition()).isNotNull();
    }

    /** What reading says, in JSON's words: never a Java type, a Jackson feature or a class name. */
    private List<String> said(String text) {
        return lines(read(text, "taskdef.json").problems());
    }

    @Test
    void jacksons_words_are_said_in_json_terms() {
        assertThat(said(json("{'family':'t','containerDefinitions':[{'name':'a','image':'i','memory':1.5}]}")))
                .singleElement().asString().contains("a number with a fraction (1.5) where ECS wants a whole number")
                .doesNotContain("java", "Coercion");
        assertThat(said("{\n  // pasted from a blog\n  \"family\": \"t\"\n}")).singleElement().asString()
                .contains("JSON has no comments: remove the // … or /* … */ here").doesNotContain("ALLOW_COMMENTS");
        assertThat(said("[".repeat(1200) + "]".repeat(1200))).singleElement().asString()
                .contains("nested deeper than 1000 levels").doesNotContain("StreamReadConstraints");
        assertThat(said(json("{'family':'t','containerDefinitions':[{'name':'a','image':'i','memory':'lots'}]}")))
                .singleElement().asString().contains("expected a whole number, found \"lots\"");
        assertThat(said(json("{'family':'t','containerDefinitions':[{'name':'a','image':'i','essential':[true]}]}")))
                .singleElement().asString().doesNotContain("java", "JsonToken", "`");
    }

    @Test
    void utf8_with_its_mark_and_utf16_with_its_mark_are_read_and_other_bytes_are_said_plainly() throws Exception {
        String text = json("{'family':'t','containerDefinitions':[{'name':'a','image':'i','memory':64}]}");
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withMark = new byte[utf8.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withMark, 3, utf8.length);
        assertThat(TaskDefinitionReader.text(withMark).replace("\uFEFF", "")).isEqualTo(text);
        byte[] utf16 = ("\uFEFF" + text).getBytes(java.nio.charset.StandardCharsets.UTF_16LE); // PowerShell's `>`
        assertThat(TaskDefinitionReader.text(utf16)).isEqualTo(text);
        assertThat(TaskDefinitionReader.text(("\uFEFF" + text).getBytes(java.nio.charset.StandardCharsets.UTF_16BE))).isEqualTo(text);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TaskDefinitionReader.text(new byte[] {'{', (byte) 0xC3, '}'}))
                .hasMessage("it is not UTF-8 text (nor UTF-16 with a byte-order mark): save it as UTF-8");
    }
}

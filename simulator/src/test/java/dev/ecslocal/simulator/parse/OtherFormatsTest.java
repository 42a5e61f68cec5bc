package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.KeyValuePair;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.Plan;
import dev.ecslocal.simulator.plan.PlanText;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files people keep besides RegisterTaskDefinition JSON (samples/formats): CloudFormation in YAML and JSON (CDK's,
 * Copilot's), terraform show -json, YAML, a bare Terraform array with its task level given by options. Each is asserted
 * as its plan and the request ECS would get, as text (simulator/src/test/resources/formats/*.txt); set
 * {@code -Decslocal.golden.write=true} to rewrite those after a deliberate change, and read the diff.
 */
public class OtherFormatsTest {
    private static final JsonMapper JSON = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .enable(SerializationFeature.INDENT_OUTPUT).disable(com.fasterxml.jackson.databind.MapperFeature.AUTO_DETECT_IS_GETTERS)
            .build();

    private static Path sample(String name) {
        return Fixtures.projectDir().resolve("samples/formats").resolve(name);
    }

    private static TaskDefinitionCheck.Result check(Path file, ReadOptions options) throws IOException {
        return new TaskDefinitionCheck().check(file, options, ValidationOptions.DEFAULT);
    }

    private static TaskDefinitionCheck.Result check(String text, String name, ReadOptions options) {
        return new TaskDefinitionCheck().check(text, Path.of(name), options, ValidationOptions.DEFAULT);
    }

    /** What each sample is run with; the region is fixed, so that the golden text does not depend on AWS_REGION. */
    public static ReadOptions optionsFor(String sample) throws IOException {
        ReadOptions here = ReadOptions.DEFAULT.withRegion("us-east-1");
        return switch (sample) {
            case "cloudformation.yaml" -> here.withParameters(Map.of("Greeting", "hello"));
            case "copilot.stack.yml" -> here.withParameters(TemplateParameters.read(sample("orders-test.params.json")));
            case "containers.json" -> here.withTaskLevel("awsvpc", "256", "512", List.of("FARGATE"), Map.of("data", ""));
            default -> here;
        };
    }

    @ParameterizedTest(name = "{0} reads as {1}, and its plan and request match formats/{0}.txt")
    @CsvSource({
            "cloudformation.yaml, CloudFormation template",
            "cdk.template.json, CloudFormation template",
            "copilot.stack.yml, CloudFormation template",
            "terraform-show.json, terraform show -json output",
            "taskdef.yaml, RegisterTaskDefinition YAML",
            "containers.json, Terraform container_definitions array",
            "codedeploy-taskdef.json, RegisterTaskDefinition JSON",
            "windows-fsx.json, RegisterTaskDefinition JSON"})
    void each_format_gives_the_plan_and_request_of_its_golden_text(String sample, String shape) throws IOException {
        TaskDefinitionCheck.Result result = check(sample(sample), optionsFor(sample));
        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.source().shape().description()).isEqualTo(shape);
        String rendered = PlanText.render(Plan.of(result.taskDefinition(), result.source().revision()))
                + "\n--- the RegisterTaskDefinition request ---\n" + JSON.writeValueAsString(result.taskDefinition())
                + "\n--- warnings ---\n" + String.join("\n", Fixtures.lines(result.warnings())) + "\n";
        Path golden = Fixtures.projectDir().resolve("simulator/src/test/resources/formats").resolve(sample + ".txt");
        if (Boolean.getBoolean("ecslocal.golden.write")) {
            Files.writeString(golden, rendered);
        }
        try (InputStream expected = OtherFormatsTest.class.getResourceAsStream("/formats/" + sample + ".txt")) {
            assertThat(expected).as("golden formats/" + sample + ".txt").isNotNull();
            assertThat(rendered).isEqualTo(new String(expected.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void cloudformation_conditions_mappings_and_no_value_follow_the_parameters() throws IOException {
        TaskDefinition prod = check(sample("cloudformation.yaml"), ReadOptions.DEFAULT.withParameters(
                Map.of("Greeting", "hi", "EnvName", "prod", "AWS::Region", "eu-west-1"))).taskDefinition();
        assertThat(prod.family()).isEqualTo("web-prod");
        assertThat(prod.container("cache").orElseThrow().memory()).isEqualTo(256);
        ContainerDefinition web = prod.container("web").orElseThrow();
        assertThat(environment(web)).containsExactly(Map.entry("GREETING", "hi"), Map.entry("ENV_NAME", "prod"),
                Map.entry("LOG_LEVEL", "warn"));
        assertThat(web.logConfiguration().options()).containsEntry("awslogs-region", "eu-west-1")
                .containsEntry("awslogs-group", "LogGroup");
        assertThat(web.dockerLabels()).containsEntry("com.example.env", "prod");
        assertThat(prod.executionRoleArn()).isEqualTo("arn:aws:iam::000000000000:role/ExecutionRole");

        TaskDefinition dev = check(sample("cloudformation.yaml"), ReadOptions.DEFAULT.withParameters(Map.of("Greeting", "hi")))
                .taskDefinition();
        assertThat(environment(dev.container("web").orElseThrow())).doesNotContainKey("LOG_LEVEL");
        assertThat(dev.container("cache").orElseThrow().memory()).isEqualTo(64);
    }

    private static Map<String, String> environment(ContainerDefinition container) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValuePair pair : container.environment()) {
            values.put(pair.name(), pair.value());
        }
        return values;
    }

    @Test
    void a_parameter_without_a_value_is_said_once_with_the_option_that_gives_it() throws IOException {
        TaskDefinitionCheck.Result result = check(sample("cloudformation.yaml"), ReadOptions.DEFAULT);
        assertThat(result.errors()).hasSize(1);
        Problem problem = result.errors().get(0);
        assertThat(problem.message()).isEqualTo("parameter Greeting has no Default, and no value was given");
        assertThat(problem.hint()).isEqualTo("Pass --parameter Greeting=VALUE.");
        assertThat(problem.location().line()).isEqualTo(lineOf(sample("cloudformation.yaml"), "Value: !Ref Greeting"));
    }

    @Test
    void problems_in_a_converted_template_point_at_the_templates_own_line() throws IOException {
        String yaml = Files.readString(sample("cloudformation.yaml")).replace("ContainerName: cache", "ContainerName: cahce");
        TaskDefinitionCheck.Result result = check(yaml, "stack.yaml", ReadOptions.DEFAULT.withParameters(Map.of("Greeting", "x")));
        Problem problem = result.errors().get(0);
        assertThat(problem.path()).isEqualTo("containerDefinitions[1].dependsOn[0].containerName");
        assertThat(problem.container()).isEqualTo("web");
        assertThat(problem.location()).isEqualTo(new Location(lineOf(yaml, "ContainerName: cahce"), 15));
    }

    @Test
    void a_camel_case_property_in_a_template_is_refused_with_its_pascal_case_name() {
        TaskDefinitionCheck.Result result = check("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
                + "      ContainerDefinitions:\n        - Name: a\n          Image: i\n          Memory: 64\n"
                + "          dependsOn: []\n", "t.yaml", ReadOptions.DEFAULT);
        assertThat(result.errors()).extracting(Problem::message).containsExactly(
                "\"dependsOn\" is not a CloudFormation property: CloudFormation's names are PascalCase, and it refuses this one");
        assertThat(result.errors().get(0).hint()).isEqualTo("Write it as \"DependsOn\".");
        assertThat(result.errors().get(0).location()).isEqualTo(new Location(9, 11));

        // A known name in another case, or at the other level, is said in the template's spelling too.
        TaskDefinitionCheck.Result cased = check("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
                + "      ContainerDefinitions:\n        - Name: a\n          Image: i\n          Memory: 64\n"
                + "          DEPENDSON: []\n          Family: x\n", "t.yaml", ReadOptions.DEFAULT);
        assertThat(cased.errors()).extracting(Problem::message, Problem::hint).containsExactly(
                org.assertj.core.groups.Tuple.tuple("\"DEPENDSON\" is not a field: field names are case-sensitive, and "
                        + "CloudFormation refuses it", "Write it as \"DependsOn\"."),
                org.assertj.core.groups.Tuple.tuple("\"Family\" is a task-level field, not a container's: CloudFormation "
                        + "refuses it here", "Move it to the task definition."));
    }

    @Test
    void several_task_definitions_are_listed_and_resource_chooses_one() {
        String template = "{\"Resources\": {"
                + "\"Api\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": {\"ContainerDefinitions\": "
                + "[{\"Name\": \"api\", \"Image\": \"i\", \"Memory\": 64}]}},"
                + "\"Worker\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": {\"Family\": \"w\", \"ContainerDefinitions\": "
                + "[{\"Name\": \"worker\", \"Image\": \"i\", \"Memory\": 64}]}}}}";
        TaskDefinitionCheck.Result both = check(template, "stack.json", ReadOptions.DEFAULT);
        assertThat(both.errors()).extracting(Problem::message).containsExactly("this template declares 2 task definitions: Api, Worker");
        assertThat(both.errors().get(0).hint()).isEqualTo("Choose one with --resource Api.");
        assertThat(check(template, "stack.json", ReadOptions.DEFAULT.withResource("Worker")).taskDefinition().family()).isEqualTo("w");
        // A task definition with no Family is named after its logical id, the part of CloudFormation's generated name to read.
        assertThat(check(template, "stack.json", ReadOptions.DEFAULT.withResource("Api")).taskDefinition().family()).isEqualTo("Api");
        assertThat(check(template, "stack.json", ReadOptions.DEFAULT.withResource("Web")).errors()).extracting(Problem::message)
                .containsExactly("--resource Web: the template has no task definition of that logical id (it has Api, Worker)");
    }

    @Test
    void parameters_the_template_does_not_declare_or_allow_are_refused() throws IOException {
        assertThat(check(sample("cloudformation.yaml"), ReadOptions.DEFAULT.withParameters(Map.of("Greeting", "x", "Colour", "red")))
                .errors()).extracting(Problem::message, Problem::hint).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "--parameter Colour: the template has no parameter of that name", "Its parameters: EnvName, ImageTag, Greeting."));
        assertThat(check(sample("cloudformation.yaml"), ReadOptions.DEFAULT.withParameters(Map.of("Greeting", "x", "EnvName", "qa")))
                .errors()).extracting(Problem::message).containsExactly("--parameter EnvName=qa: the template allows only dev, prod");
    }

    @Test
    void functions_evaluate_as_cloudformation_evaluates_them() {
        String template = String.join("\n",
                "Parameters:",
                "  Subnets: {Type: CommaDelimitedList, Default: 'a,b,c'}",
                "Resources:",
                "  Repo: {Type: AWS::ECR::Repository}",
                "  Secret: {Type: AWS::SecretsManager::Secret}",
                "  T:",
                "    Type: AWS::ECS::TaskDefinition",
                "    Properties:",
                "      ContainerDefinitions:",
                "        - Name: a",
                "          Image: !Sub '${Repo.RepositoryUri}:1'",
                "          Memory: 64",
                "          Command: [sh, -c, !Sub 'echo ${!HOME} ${Word}']",
                "          Environment:",
                "            - {Name: SECOND, Value: !Select [1, !Ref Subnets]}",
                "            - {Name: PARTS, Value: !Join ['+', !Split ['/', 'x/y/z']]}",
                "            - Name: ZONE",
                "              Value: !Select [0, !GetAZs '']",
                "            - Name: ARRAY_FORM",
                "              Value: !Sub",
                "                - '${Word}-${AWS::Partition}'",
                "                - Word: !Join ['', [w, o]]",
                "            - {Name: ENCODED, Value: !Base64 hi}",
                "          Secrets:",
                "            - {Name: DB, ValueFrom: !Ref Secret}",
                "");
        TaskDefinitionCheck.Result result = check(template.replace("${Word}']", "word']"), "t.yaml",
                ReadOptions.DEFAULT.withRegion("eu-west-1"));
        assertThat(result.errors()).isEmpty();
        ContainerDefinition a = result.taskDefinition().container("a").orElseThrow();
        assertThat(a.image()).isEqualTo("000000000000.dkr.ecr.eu-west-1.amazonaws.com/repo:1");
        assertThat(environment(a)).containsExactly(Map.entry("SECOND", "b"), Map.entry("PARTS", "x+y+z"),
                Map.entry("ZONE", "eu-west-1a"), Map.entry("ARRAY_FORM", "wo-aws"),
                Map.entry("ENCODED", "aGk="));
        assertThat(a.command()).containsExactly("sh", "-c", "echo ${HOME} word");
        assertThat(a.secrets().get(0).valueFrom()).isEqualTo("arn:aws:secretsmanager:eu-west-1:000000000000:secret:Secret");
        assertThat(result.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .startsWith("values CloudFormation would take from AWS stand in locally: Repo.RepositoryUri = "));
    }

    @Test
    void a_reference_to_nothing_and_a_function_not_evaluated_locally_are_errors_at_their_line() {
        TaskDefinitionCheck.Result result = check(String.join("\n",
                "Resources:",
                "  T:",
                "    Type: AWS::ECS::TaskDefinition",
                "    Properties:",
                "      ContainerDefinitions:",
                "        - Name: a",
                "          Image: !Ref Missing",
                "          Memory: !Cidr [10.0.0.0/16, 2, 8]",
                ""), "t.yaml", ReadOptions.DEFAULT);
        assertThat(result.errors()).extracting(p -> p.location().line() + " " + p.message()).containsExactly(
                "7 Ref Missing: the template has no parameter or resource of that name",
                "8 Fn::Cidr is not a function ecs-local can evaluate locally (it evaluates Ref, Fn::Sub, Fn::Join, Fn::Select, "
                        + "Fn::Split, Fn::If, Fn::FindInMap, Fn::GetAZs, Fn::GetAtt, Fn::ImportValue, Fn::Base64)");
    }

    @Test
    void bare_properties_in_pascal_case_read_as_cloudformation_properties() {
        TaskDefinitionCheck.Result result = check("{\"Family\": \"p\", \"ContainerDefinitions\": [{\"Name\": \"a\", \"Image\": \"i\", "
                + "\"Memory\": 64, \"LogConfiguration\": {\"LogDriver\": \"json-file\", \"Options\": {\"max-size\": \"1m\"}}}], "
                + "\"Volumes\": [{\"Name\": \"v\", \"EFSVolumeConfiguration\": {\"FilesystemId\": \"fs-1\", "
                + "\"AuthorizationConfig\": {\"IAM\": \"ENABLED\"}, \"TransitEncryption\": \"ENABLED\"}}]}", "props.json", ReadOptions.DEFAULT);
        assertThat(result.errors()).isEmpty();
        assertThat(result.source().shape()).isEqualTo(Shape.CLOUDFORMATION_PROPERTIES);
        assertThat(result.taskDefinition().volumes().get(0).efsVolumeConfiguration().fileSystemId()).isEqualTo("fs-1");
        assertThat(result.taskDefinition().volumes().get(0).efsVolumeConfiguration().authorizationConfig().iam()).isEqualTo("ENABLED");
        assertThat(result.taskDefinition().container("a").orElseThrow().logConfiguration().options()).containsEntry("max-size", "1m");
    }

    @Test
    void terraform_show_of_a_saved_plan_reads_planned_values_and_says_when_the_containers_are_not_known_yet() {
        String plan = "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": ["
                + "{\"address\": \"aws_ecs_task_definition.a\", \"mode\": \"managed\", \"type\": \"aws_ecs_task_definition\", "
                + "\"name\": \"a\", \"values\": {\"family\": \"a\", \"network_mode\": \"bridge\", \"container_definitions\": "
                + "\"[{\\\"name\\\":\\\"x\\\",\\\"image\\\":\\\"i\\\",\\\"memory\\\":64}]\"}},"
                + "{\"address\": \"aws_ecs_task_definition.b\", \"mode\": \"managed\", \"type\": \"aws_ecs_task_definition\", "
                + "\"name\": \"b\", \"values\": {\"family\": \"b\"}}]}}}";
        assertThat(check(plan, "plan.json", ReadOptions.DEFAULT).errors()).extracting(Problem::message).containsExactly(
                "this terraform show output has 2 task definitions: aws_ecs_task_definition.a, aws_ecs_task_definition.b");
        TaskDefinitionCheck.Result a = check(plan, "plan.json", ReadOptions.DEFAULT.withResource("aws_ecs_task_definition.a"));
        assertThat(a.errors()).isEmpty();
        assertThat(a.taskDefinition().container("x")).isPresent();
        assertThat(check(plan, "plan.json", ReadOptions.DEFAULT.withResource("aws_ecs_task_definition.b")).errors())
                .extracting(Problem::message).containsExactly("aws_ecs_task_definition.b: container_definitions is not known until "
                        + "apply (it depends on values the plan does not have yet)");
    }

    @Test
    void a_json_string_holding_the_array_is_decoded_and_said_once() {
        TaskDefinitionCheck.Result result = check("\"[{\\\"name\\\":\\\"a\\\",\\\"image\\\":\\\"i\\\",\\\"memory\\\":64}]\"",
                "output.json", ReadOptions.DEFAULT);
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).extracting(Problem::message).containsExactly(
                "the file holds a task definition inside a JSON string (as `terraform output -json` writes one): ecs-local decoded it");
        assertThat(result.taskDefinition().family()).isEqualTo("output");
    }

    @Test
    void task_level_options_belong_to_an_array_and_a_volume_it_mounts_is_a_warning_naming_the_option() throws IOException {
        assertThat(check(sample("taskdef.yaml"), ReadOptions.DEFAULT.withTaskLevel(null, "256", null, List.of(), Map.of()))
                .errors()).extracting(Problem::message).containsExactly("--network-mode, --cpu, --memory, "
                + "--requires-compatibilities and --volume give a Terraform container_definitions array the task level its .tf "
                + "sets; this file has its own");
        TaskDefinitionCheck.Result undeclared = check(sample("containers.json"),
                ReadOptions.DEFAULT.withTaskLevel("awsvpc", "256", "512", List.of("FARGATE"), Map.of()));
        assertThat(undeclared.errors()).isEmpty();
        assertThat(undeclared.warnings()).extracting(Problem::path, Problem::hint).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "containerDefinitions[0].mountPoints[0].sourceVolume",
                "Say so with --volume data (or --volume data=/host/path for a host_path), as the .tf does."));
        TaskDefinition bound = check(sample("containers.json"),
                ReadOptions.DEFAULT.withTaskLevel(null, null, null, List.of(), Map.of("data", "/srv/data"))).taskDefinition();
        assertThat(bound.volumes().get(0).host().sourcePath()).isEqualTo("/srv/data");
    }

    @Test
    void a_copilot_manifest_is_answered_with_the_command_that_renders_it() {
        TaskDefinitionCheck.Result result = check("name: orders\ntype: Backend Service\nimage:\n  build: Dockerfile\n",
                "manifest.yml", ReadOptions.DEFAULT);
        assertThat(result.errors()).extracting(Problem::message).containsExactly(
                "this is an AWS Copilot manifest (Backend Service), not a task definition");
        assertThat(result.errors().get(0).hint()).startsWith("Render it to the CloudFormation template Copilot deploys, then pass "
                + "that: copilot svc package --name orders --env ENV --output-dir ./copilot-out");
    }

    @Test
    void yaml_that_cannot_be_read_is_said_at_its_line_and_unknown_tags_are_not_functions() {
        assertThat(check("family: t\ncontainerDefinitions:\n  - name: a\n   image: b\n", "t.yaml", ReadOptions.DEFAULT).errors())
                .extracting(p -> p.location().line() + " " + p.message()).singleElement().asString().startsWith("4 not valid YAML: ");
        assertThat(check("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: !Reference x\n",
                "t.yaml", ReadOptions.DEFAULT).errors()).extracting(p -> p.location().line() + " " + p.message())
                .containsExactly("5 !Reference is not one of CloudFormation's functions");
    }

    @Test
    void a_syntax_error_in_a_template_with_sub_is_said_as_the_syntax_error_not_as_an_unrendered_template() {
        TaskDefinitionCheck.Result json = check("{\"Resources\": {\"T\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": {\n"
                + "  \"ContainerDefinitions\": [{\"Name\": \"a\", \"Image\": {\"Fn::Sub\": \"${AWS::AccountId}.dkr.ecr/app\"},\n"
                + "  \"Memory\": 128,}]}}}}", "stack.json", ReadOptions.DEFAULT);
        assertThat(json.errors()).extracting(p -> p.location().line() + " " + p.message())
                .containsExactly("3 not valid JSON: a comma before '}': JSON allows no comma after the last field, remove it");
        TaskDefinitionCheck.Result yaml = check("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
                + "      ContainerDefinitions:\n        - Name: a\n          Image: !Sub '${AWS::Region}/app'\n"
                + "          Command: [sh, -c\n", "stack.yaml", ReadOptions.DEFAULT);
        assertThat(yaml.errors()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("not valid YAML: "));
    }

    @Test
    void yaml_that_would_expand_without_end_or_nests_without_end_is_refused_quickly_and_plainly() {
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i <= 24; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        laughs.append("family: f\ncontainerDefinitions: [{name: app, image: i, memory: 64, command: *a24}]\n");
        long start = System.nanoTime();
        assertThat(check(laughs.toString(), "laughs.yaml", ReadOptions.DEFAULT).errors()).extracting(Problem::message)
                .containsExactly("the document expands to more than 250000 values (its aliases copy what they name)");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));

        String deep = "a: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        assertThat(check(deep, "deep.yaml", ReadOptions.DEFAULT).errors()).extracting(Problem::message)
                .singleElement().asString().startsWith("nested");

        // More than SnakeYAML's default 50 aliases of collections: valid YAML, as real files share log settings so.
        StringBuilder shared = new StringBuilder("x-log: &log {logDriver: json-file}\nfamily: f\ncontainerDefinitions:\n");
        for (int i = 0; i < 10; i++) {
            shared.append("  - {name: c").append(i).append(", image: i, memory: 8, logConfiguration: *log}\n");
        }
        shared.append("x-shared: [").append("*log, ".repeat(60)).append("]\n");
        TaskDefinitionCheck.Result many = check(shared.toString(), "many.yaml", ReadOptions.DEFAULT);
        assertThat(many.errors()).isEmpty();
        assertThat(many.taskDefinition().containerDefinitions()).hasSize(10);
    }

    @Test
    void terraform_show_output_of_an_unexpected_shape_is_said_not_thrown() {
        for (String broken : List.of(
                "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{\"address\":\"aws_ecs_task_definition.a\","
                        + "\"type\":\"aws_ecs_task_definition\",\"name\":\"a\"}]}}}",
                "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":{\"x\":1}}}}",
                "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"child_modules\":{\"a\":{}}}}}",
                "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{\"address\":\"aws_ecs_task_definition.a\","
                        + "\"type\":\"aws_ecs_task_definition\",\"values\":{\"family\":\"a\",\"proxy_configuration\":[\"x\"],"
                        + "\"container_definitions\":\"[{\\\"name\\\":\\\"x\\\",\\\"image\\\":\\\"i\\\",\\\"memory\\\":64}]\"}}]}}}")) {
            TaskDefinitionCheck.Result result = check(broken, "show.json", ReadOptions.DEFAULT);
            assertThat(result.errors()).as(broken).isNotEmpty().allSatisfy(p -> assertThat(p.location()).isNotNull());
        }
    }

    @Test
    void get_att_with_a_dotted_string_unknown_properties_and_dynamic_references_are_as_cloudformation_has_them() {
        TaskDefinitionCheck.Result result = check(String.join("\n",
                "Resources:",
                "  Role: {Type: AWS::IAM::Role}",
                "  T:",
                "    Type: AWS::ECS::TaskDefinition",
                "    Properties:",
                "      ExecutionRoleArn: {'Fn::GetAtt': Role.Arn}",
                "      Memmory: '512'",
                "      ContainerDefinitions:",
                "        - Name: a",
                "          Image: '{{resolve:ssm:/app/image}}'",
                "          Memory: 64",
                "          Essental: false",
                "          Command: [sh, -c, !Sub 'echo ${!HOME}']",
                ""), "t.yaml", ReadOptions.DEFAULT);
        assertThat(result.taskDefinition().executionRoleArn()).isEqualTo("arn:aws:iam::000000000000:role/Role");
        assertThat(result.errors()).extracting(Problem::message, Problem::hint).containsExactly(
                org.assertj.core.groups.Tuple.tuple("\"Memmory\" is not a property CloudFormation knows here, and it refuses the "
                        + "template (\"Encountered unsupported property Memmory\")", "Did you mean \"Memory\"?"),
                org.assertj.core.groups.Tuple.tuple("\"Essental\" is not a property CloudFormation knows here, and it refuses the "
                        + "template (\"Encountered unsupported property Essental\")", "Did you mean \"Essential\"?"));
        assertThat(result.warnings()).extracting(Problem::message).noneMatch(m -> m.contains("template placeholder"))
                .anyMatch(m -> m.startsWith("CloudFormation resolves dynamic references when it deploys, and ecs-local reads "
                        + "nothing from AWS: containerDefinitions[0].image = {{resolve:ssm:/app/image}} stay as written"));
    }

    @Test
    void bare_properties_take_their_parameters_from_the_options() {
        TaskDefinitionCheck.Result result = check("Memory: '512'\nContainerDefinitions:\n  - Name: app\n    Image: !Sub 'nginx:${Tag}'\n",
                "props.yaml", ReadOptions.DEFAULT.withParameters(Map.of("Tag", "1.27")));
        assertThat(result.errors()).isEmpty();
        assertThat(result.taskDefinition().container("app").orElseThrow().image()).isEqualTo("nginx:1.27");
        assertThat(check("ContainerDefinitions: []\n", "props.yaml", ReadOptions.DEFAULT.withParameters(Map.of("AWS::StackId", "x")))
                .errors()).extracting(Problem::message).containsExactly("--parameter AWS::StackId: not a pseudo parameter ecs-local "
                + "lets you set");
    }

    @Test
    void a_parameters_file_keeps_previous_values_to_the_default_and_refuses_an_entry_without_a_value() throws IOException {
        Path file = Files.createTempFile("params", ".json");
        Files.writeString(file, "[{\"ParameterKey\": \"EnvName\", \"UsePreviousValue\": true}, "
                + "{\"ParameterKey\": \"Greeting\", \"ParameterValue\": \"hi\"}]");
        assertThat(TemplateParameters.read(file)).containsExactly(Map.entry("Greeting", "hi"));
        Files.writeString(file, "[{\"ParameterKey\": \"EnvName\"}]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TemplateParameters.read(file))
                .hasMessage("EnvName has no \"ParameterValue\" (nor \"UsePreviousValue\": true)");
        Files.delete(file);
    }

    @Test
    void terraform_hcl_is_answered_with_the_command_that_gives_what_ecs_local_reads() {
        TaskDefinitionCheck.Result result = check("resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n}\n",
                "main.tf", ReadOptions.DEFAULT);
        assertThat(result.errors()).extracting(Problem::message)
                .containsExactly("this is Terraform configuration (HCL), not a task definition");
        assertThat(check("local env = std.extVar('ENV');\n{\n  family: 'x',\n}\n", "task.jsonnet", ReadOptions.DEFAULT).errors())
                .extracting(Problem::message, Problem::hint).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "this is Jsonnet, a template of JSON: render it first", "jsonnet task.jsonnet > taskdef.json (with "
                                + "ecspresso: ecspresso render taskdef > taskdef.json), then pass taskdef.json."));
    }

    private static int lineOf(Path file, String text) throws IOException {
        return lineOf(Files.readString(file), text);
    }

    private static int lineOf(String content, String text) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line has " + text);
    }
}

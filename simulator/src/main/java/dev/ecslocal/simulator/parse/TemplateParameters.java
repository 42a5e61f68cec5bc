package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file of CloudFormation parameter values, in the forms tools write them: Copilot's {@code NAME-ENV.params.json} and
 * CodePipeline's template configuration ({@code {"Parameters": {"Name": "value"}}}), and the AWS CLI's
 * {@code --parameters file://…} ({@code [{"ParameterKey": "Name", "ParameterValue": "value"}]}).
 */
public final class TemplateParameters {
    private TemplateParameters() {
    }

    /** @throws IOException in words a user can act on, when the file is unreadable or in neither form */
    public static Map<String, String> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(TaskDefinitionReader.text(Files.readAllBytes(file)));
        } catch (JsonProcessingException e) {
            throw new IOException("not valid JSON: " + JsonSyntax.explain(e.getOriginalMessage()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root != null && root.path("Parameters").isObject()) {
            root.get("Parameters").fields().forEachRemaining(p -> values.put(p.getKey(), p.getValue().asText()));
            return values;
        }
        if (root != null && root.isArray()) {
            for (JsonNode parameter : root) {
                if (!parameter.path("ParameterKey").isTextual()) {
                    throw new IOException("each entry needs a \"ParameterKey\" and a \"ParameterValue\"");
                }
                String name = parameter.get("ParameterKey").textValue();
                if (parameter.path("UsePreviousValue").asBoolean(false)) {
                    continue; // the stack's current value, which ecs-local cannot know: the template's Default applies
                }
                if (!parameter.path("ParameterValue").isValueNode() || parameter.path("ParameterValue").isNull()) {
                    throw new IOException(name + " has no \"ParameterValue\" (nor \"UsePreviousValue\": true)");
                }
                values.put(name, parameter.get("ParameterValue").asText());
            }
            return values;
        }
        throw new IOException("not a parameters file: write {\"Parameters\": {\"Name\": \"value\"}} or "
                + "[{\"ParameterKey\": \"Name\", \"ParameterValue\": \"value\"}]");
    }
}

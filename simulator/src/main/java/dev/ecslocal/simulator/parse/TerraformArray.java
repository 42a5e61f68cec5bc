package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.problem.Problem;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Terraform {@code container_definitions} array with the task level its {@code .tf} gives it, from the options
 * that mirror the {@code aws_ecs_task_definition} attributes ({@code --network-mode}, {@code --cpu}, {@code --memory},
 * {@code --requires-compatibilities}, {@code --volume}). A volume the containers mount that no option declares lives
 * in the {@code .tf} ({@code volume { name = … }}), which an array cannot carry: it is taken as the task-scoped volume
 * such a block with no other setting makes, and said once with the option that declares it.
 */
final class TerraformArray {
    private TerraformArray() {
    }

    static ObjectNode taskLevel(ArrayNode containers, ReadOptions options, List<Problem> problems) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode task = nodes.objectNode();
        task.set("containerDefinitions", containers);
        if (options.networkMode() != null) {
            task.put("networkMode", options.networkMode());
        }
        if (options.cpu() != null) {
            task.put("cpu", options.cpu());
        }
        if (options.memory() != null) {
            task.put("memory", options.memory());
        }
        if (!options.requiresCompatibilities().isEmpty()) {
            ArrayNode compatibilities = task.putArray("requiresCompatibilities");
            options.requiresCompatibilities().forEach(compatibilities::add);
        }
        ArrayNode volumes = nodes.arrayNode();
        Set<String> declared = new LinkedHashSet<>();
        for (Map.Entry<String, String> volume : options.volumes().entrySet()) {
            ObjectNode entry = volumes.addObject().put("name", volume.getKey());
            if (!volume.getValue().isEmpty()) {
                entry.putObject("host").put("sourcePath", volume.getValue());
            }
            declared.add(volume.getKey());
        }
        for (int i = 0; i < containers.size(); i++) {
            JsonNode mounts = containers.get(i).path("mountPoints");
            for (int j = 0; j < mounts.size(); j++) {
                JsonNode name = mounts.get(j).path("sourceVolume");
                if (name.isTextual() && !name.textValue().isEmpty() && declared.add(name.textValue())) {
                    volumes.addObject().put("name", name.textValue());
                    String path = JsonPaths.child(JsonPaths.element("containerDefinitions", i), "mountPoints");
                    problems.add(Problem.warning(JsonPaths.child(JsonPaths.element(path, j), "sourceVolume"), null,
                            "volume \"" + name.textValue() + "\" is declared in the .tf (volume { name = \"" + name.textValue()
                                    + "\" }), which a container_definitions array cannot carry: ecs-local makes it the "
                                    + "empty task-scoped volume such a block makes",
                            "Say so with --volume " + name.textValue() + " (or --volume " + name.textValue()
                                    + "=/host/path for a host_path), as the .tf does."));
                }
            }
        }
        if (!volumes.isEmpty()) {
            task.set("volumes", volumes);
        }
        return task;
    }
}

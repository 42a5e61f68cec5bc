package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.Secret;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.parse.TemplatePlaceholders;
import dev.ecslocal.simulator.platform.EnvironmentFileSource;
import dev.ecslocal.simulator.platform.SecretStore;
import dev.ecslocal.simulator.platform.UnresolvedSecret;
import dev.ecslocal.simulator.problem.Suggestions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images the user runs instead of the task definition's ({@code --image}), and the template placeholders a run
 * cannot start with. Validate and plan read a placeholder as written ({@code <IMAGE1_NAME>}, {@code ${Partition}}); a
 * run refuses one, before Docker is asked anything, only where ecs-local itself must turn the string into something:
 * the image it pulls, and the secrets and environment files it looks up (unless {@code --secrets} or
 * {@code --env-file-map} answers the string as written). Everywhere else (environment values, labels, log options,
 * roles, paths) ECS passes the string to Docker as written, and so does ecs-local, after validate's warning.
 */
final class Placeholders {
    private Placeholders() {
    }

    /**
     * The task with each named container's image replaced.
     *
     * @return the task itself when nothing is replaced
     * @throws RunRefusedException naming every {@code --image} that names no container or gives no image
     */
    static TaskDefinition withImages(TaskDefinition task, Map<String, String> images) throws RunRefusedException {
        if (images.isEmpty()) {
            return task;
        }
        List<String> names = task.containerDefinitions().stream().map(ContainerDefinition::name).toList();
        List<String> refusals = new ArrayList<>();
        for (Map.Entry<String, String> image : images.entrySet()) {
            String name = image.getKey();
            if (!names.contains(name)) {
                refusals.add("--image " + name + "=" + image.getValue() + ": the task has no container \"" + name + "\"."
                        + Suggestions.closest(name, names).map(s -> " Did you mean \"" + s + "\"?").orElse("")
                        + " Containers defined: " + quoted(names) + ".");
            } else if (image.getValue().isBlank() || image.getValue().chars().anyMatch(Character::isWhitespace)) {
                refusals.add("--image " + name + "=" + image.getValue() + ": give an image reference without spaces, e.g. "
                        + "--image " + name + "=" + name.toLowerCase(java.util.Locale.ROOT) + ":dev.");
            }
        }
        if (!refusals.isEmpty()) {
            throw new RunRefusedException(String.join("\n", refusals));
        }
        List<ContainerDefinition> containers = task.containerDefinitions().stream()
                .map(c -> images.containsKey(c.name()) ? c.withImage(images.get(c.name())) : c).toList();
        return task.withContainerDefinitions(containers);
    }

    /**
     * What {@link #withImages} changed, for the run to say: container name to "new (was old)".
     */
    static Map<String, String> replaced(TaskDefinition before, TaskDefinition after) {
        Map<String, String> replaced = new LinkedHashMap<>();
        for (int i = 0; i < before.containerDefinitions().size(); i++) {
            ContainerDefinition was = before.containerDefinitions().get(i);
            ContainerDefinition now = after.containerDefinitions().get(i);
            if (!java.util.Objects.equals(was.image(), now.image())) {
                replaced.put(now.name(), now.image() + " (--image), instead of the task definition's " + was.image());
            }
        }
        return replaced;
    }

    /**
     * Refuses the run when a placeholder stands where ecs-local must have a real value to start a container: every
     * such place at once, each with the container, the field, the placeholder and the option that supplies it.
     */
    static void check(TaskDefinition task, SecretStore secrets, EnvironmentFileSource files) throws RunRefusedException {
        List<String> unresolved = new ArrayList<>();
        for (ContainerDefinition container : task.containerDefinitions()) {
            String where = "container \"" + container.name() + "\" ";
            List<String> inImage = TemplatePlaceholders.in(container.image());
            if (!inImage.isEmpty()) {
                unresolved.add(where + "image \"" + container.image() + "\": " + named(inImage) + " stands for the image to run; "
                        + "give it with --image " + container.name() + "=IMAGE");
            }
            secrets(where, "secrets", container.secrets(), secrets, unresolved);
            if (container.logConfiguration() != null) {
                secrets(where, "logConfiguration.secretOptions", container.logConfiguration().secretOptions(), secrets, unresolved);
            }
            for (int i = 0; i < container.environmentFiles().size(); i++) {
                String value = container.environmentFiles().get(i).value();
                List<String> found = TemplatePlaceholders.in(value);
                if (!found.isEmpty() && files.find(value).isEmpty()) {
                    unresolved.add(where + "environmentFiles[" + i + "].value \"" + value + "\": " + named(found)
                            + " names no S3 object ecs-local can read; give a local copy with --env-file-map '" + value
                            + "=PATH'");
                }
            }
        }
        if (unresolved.size() == 1) {
            throw new RunRefusedException("cannot run a template placeholder: " + unresolved.get(0)
                    + " (validate and plan read it as written)");
        }
        if (!unresolved.isEmpty()) {
            throw new RunRefusedException("cannot run " + unresolved.size() + " template placeholders (validate and plan "
                    + "read them as written):\n  " + String.join("\n  ", unresolved));
        }
    }

    /** A secret whose valueFrom holds a placeholder runs only when the secrets file answers it as written. */
    private static void secrets(String where, String field, List<Secret> list, SecretStore store, List<String> unresolved) {
        for (int i = 0; i < list.size(); i++) {
            Secret secret = list.get(i);
            List<String> found = TemplatePlaceholders.in(secret.valueFrom());
            if (found.isEmpty()) {
                continue;
            }
            boolean answered;
            try {
                answered = store.find(secret).isPresent();
            } catch (UnresolvedSecret unusable) {
                answered = false;
            }
            if (!answered) {
                unresolved.add(where + field + "[" + i + "].valueFrom \"" + secret.valueFrom() + "\": " + named(found)
                        + " names no secret ECS could fetch; put the value in the --secrets file under \"" + secret.valueFrom()
                        + "\"" + (secret.name() == null ? "" : " or under \"" + secret.name() + "\""));
            }
        }
    }

    private static String named(List<String> placeholders) {
        return (placeholders.size() == 1 ? "the placeholder " : "the placeholders ") + String.join(" and ", placeholders);
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }
}

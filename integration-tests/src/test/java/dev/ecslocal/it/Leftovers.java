package dev.ecslocal.it;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What the runs of one test left on the daemon with ecs-local's labels: only the tasks of that test's processes (the
 * labels say the pid), because the daemon may be shared with other runs. Removed with `ecs-local down` before the
 * caller asserts, so that one failure leaves no litter for the next test.
 */
final class Leftovers {
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();

    private Leftovers() {
    }

    /** Kills what still runs, lists what the runs left, removes it, and returns the list (empty: nothing was left). */
    static List<String> ofRuns(CliRunner runner) throws Exception {
        runner.killAll();
        Set<String> pids = new HashSet<>();
        runner.processes().forEach(process -> pids.add(Long.toString(process.pid())));
        Set<String> mine = new TreeSet<>();
        DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(List.of("ecs-local.task-id")).exec().stream()
                .filter(c -> pids.contains(c.getLabels().get("ecs-local.pid")))
                .forEach(c -> mine.add(c.getLabels().get("ecs-local.task-id")));
        List<String> left = new ArrayList<>();
        mine.forEach(taskId -> left.addAll(labelled(taskId)));
        for (String taskId : mine) {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    CliRunner.JAR.toString(), "down", taskId, "--force").inheritIO().start().waitFor(60, TimeUnit.SECONDS);
        }
        return left;
    }

    /** The containers and volumes labelled with the task id. */
    static List<String> labelled(String taskId) {
        List<String> left = new ArrayList<>();
        DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(List.of("ecs-local.task-id=" + taskId)).exec()
                .forEach(c -> left.add("container " + c.getNames()[0]));
        var volumes = DOCKER.listVolumesCmd().withFilter("label", List.of("ecs-local.task-id=" + taskId)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> left.add("volume " + v.getName()));
        }
        return left;
    }
}

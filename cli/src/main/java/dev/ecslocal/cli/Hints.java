package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RunOptions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to do next, for the failures a user can fix: the runtime's words say what happened, these say
 * what to try ("…, perhaps you should …", as jib's HelpfulSuggestions do). Null when there is nothing
 * more useful to say than the reason itself.
 */
final class Hints {
    private Hints() {
    }

    static String forReason(String reason, String pauseImage) {
        if (reason == null) {
            return null;
        }
        if (reason.contains("port is already allocated") || reason.contains("address already in use")) {
            return "Another task or program holds that host port. Stop it (`ecs-local ps` lists ecs-local's own tasks), "
                    + "publish on another address with --publish-address, or, in bridge mode, drop the fixed hostPort.";
        }
        if (reason.startsWith("CannotPullContainerError") && reason.contains(pauseImage)) {
            return pauseImageHint(pauseImage);
        }
        if (reason.startsWith("CannotPullContainerError")
                && (reason.contains(" refused the pull of ") || reason.contains("credentials for registry "))) {
            return null; // a registry's refusal, or credentials that could not be read: the reason names the fix
        }
        if (reason.startsWith("CannotPullContainerError")) {
            return "The image is not on this machine and could not be pulled. Build or load it locally "
                    + "(docker build, docker load), or pull it where a registry is reachable; --pull never stops ecs-local from trying.";
        }
        return null;
    }

    /**
     * The hint for one container's reason: a program its image does not have is named with the container's entryPoint
     * and command; otherwise what {@link #forReason} says.
     */
    static String forContainer(String reason, String container, String image, String pauseImage) {
        if (reason != null && reason.startsWith("CannotStartContainerError") && (reason.contains("executable file not found")
                || reason.contains("no such file or directory") && reason.contains("exec: "))) {
            Matcher program = EXEC.matcher(reason);
            return "The image " + image + " has no program " + (program.find() ? "\"" + program.group(1) + "\" " : "")
                    + "to start: check " + container + "'s entryPoint and command against it (docker run --rm -it "
                    + "--entrypoint sh " + image + ", then ls); a script's #! line names a program too.";
        }
        return forReason(reason, pauseImage);
    }

    private static final Pattern EXEC = Pattern.compile("exec: \"([^\"]{1,200})\"");

    static String pauseImageHint(String pauseImage) {
        return RunOptions.pauseImageHint(pauseImage);
    }

    static String forStuckWait() {
        return "ECS would leave the task PENDING for ever here (nothing limits this wait: no startTimeout on the dependency). "
                + "Press Ctrl-C to stop, or run with --task-start-timeout 2m to stop such a task as a failed start.";
    }
}

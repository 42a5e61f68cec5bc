package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RunOptions;

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
        if (reason.startsWith("CannotStartContainerError") && reason.contains("executable file not found")) {
            return "The image has no such program: check entryPoint and command against the image (docker run --rm -it IMAGE sh).";
        }
        return null;
    }

    static String pauseImageHint(String pauseImage) {
        return RunOptions.pauseImageHint(pauseImage);
    }

    static String forStuckWait() {
        return "ECS would leave the task PENDING for ever here (nothing limits this wait: no startTimeout on the dependency). "
                + "Press Ctrl-C to stop, or run with --task-start-timeout 2m to stop such a task as a failed start.";
    }
}

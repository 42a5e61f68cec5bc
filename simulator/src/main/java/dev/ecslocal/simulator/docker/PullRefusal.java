package dev.ecslocal.simulator.docker;

import java.util.List;
import java.util.Locale;

/**
 * A pull the registry refused for credentials, said in one message: which registry, what ecs-local sent (no
 * credentials, an {@code auths} entry, a helper), the registry's own words, and the command that stores working ones.
 */
final class PullRefusal {
    /**
     * How the daemon words a registry's refusal (Docker 20.10 to 29, distribution 2.8, Docker Hub, ECR): {@code no basic
     * auth credentials}, {@code unauthorized: authentication required}, {@code pull access denied for x}, {@code 403
     * Forbidden}. Docker Hub says {@code pull access denied} also for a repository that does not exist.
     */
    private static final List<String> REFUSALS = List.of("no basic auth credentials", "unauthorized", "denied", "401", "403",
            "authentication required", "forbidden");

    private PullRefusal() {
    }

    /** Whether the daemon's message is a registry refusing the credentials it got (or their absence). */
    static boolean refusedCredentials(String daemonMessage) {
        String lower = daemonMessage.toLowerCase(Locale.ROOT);
        return REFUSALS.stream().anyMatch(lower::contains);
    }

    /**
     * {@code registry 127.0.0.1:5000 refused the pull of 127.0.0.1:5000/app:1 (…: no basic auth credentials); ecs-local
     * sent no credentials (…). Log in with `docker login 127.0.0.1:5000` and run again.}
     *
     * @param tried        {@link RegistryCredentials.Lookup#tried()}
     * @param tokensAsked whether the run may get ECR tokens from the account ({@code --pull-credentials aws})
     */
    static String message(String image, Registry registry, String tried, String daemonMessage, boolean tokensAsked) {
        String refused = "registry " + registry + " refused the pull of " + image + " (" + daemonMessage + "); ";
        if (tried.startsWith(PullAuth.ECR_TOKEN)) {
            return refused + "ecs-local sent " + tried + ", which ECR did not accept: your AWS identity needs "
                    + "ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repository (on ECS: the task's execution role), "
                    + "and the repository's policy must not deny it.";
        }
        String sent = tried.startsWith("no credentials") ? "ecs-local sent " + tried
                : "ecs-local sent the credentials from " + tried + ", which the registry did not accept";
        String action = registry.ecrRegion() == null ? "Log in with `" + registry.loginCommand() + "` and run again"
                : "Log in to ECR with `" + registry.loginCommand() + "` and run again"
                + (tokensAsked ? "" : ", or run with --pull-credentials aws and ecs-local gets a token with your AWS "
                + "credentials (ecr:GetAuthorizationToken), as ECS does with the execution role");
        return refused + sent + ". " + action + (registry.dockerHub() ? " (Docker Hub also says this of a repository that "
                + "does not exist: check the name)" : "") + ".";
    }

    /** With Docker's credentials only. */
    static String message(String image, Registry registry, String tried, String daemonMessage) {
        return message(image, registry, tried, daemonMessage, false);
    }
}

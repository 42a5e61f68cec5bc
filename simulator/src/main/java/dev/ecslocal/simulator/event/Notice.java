package dev.ecslocal.simulator.event;

import java.time.Duration;
import java.util.List;

/**
 * What a run decided about its set-up, and why, as typed facts (they arrive as {@link TaskEvent.Noticed}): who does
 * the FireLens router's work, whether the metadata endpoint is served, where each container's logs go; and, while the
 * task runs, what the daemon leaves undone that the run relies on (a health check it never runs). A front end
 * renders them as it likes; {@link #text()} is the plain sentence, for logs and the events file.
 */
public sealed interface Notice {
    /** What the notice is about, for a front end that groups or prefixes them. */
    enum Topic { RUN, FIRELENS, ENDPOINTS, LOGS, IMAGES, HEALTH }

    Topic topic();

    /** The notice as one plain sentence, without the topic. */
    String text();

    /** The run begins: which task, as which task id, on which daemon. */
    record RunStarting(RunIdentity run, String networkMode, String daemon) implements Notice {
        @Override
        public Topic topic() {
            return Topic.RUN;
        }

        @Override
        public String text() {
            return "running " + run.taskDefinition() + " as task " + run.taskId() + " (networkMode " + networkMode + ", " + daemon + ")";
        }
    }

    /**
     * The router container runs its own image with the configuration ECS would generate.
     *
     * @param automatic chosen by {@code auto} (the stand-in was possible too)
     */
    record FirelensRouter(String router, String image, String type, String configPath, String socket, boolean automatic)
            implements Notice {
        @Override
        public Topic topic() {
            return Topic.FIRELENS;
        }

        @Override
        public String text() {
            return router + " runs " + image + " (" + type + ") with the configuration ECS would generate, mounted at "
                    + configPath + "; the task's awsfirelens containers log to its socket " + socket
                    + (automatic ? " (--firelens embedded makes ecs-local stand in for it)" : "");
        }
    }

    /** ecs-local's embedded receiver does the router's work, for {@code why}. */
    /**
     * @param driverAddress where Docker's fluentd driver delivers the records; null: Docker cannot deliver them to
     *                      ecs-local here, so the containers log as json-file and ecs-local reads their lines back
     */
    record FirelensStandIn(String router, String type, String why, String driverAddress) implements Notice {
        @Override
        public Topic topic() {
            return Topic.FIRELENS;
        }

        @Override
        public String text() {
            return "ecs-local stands in for " + router + " (" + type + "), because " + why + ": its records arrive "
                    + (driverAddress != null ? "at " + driverAddress
                    : "as the awsfirelens containers' own lines, which Docker keeps (json-file, not ECS's fluentd driver, which "
                    + "cannot reach ecs-local from this daemon) and ecs-local reads back through the Docker API,")
                    + " and are shown here as `container → output | record`, filtered and tagged as the "
                    + "router's configuration would (`ecs-local plan --firelens-config`); nothing is sent";
        }
    }

    /** An output of the router's configuration that would leave the machine is replaced by a local one. */
    record FirelensOutputKeptLocal(String container, String plugin, String router, boolean shownHere) implements Notice {
        @Override
        public Topic topic() {
            return Topic.FIRELENS;
        }

        @Override
        public String text() {
            return container + "'s output \"" + plugin + "\" is not sent: " + (shownHere ? "its records are shown here"
                    : "its records go to " + router + "'s stdout (it cannot reach ecs-local)") + " (--firelens-outputs=real sends them)";
        }
    }

    /** The metadata and credentials endpoints answer at {@code baseUrl}. */
    /** @param servedBy who answers there: the relay inside Docker, or ecs-local's own listener */
    record EndpointsServed(String baseUrl, String servedBy, String taskRoleArn, String credentials) implements Notice {
        @Override
        public Topic topic() {
            return Topic.ENDPOINTS;
        }

        @Override
        public String text() {
            return baseUrl + "/v4/<id> for each container (" + servedBy + ")" + (taskRoleArn == null ? ""
                    : "; task role " + taskRoleArn + " credentials: " + credentials);
        }
    }

    /** The endpoints are not served, and the containers get none of their variables. */
    record EndpointsNotServed(String why) implements Notice {
        @Override
        public Topic topic() {
            return Topic.ENDPOINTS;
        }

        @Override
        public String text() {
            return "not served, " + why;
        }
    }

    /** Where a container's lines go instead of its task definition's log driver. */
    record LogDestination(String container, String destination) implements Notice {
        @Override
        public Topic topic() {
            return Topic.LOGS;
        }

        @Override
        public String text() {
            return container + ": " + destination;
        }
    }

    /**
     * A container with a healthCheck is running, but the daemon has run none of its checks by the time the first
     * result was due: its health stays UNKNOWN, as ECS would keep it, and whatever waits for it HEALTHY waits on,
     * with no other word from the daemon. Said once per container, never once a status was reported.
     *
     * @param waited              since it started
     * @param firstResultDue      when the first check's result was due after its start: its interval, plus its timeout
     * @param healthyDependents   the containers that wait for it HEALTHY, in definition order
     * @param startTimeoutSeconds its startTimeout, which ends their wait (ECS reads it from the dependency); null: none
     * @param podman              the daemon is Podman, which runs health checks only through systemd
     * @param runtimeId           the daemon's id for it
     */
    record HealthChecksNotRun(String container, Duration waited, Duration firstResultDue,
                              List<String> healthyDependents, Integer startTimeoutSeconds, boolean podman,
                              String runtimeId) implements Notice {
        public HealthChecksNotRun {
            healthyDependents = List.copyOf(healthyDependents);
        }

        @Override
        public Topic topic() {
            return Topic.HEALTH;
        }

        @Override
        public String text() {
            String cause = podman
                    ? "Podman runs health checks only through systemd timers, and this Podman has no systemd (its service logs "
                    + "\"unable to get systemd connection to add healthchecks\"); run on Docker Engine or under systemd, or "
                    + "run one check by hand: podman healthcheck run " + shortId()
                    : "the daemon has reported no result of any check";
            String waits;
            if (healthyDependents.isEmpty()) {
                waits = "";
            } else {
                String who = String.join(", ", healthyDependents) + (healthyDependents.size() == 1 ? " waits" : " wait");
                waits = ": " + who + " for it HEALTHY " + (startTimeoutSeconds == null
                        ? "for ever (" + container + " has no startTimeout; --task-start-timeout ends such a run)"
                        : "until " + container + "'s startTimeout (" + startTimeoutSeconds + "s) ends the wait");
            }
            return container + " has a healthCheck, but the daemon has run none of its checks " + waited.toSeconds()
                    + "s after it started (the first result was due after " + firstResultDue.toSeconds() + "s): " + cause
                    + ". Its health stays UNKNOWN, as ECS would keep it" + waits;
        }

        private String shortId() {
            return runtimeId == null ? container : runtimeId.substring(0, Math.min(12, runtimeId.length()));
        }
    }

    /** Anything else the run says of its set-up (a receiver's trouble, a router without its socket, a pull). */
    record Remark(Topic topic, String text) implements Notice {
    }
}

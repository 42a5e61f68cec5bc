package dev.ecslocal.simulator.event;

/**
 * What a run decided about its set-up, and why, as typed facts (they arrive as {@link TaskEvent.Noticed}): who does
 * the FireLens router's work, whether the metadata endpoint is served, where each container's logs go. A front end
 * renders them as it likes; {@link #text()} is the plain sentence, for logs and the events file.
 */
public sealed interface Notice {
    /** What the notice is about, for a front end that groups or prefixes them. */
    enum Topic { RUN, FIRELENS, ENDPOINTS, LOGS, IMAGES }

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

    /** Anything else the run says of its set-up (a receiver's trouble, a router without its socket, a pull). */
    record Remark(Topic topic, String text) implements Notice {
    }
}

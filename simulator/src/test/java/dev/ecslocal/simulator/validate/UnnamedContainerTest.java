package dev.ecslocal.simulator.validate;

import org.junit.jupiter.api.Test;

import static dev.ecslocal.simulator.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

/** A container without a name is named by its place in every message, never as "container 'null'". */
class UnnamedContainerTest {
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Test
    void an_unnamed_container_is_named_by_its_index_in_every_message() {
        assertThat(problems(json("{'family':'t','networkMode':'awsvpc','containerDefinitions':["
                + "{'name':'app','image':'i','memory':64},"
                + "{'image':'i','portMappings':[{'containerPort':0}]},"
                + "{'name':'','image':'i','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'image':'i','memory':64,'firelensConfiguration':{'type':'fluentbit'}}]}")))
                .containsExactly(
                        "ERROR containerDefinitions[1]: Invalid setting for containerDefinitions[1] (no name). At least one of "
                                + "'memory' or 'memoryReservation' must be specified.",
                        "ERROR containerDefinitions[1].name: name is required",
                        "ERROR containerDefinitions[1].portMappings[0].containerPort: Invalid 'containerPort' setting for "
                                + "containerDefinitions[1] (no name).",
                        "ERROR containerDefinitions[2].name: name is required",
                        "ERROR containerDefinitions[2].firelensConfiguration: When a firelensConfiguration object is specified, "
                                + "at least one container has to be configured with the awsfirelens log driver.",
                        "ERROR containerDefinitions[3].name: name is required",
                        "ERROR containerDefinitions[3].firelensConfiguration: more than one container has a firelensConfiguration "
                                + "(containerDefinitions[2] (no name) and containerDefinitions[3] (no name))")
                .noneMatch(line -> line.contains("null"));
    }

    @Test
    void a_named_container_keeps_ECS_own_words() {
        assertThat(problems(json("{'family':'t','containerDefinitions':[{'name':'app','image':'i'},"
                + "{'name':'r1','image':'i','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'r2','image':'i','memory':64,'firelensConfiguration':{'type':'fluentbit'}}]}")))
                .contains("ERROR containerDefinitions[0]: Invalid setting for container 'app'. At least one of 'memory' or "
                                + "'memoryReservation' must be specified.",
                        "ERROR containerDefinitions[2].firelensConfiguration: more than one container has a firelensConfiguration "
                                + "(\"r1\" and \"r2\")");
    }
}

package dev.ecslocal.simulator.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task definition registered in the user's account, named as ecs:DescribeTaskDefinition's {@code taskDefinition}
 * parameter takes it: {@code FAMILY} (its latest ACTIVE revision), {@code FAMILY:REVISION}, or the task definition's
 * ARN ({@code arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3}). Checked here, before AWS is asked, with
 * the rules of RegisterTaskDefinition's family (1 to 255 letters, digits, hyphens and underscores).
 *
 * @param family    the family
 * @param revision  the revision; null: the latest ACTIVE one
 * @param region    the ARN's region; null when a family was given (the run's region is asked)
 * @param asGiven   what the user wrote, which is what AWS is asked for
 */
public record TaskDefinitionReference(String family, Integer revision, String region, String asGiven) {
    private static final String FAMILY = "[A-Za-z0-9_-]{1,255}";
    private static final Pattern NAME = Pattern.compile("(" + FAMILY + ")(?::([^:]*))?");
    private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):ecs:([a-z0-9-]+):(\\d{12}):task-definition/("
            + FAMILY + ")(?::([^:]*))?");
    private static final String FORMS = "FAMILY, FAMILY:REVISION or a task definition ARN "
            + "(arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION)";

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code text} and what ECS takes instead
     */
    public static TaskDefinitionReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("give " + FORMS);
        }
        if (text.startsWith("arn:")) {
            Matcher arn = ARN.matcher(text);
            if (!arn.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not an ECS task definition ARN: ECS's look like "
                        + "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3 (a family of 1 to 255 letters, digits, "
                        + "- and _, and its revision)");
            }
            return new TaskDefinitionReference(arn.group(4), revision(text, arn.group(4), arn.group(5)), arn.group(2), text);
        }
        Matcher name = NAME.matcher(text);
        if (!name.matches()) {
            String hint = text.contains(".") || text.contains("/")
                    ? " To read a file, give it as FILE, without --task-definition." : "";
            throw new IllegalArgumentException("'" + text + "' is not a task definition's name: give " + FORMS
                    + "; a family has 1 to 255 letters, digits, - and _." + hint);
        }
        return new TaskDefinitionReference(name.group(1), revision(text, name.group(1), name.group(2)), null, text);
    }

    private static Integer revision(String text, String family, String revision) {
        if (revision == null) {
            return null;
        }
        if (!revision.matches("[1-9][0-9]{0,9}") || Long.parseLong(revision) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "': a revision is a whole number from 1 (" + family
                    + ":3); leave it out (" + family + ") for the latest ACTIVE revision");
        }
        return Integer.valueOf(revision);
    }

    /** {@code web:3}, or {@code web} for the latest revision: how messages name it. */
    @Override
    public String toString() {
        return revision == null ? family : family + ":" + revision;
    }
}

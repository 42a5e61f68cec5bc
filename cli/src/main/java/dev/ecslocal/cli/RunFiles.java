package dev.ecslocal.cli;

import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.report.TaskReport;
import dev.ecslocal.simulator.report.Timeline;
import dev.ecslocal.simulator.report.TimelineHtml;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files a run writes besides its console: checked before it starts, written at its end (--events as it goes). */
final class RunFiles {
    @Option(names = "--events", paramLabel = "FILE",
            description = "Write every event as JSON Lines: {\"t\": ms, \"kind\", \"container\", \"status\", \"health\", "
                    + "\"exitCode\", \"reason\", \"stopCode\"}.")
    Path eventsFile;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the stopped task as one Task of `aws ecs describe-tasks` (JSON).")
    Path reportFile;

    @Option(names = "--timeline", paramLabel = "FILE.html",
            description = "Write the run's timeline as a self-contained HTML page: one lane per container, its phases as "
                    + "coloured bars (hover for times), arrows from each met dependency to the start it released, exits with "
                    + "their codes. `ecs-local timeline EVENTS.jsonl` draws one from a saved --events file.")
    Path timelineFile;

    /** @throws UnwritableFile before anything starts, naming the option */
    void check() throws UnwritableFile {
        UnwritableFile.check("--events", eventsFile);
        UnwritableFile.check("--report", reportFile);
        UnwritableFile.check("--timeline", timelineFile);
    }

    /** Null without --events. */
    EventsFile events() throws UnwritableFile {
        return eventsFile == null ? null : EventsFile.open(eventsFile);
    }

    void write(Timeline timeline, TaskReport report, RunIdentity run) throws UnwritableFile {
        if (timelineFile != null) {
            write("--timeline", timelineFile, TimelineHtml.render(timeline, run.taskDefinition() + " (task " + run.taskId() + ")"));
        }
        if (reportFile != null) {
            write("--report", reportFile, JsonOutput.document(report));
        }
    }

    private static void write(String option, Path file, String content) throws UnwritableFile {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UnwritableFile.of(option, file, e);
        }
    }
}

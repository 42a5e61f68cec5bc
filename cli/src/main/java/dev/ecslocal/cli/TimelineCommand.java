package dev.ecslocal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecslocal.simulator.report.EventJson;
import dev.ecslocal.simulator.report.Timeline;
import dev.ecslocal.simulator.report.TimelineHtml;
import dev.ecslocal.simulator.report.TimelineText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = "Draw the timeline of a run from its saved events (`ecs-local run --events FILE`): as a table on "
                + "stdout, or with -o as a self-contained HTML page (one lane per container, phases as coloured bars, "
                + "arrows from each met dependency to the start it released, exits with their codes). No Docker needed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:drawn", "2:usage error, or the file cannot be read or is not an events file"})
final class TimelineCommand implements Callable<Integer> {
    /** Lines from newer versions may carry fields this one does not know: they are skipped, not refused. */
    private static final ObjectMapper LINES = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "EVENTS.jsonl", description = "The file `ecs-local run --events` wrote.")
    Path eventsFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", description = "Write the HTML page here instead of "
            + "printing the table.")
    Path htmlFile;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(eventsFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + eventsFile
                    + ": it is a directory; give the file `ecs-local run --events` wrote");
        }
        UnwritableFile.check("-o", htmlFile);
        List<String> lines;
        try {
            lines = Files.readAllLines(eventsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UnreadableFile(eventsFile, e);
        }
        List<EventJson> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                EventJson event = LINES.readValue(lines.get(i), EventJson.class);
                if (event.kind() == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), eventsFile + ":" + (i + 1)
                            + ": no \"kind\": not a line of `ecs-local run --events`");
                }
                events.add(event);
            } catch (JsonProcessingException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), eventsFile + ":" + (i + 1) + ": not an event ("
                        + e.getOriginalMessage() + "); give the file `ecs-local run --events` wrote");
            }
        }
        if (events.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), eventsFile + " has no events");
        }
        Timeline timeline = Timeline.of(events);
        if (htmlFile == null) {
            spec.commandLine().getOut().print(TimelineText.render(timeline));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        try {
            Files.writeString(htmlFile, TimelineHtml.render(timeline, eventsFile.getFileName().toString()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UnwritableFile.of("-o", htmlFile, e);
        }
        return ExitCodes.OK;
    }
}

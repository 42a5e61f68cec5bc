package dev.ecslocal.cli;

import dev.ecslocal.simulator.model.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** {@link Durations}; a zero timeout is refused: it would stop every task at once. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (duration.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write 90s, 5m or 1h30m");
        }
        return duration;
    }
}

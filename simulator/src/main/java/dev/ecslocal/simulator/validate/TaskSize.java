package dev.ecslocal.simulator.validate;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task-level {@code cpu} and {@code memory} are strings: CPU units ({@code "256"}) or vCPUs
 * ({@code "0.25 vCPU"}), MiB ({@code "512"}) or GB ({@code "1GB"}, {@code "1 GB"}); ECS converts them
 * at registration (ECS-SEMANTICS §10).
 */
final class TaskSize {
    /** A number as ECS reads one in these strings: {@code 1}, {@code 0.25} and {@code .25} alike (the ECS Exec guide's own). */
    private static final String NUMBER = "(\\d+(?:\\.\\d+)?|\\.\\d+)";
    private static final Pattern VCPU = Pattern.compile(NUMBER + "\\s*vcpu");
    private static final Pattern GB = Pattern.compile(NUMBER + "\\s*gb");

    private TaskSize() {
    }

    static Optional<Integer> cpuUnits(String text) {
        return parse(text, VCPU, 1024);
    }

    static Optional<Integer> memoryMiB(String text) {
        return parse(text, GB, 1024);
    }

    private static Optional<Integer> parse(String text, Pattern scaled, int factor) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.matches("\\d+")) {
                return Optional.of(Integer.parseInt(value));
            }
            Matcher matcher = scaled.matcher(value);
            if (matcher.matches()) {
                BigDecimal amount = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(factor));
                return Optional.of(amount.intValueExact());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}

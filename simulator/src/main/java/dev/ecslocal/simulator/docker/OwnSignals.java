package dev.ecslocal.simulator.docker;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signals this runtime sent, told apart from the ones someone else sent (docker stop or kill from a terminal,
 * {@code ecs-local kill}, the daemon's own shutdown, which stops every container). Docker's {@code kill} events carry
 * only the container and the signal's number, whoever sent it: so each call of ours is counted, and an event is ours
 * while a count is left for it. A stop of ours sends the container's stop signal first (counted per container, since
 * the image chooses it) and SIGKILL when its grace runs out (ours once the container was stopped by us).
 */
final class OwnSignals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ABRT", 6), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("WINCH", 28));

    private final Map<String, Integer> stops = new ConcurrentHashMap<>();
    private final Map<String, Integer> signals = new ConcurrentHashMap<>();
    private final Map<String, Boolean> stoppedByUs = new ConcurrentHashMap<>();

    void stopping(String id) {
        stops.merge(id, 1, Integer::sum);
        stoppedByUs.put(id, Boolean.TRUE);
    }

    void signalling(String id, String signal) {
        signals.merge(id + "/" + number(signal), 1, Integer::sum);
    }

    /** Whether a kill event for the container with this signal (Docker's number, or a name) answers a call of ours. */
    boolean ours(String id, String signal) {
        String number = number(signal);
        if (take(signals, id + "/" + number)) {
            return true;
        }
        if (number.equals("9") && stoppedByUs.containsKey(id)) {
            return true;
        }
        return take(stops, id);
    }

    private static boolean take(Map<String, Integer> counts, String key) {
        boolean[] taken = {false};
        counts.computeIfPresent(key, (k, left) -> {
            taken[0] = true;
            return left == 1 ? null : left - 1;
        });
        return taken[0];
    }

    /** {@code SIGTERM}, {@code TERM}, {@code 15} → {@code 15}; an unknown name stays as it is. */
    static String number(String signal) {
        if (signal == null) {
            return "";
        }
        String name = signal.strip().toUpperCase(Locale.ROOT);
        name = name.startsWith("SIG") ? name.substring(3) : name;
        Integer number = NUMBERS.get(name);
        return number == null ? name : Integer.toString(number);
    }

    /** {@code 15} → {@code SIGTERM}, for people; an unknown number as it is. */
    static String name(String signal) {
        String number = number(signal);
        return NUMBERS.entrySet().stream().filter(e -> Integer.toString(e.getValue()).equals(number)).map(e -> "SIG" + e.getKey())
                .findFirst().orElse("signal " + number);
    }
}

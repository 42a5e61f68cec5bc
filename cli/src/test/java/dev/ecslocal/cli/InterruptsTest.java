package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RunningTask;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C before the task is set up is kept, said, and done once it is: nothing made meanwhile is left behind. */
class InterruptsTest {
    private final List<String> calls = new ArrayList<>();
    private final List<String> said = new ArrayList<>();
    private final RunningTask task = (RunningTask) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {RunningTask.class}, (proxy, method, args) -> {
                calls.add(method.getName());
                return null;
            });

    @Test
    void a_signal_while_the_task_is_set_up_stops_it_as_soon_as_it_is() {
        Interrupts interrupts = new Interrupts("t1", said::add);
        interrupts.signalled();
        assertThat(calls).isEmpty();
        assertThat(said).singleElement().asString().contains("still being set up");

        interrupts.attach(task);
        assertThat(calls).containsExactly("stop");
        assertThat(interrupts.interrupted()).isTrue();
    }

    @Test
    void two_signals_while_it_is_set_up_kill_it_as_soon_as_it_is() {
        Interrupts interrupts = new Interrupts("t1", said::add);
        interrupts.signalled();
        interrupts.signalled();
        interrupts.attach(task);
        assertThat(calls).containsExactly("stop", "kill");
    }

    @Test
    void once_set_up_the_first_signal_stops_and_the_second_kills() {
        Interrupts interrupts = new Interrupts("t1", said::add);
        interrupts.attach(task);
        assertThat(calls).isEmpty();
        interrupts.signalled();
        interrupts.signalled();
        assertThat(calls).containsExactly("stop", "kill");
        assertThat(said).hasSize(2);
    }
}

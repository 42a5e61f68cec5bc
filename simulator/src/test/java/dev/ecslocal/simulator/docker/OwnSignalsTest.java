package dev.ecslocal.simulator.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnSignalsTest {
    @Test
    void each_call_of_ours_answers_one_kill_event_and_the_rest_are_someone_else_s() {
        OwnSignals own = new OwnSignals();
        own.stopping("a");
        // The daemon's shutdown and our stop both send a its stop signal: one is ours, whichever Docker tells first.
        assertThat(own.ours("a", "15")).isTrue();
        assertThat(own.ours("a", "15")).isFalse();
        assertThat(own.ours("a", "9")).as("the SIGKILL a stop of ours sends when its grace runs out").isTrue();
        assertThat(own.ours("b", "15")).as("never stopped by us").isFalse();
        assertThat(own.ours("b", "9")).isFalse();
    }

    @Test
    void a_signal_of_ours_is_matched_by_its_number_whatever_name_it_was_sent_by() {
        OwnSignals own = new OwnSignals();
        own.signalling("a", "SIGUSR1");
        own.signalling("a", "KILL");
        assertThat(own.ours("a", "10")).isTrue();
        assertThat(own.ours("a", "10")).isFalse();
        assertThat(own.ours("a", "9")).isTrue();
        assertThat(OwnSignals.name("15")).isEqualTo("SIGTERM");
        assertThat(OwnSignals.name("SIGQUIT")).isEqualTo("SIGQUIT");
        assertThat(OwnSignals.name("64")).isEqualTo("signal 64");
    }
}

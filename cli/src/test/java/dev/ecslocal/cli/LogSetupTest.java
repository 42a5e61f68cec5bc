package dev.ecslocal.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The libraries' logging: quiet by default, everything at debug except what would show registry credentials. */
class LogSetupTest {

    @Test
    void debug_logging_never_shows_the_http_headers_that_carry_a_pulls_credentials() {
        LoggerContext context = new LoggerContext();
        new LogSetup().configure(context, "debug");
        assertThat(context.getLogger("com.github.dockerjava").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        for (String name : LogSetup.CREDENTIAL_LOGGERS) {
            assertThat(context.getLogger(name).isDebugEnabled()).as(name).isFalse();
            assertThat(context.getLogger(name).getEffectiveLevel()).as(name).isEqualTo(Level.INFO);
        }
    }

    @Test
    void by_default_only_warnings_and_errors_are_shown() {
        LoggerContext context = new LoggerContext();
        new LogSetup().configure(context, null);
        assertThat(context.getLogger("com.github.dockerjava").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(LogSetup.CREDENTIAL_LOGGERS.get(0)).getEffectiveLevel()).isEqualTo(Level.WARN);
    }
}

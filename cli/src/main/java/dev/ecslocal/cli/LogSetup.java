package dev.ecslocal.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The libraries' own logging (docker-java, httpclient5) for a command-line tool: warnings and errors only, on
 * stderr, never mixed into what ecs-local prints. Configured in code, found through logback's Configurator
 * service: without it logback prints every HTTP exchange at DEBUG, and an XML file would cost a third of a
 * second of start-up to parse (docs/docker-notes.md). ECS_LOCAL_LOG_LEVEL=debug shows everything, for bug reports.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** The loggers that would show credentials or secrets at debug: httpclient5's headers and wire bytes, the AWS SDK. */
    static final java.util.List<String> CREDENTIAL_LOGGERS = java.util.List.of("org.apache.hc.client5.http.headers",
            "org.apache.hc.client5.http.wire",
            // The AWS SDK at debug and trace logs requests and responses, whose bodies are secrets, parameters, tokens
            // and the task role's keys.
            "software.amazon.awssdk");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, System.getenv("ECS_LOCAL_LOG_LEVEL"));
    }

    /** @param level ECS_LOCAL_LOG_LEVEL's value; null: warnings and errors */
    ExecutionStatus configure(LoggerContext context, String level) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("ecs-local: %level %logger{20}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        root.setLevel(Level.toLevel(level, Level.WARN));
        // Never below INFO, whatever ECS_LOCAL_LOG_LEVEL says: at DEBUG, httpclient5 logs each request's headers and
        // bytes, and a pull's X-Registry-Auth header is the registry credentials (base64 JSON, not encrypted).
        for (String credentialsShown : CREDENTIAL_LOGGERS) {
            ch.qos.logback.classic.Logger logger = context.getLogger(credentialsShown);
            logger.setLevel(root.getLevel().isGreaterOrEqual(Level.INFO) ? root.getLevel() : Level.INFO);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

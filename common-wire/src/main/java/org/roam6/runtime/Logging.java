package org.roam6.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging set-up for a daemon on top of the bundled {@code logback.xml} (stderr, ISO timestamp,
 * level, thread, logger, message).
 */
public final class Logging {

    /** The pattern of every roam6 log line. */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private Logging() {
    }

    /** UMIP's DebugLevel as a level: 0 INFO, 1-9 DEBUG, 10 and above TRACE. */
    public static String levelFor(int debugLevel) {
        return debugLevel <= 0 ? "INFO" : debugLevel < 10 ? "DEBUG" : "TRACE";
    }

    /**
     * Sets the root level ({@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG},
     * {@code TRACE}) and, when {@code logFile} is not null, also logs to that file.
     * Does nothing when SLF4J is bound to something other than Logback.
     */
    public static void configure(String level, Path logFile) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            return;
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        if (logFile != null) {
            PatternLayoutEncoder enc = new PatternLayoutEncoder();
            enc.setContext(ctx);
            enc.setPattern(PATTERN);
            enc.start();
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(ctx);
            file.setName("DebugLogFile");
            file.setFile(logFile.toString());
            file.setAppend(true);
            file.setEncoder(enc);
            file.start();
            root.addAppender(file);
        }
    }

    /** True for the level names {@link #configure} understands. */
    public static boolean isLevel(String s) {
        switch (s.toUpperCase(Locale.ROOT)) {
            case "ERROR": case "WARN": case "INFO": case "DEBUG": case "TRACE":
                return true;
            default:
                return false;
        }
    }
}

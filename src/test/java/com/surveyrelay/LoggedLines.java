package com.surveyrelay;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What a class logs while a test's action runs, for tests that check a log line's level, words or stack trace. */
public final class LoggedLines {

    /** An action that may throw, as a test's steps do. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private LoggedLines() {
    }

    /**
     * The lines {@code source}'s logger writes while {@code action} runs, at the levels the logger is set to.
     *
     * @throws Exception what the action throws, once the capture is removed
     */
    public static List<ILoggingEvent> during(Class<?> source, Action action) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list;
    }
}

package org.hotline.cti.metrics;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the log lines an appender writes ({@code cti_log_lines_total}, issue 14 item 4: the CTI's
 * work per call). Attached to the appender in {@code logback.xml}, so it sees only events that
 * passed the level checks; it never filters anything out.
 */
public final class LogLines extends Filter<ILoggingEvent> {
    private static final LongAdder WRITTEN = new LongAdder();

    @Override
    public FilterReply decide(ILoggingEvent event) {
        WRITTEN.increment();
        return FilterReply.NEUTRAL;
    }

    /** Lines written since this JVM started. */
    public static long written() {
        return WRITTEN.sum();
    }
}

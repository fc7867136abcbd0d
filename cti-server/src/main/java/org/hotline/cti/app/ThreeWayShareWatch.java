package org.hotline.cti.app;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R10 at the end of the day: once a day is over, its real three-way share (three-way calls ÷ all
 * the day's calls) is final. When it is above the 4% cap the server says so once in its log (WARN)
 * and, until the next day is over, in {@code /api/health}'s {@code warnings}; the last day's share
 * is also the gauge {@code cti_threeway_share_last_day_ratio}. Today's running share is
 * {@code threeWayShare} in {@code /api/stats/today}, flagged {@code threeWayShareAboveCap}.
 * Checked every minute, and whenever health is asked.
 */
public final class ThreeWayShareWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ThreeWayShareWatch.class);

    /** The last day that ended, its share, and the warning when it was above the cap. */
    public record LastDay(LocalDate date, long calls, long threeWayCalls, double share, String warning) {}

    private final DailyStats stats;
    private final HotlineRules rules;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "threeway-share");
        t.setDaemon(true);
        return t;
    });
    private volatile LastDay last;

    public ThreeWayShareWatch(DailyStats stats, HotlineRules rules, Clock clock) {
        this.stats = stats;
        this.rules = rules;
        this.clock = clock;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, 1, TimeUnit.MINUTES);
    }

    /** Evaluates the day that ended last, once per day. */
    public synchronized LastDay check() {
        LocalDate yesterday =
                LocalDate.now(clock.withZone(rules.now().calendar().zone())).minusDays(1);
        LastDay l = last;
        if (l != null && l.date().equals(yesterday)) {
            return l;
        }
        Map<String, Object> day = stats.day(yesterday);
        long calls = ((Number) day.get("calls")).longValue();
        long threeWay = ((Number) day.get("threeWayCalls")).longValue();
        double share = ((Number) day.get("threeWayShare")).doubleValue();
        String warning = null;
        if (share > DailyStats.THREE_WAY_CAP) {
            warning = String.format(
                    Locale.ROOT,
                    "R10: three-way calls were %.1f%% of %s's calls (%d of %d), above the %.0f%% cap",
                    share * 100,
                    yesterday,
                    threeWay,
                    calls,
                    DailyStats.THREE_WAY_CAP * 100);
            log.warn(warning);
        } else {
            log.info(
                    "R10: {} ended with three-way calls at {} of {} calls ({}%)",
                    yesterday, threeWay, calls, String.format(Locale.ROOT, "%.1f", share * 100));
        }
        l = new LastDay(yesterday, calls, threeWay, share, warning);
        last = l;
        return l;
    }

    /** For /api/health: the warning about the last day, if its share was above the cap. */
    public List<String> warnings() {
        LastDay l = current();
        return l == null || l.warning() == null ? List.of() : List.of(l.warning());
    }

    /** The last ended day's share, for the gauge (NaN until it could be read). */
    public double lastDayShare() {
        LastDay l = current();
        return l == null ? Double.NaN : l.share();
    }

    /** For {@code threeWayLastDay} in /api/stats/today: date, calls, threeWayCalls, share, aboveCap; null until known. */
    public Map<String, Object> figures() {
        LastDay l = current();
        if (l == null) {
            return null;
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("date", l.date().toString());
        m.put("calls", l.calls());
        m.put("threeWayCalls", l.threeWayCalls());
        m.put("share", l.share());
        m.put("aboveCap", l.warning() != null);
        return m;
    }

    /** Health and the gauge must answer while the database is away: then what was known last. */
    private LastDay current() {
        try {
            return check();
        } catch (RuntimeException e) {
            log.debug("R10 end-of-day share not read now: {}", e.toString());
            return last;
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("R10 end-of-day share not checked: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

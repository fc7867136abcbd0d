package org.hotline.cti.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand (to show a callback overdue 24 h later without waiting a day). */
public final class MutableClock extends Clock {
    private final MutableClock base;
    private final ZoneId zone;
    private volatile Instant now;

    public MutableClock(Instant start) {
        this.base = null;
        this.zone = ZoneOffset.UTC;
        this.now = start;
    }

    private MutableClock(MutableClock base, ZoneId zone) {
        this.base = base;
        this.zone = zone;
    }

    public void advance(Duration d) {
        if (base != null) {
            base.advance(d);
        } else {
            now = now.plus(d);
        }
    }

    /** Moves the clock to {@code t} (forwards or backwards). */
    public void set(Instant t) {
        if (base != null) {
            base.set(t);
        } else {
            now = t;
        }
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** Same instant, other zone; moving either moves both. */
    @Override
    public Clock withZone(ZoneId z) {
        return new MutableClock(base != null ? base : this, z);
    }

    @Override
    public Instant instant() {
        return base != null ? base.instant() : now;
    }
}

package org.hotline.cti.app.port;

/**
 * Issue 14 item 5: who is the active server of an active/standby pair. Held by at most one
 * process at a time; released when the holder closes it or dies.
 */
public interface LeaderLock extends AutoCloseable {
    /** Takes the lock if it is free; true while this process holds it (a cheap no-op when it already does). */
    boolean tryAcquire();

    /** False once the lock may have passed to another process (its database session ended). */
    boolean held();

    /** Releases the lock (the standby takes over). */
    @Override
    void close();
}

package org.hotline.cti.app;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks in lanes by key (an agent's extension), each lane run in the order its tasks were given,
 * on the caller's thread when that costs nothing and on {@code pool} when a task may wait. Made
 * for the call model's pushes (issue 14 item 4): a screen pop that reads the database goes to the
 * pool, so the model's thread (the AMI event loop) never waits on it; an agent's next push (the
 * answer, the end) waits behind its pending pop instead of overtaking it, and an agent with
 * nothing pending is pushed at once, with no thread woken.
 * <p>
 * Lanes are independent: one agent's slow pop does not hold up another's pushes (up to the pool's
 * size). A lane exists only while it has work, so memory follows the pops in progress.
 * <p>
 * Tasks are given from one thread (the call model's): {@link #run} runs a task at once when its
 * lane is idle, which keeps the order only because nobody else can add to that lane meanwhile.
 */
public final class SerialLanes {
    private static final Logger log = LoggerFactory.getLogger(SerialLanes.class);

    private final Executor pool;
    /** The pending tasks of each busy lane, the running one first. Guarded by this. */
    private final Map<String, ArrayDeque<Runnable>> lanes = new HashMap<>();

    public SerialLanes(Executor pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code task} after every task given before in lane {@code key}: right here when the lane
     * has none pending, else queued behind them on the pool.
     */
    public void run(String key, Runnable task) {
        synchronized (this) {
            ArrayDeque<Runnable> lane = lanes.get(key);
            if (lane != null) {
                lane.add(task);
                return;
            }
        }
        // Nothing pending in the lane, and only this caller adds to it: nothing can overtake.
        runSafely(key, task);
    }

    /** Runs {@code task} on the pool, after every task given before in lane {@code key}. */
    public void hop(String key, Runnable task) {
        synchronized (this) {
            ArrayDeque<Runnable> lane = lanes.get(key);
            if (lane != null) {
                lane.add(task);
                return;
            }
            lane = new ArrayDeque<>();
            lane.add(task);
            lanes.put(key, lane);
        }
        try {
            pool.execute(() -> drain(key));
        } catch (RejectedExecutionException stopping) {
            synchronized (this) {
                lanes.remove(key);
            }
            log.debug("lane {}: stopping, task dropped", key);
        }
    }

    /** Whether lane {@code key} has work pending (tests). */
    public synchronized boolean busy(String key) {
        return lanes.containsKey(key);
    }

    private void drain(String key) {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = lanes.get(key).peek(); // stays queued while it runs: later tasks line up behind it
            }
            runSafely(key, next);
            synchronized (this) {
                ArrayDeque<Runnable> lane = lanes.get(key);
                lane.poll();
                if (lane.isEmpty()) {
                    lanes.remove(key);
                    return;
                }
            }
        }
    }

    private static void runSafely(String key, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("lane {}: task failed: {}", key, e.toString());
        }
    }
}

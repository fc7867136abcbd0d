package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: the call model's pushes, in lanes per agent. What may wait goes to a pool; an
 * agent's later pushes wait behind it (the agent sees them in order); an agent with nothing
 * pending, and every other agent, is served at once on the caller's thread.
 */
class SerialLanesTest {
    /** A pool that runs nothing until told: the test plays its thread. */
    final ArrayDeque<Runnable> pool = new ArrayDeque<>();

    final Executor held = pool::add;
    final SerialLanes lanes = new SerialLanes(held);
    final List<String> done = new CopyOnWriteArrayList<>();

    void runPool() {
        for (Runnable r; (r = pool.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void aLaneWithNothingPendingRunsOnTheCallersThreadAtOnce() {
        Thread caller = Thread.currentThread();
        lanes.run("8001", () -> done.add(Thread.currentThread() == caller ? "here" : "elsewhere"));

        assertThat(done).containsExactly("here");
        assertThat(pool).isEmpty();
        assertThat(lanes.busy("8001")).isFalse();
    }

    @Test
    void aHopRunsOnThePoolAndTheAgentsLaterTasksWaitBehindItWhileOtherAgentsDoNot() {
        lanes.hop("8001", () -> done.add("8001 pop"));
        lanes.run("8001", () -> done.add("8001 answered"));
        lanes.run("8002", () -> done.add("8002 answered"));

        assertThat(done).containsExactly("8002 answered"); // 8001's pop is still being built
        assertThat(lanes.busy("8001")).isTrue();

        runPool();

        assertThat(done).containsExactly("8002 answered", "8001 pop", "8001 answered");
        assertThat(lanes.busy("8001")).isFalse();
        lanes.run("8001", () -> done.add("8001 ended"));
        assertThat(done).last().isEqualTo("8001 ended"); // the lane is free again: at once
        assertThat(pool).isEmpty();
    }

    @Test
    void aFailingTaskDoesNotStopItsLane() {
        lanes.hop("8001", () -> {
            throw new IllegalStateException("database away");
        });
        lanes.hop("8001", () -> done.add("second pop"));
        lanes.run("8001", () -> done.add("answered"));

        runPool();

        assertThat(done).containsExactly("second pop", "answered");
        assertThat(lanes.busy("8001")).isFalse();
    }

    @Test
    void aPoolThatRefusesWorkWhileStoppingLeavesNoLaneBehind() {
        SerialLanes stopping = new SerialLanes(r -> {
            throw new java.util.concurrent.RejectedExecutionException("stopped");
        });
        stopping.hop("8001", () -> done.add("pop"));

        assertThat(stopping.busy("8001")).isFalse();
        stopping.run("8001", () -> done.add("answered"));
        assertThat(done).containsExactly("answered");
    }
}

package org.hotline.cti.domain.workorder;

import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.CtiException;

/**
 * The actions a user may take on an order now, by their API names: each is tried on the order with
 * placeholder input (the machine is pure, so trying changes nothing) and counts unless refused for
 * role, department, state or the extension cap. An inbox shows only these buttons.
 */
final class WorkOrderActions {
    private WorkOrderActions() {}

    static List<String> allowed(WorkOrderLifecycle machine, WorkOrder o, Actor actor) {
        List<String> out = new ArrayList<>();
        String x = "x";
        String other = o.department() + "-other";
        tryAction(out, "dispatch", () -> machine.dispatch(o, actor, null));
        tryAction(out, "sign", () -> machine.sign(o, actor, x));
        tryAction(out, "extend", () -> machine.extend(o, actor, x, 1));
        tryAction(out, "complete", () -> machine.complete(o, actor, x));
        tryAction(out, "feedback", () -> machine.feedback(o, actor, x));
        tryAction(out, "evaluate", () -> machine.evaluate(o, actor, Evaluation.SATISFIED));
        tryAction(out, "return", () -> machine.returnToHotline(o, actor, x));
        tryAction(out, "joint", () -> machine.joint(o, actor, o.department(), List.of(other), null));
        tryAction(out, "plan", () -> machine.plan(o, actor, new Plan(List.of(x), java.time.LocalDate.EPOCH, x, x)));
        tryAction(out, "hand-over", () -> machine.handOver(o, actor, x, x));
        tryAction(out, "close", () -> machine.close(o, actor));
        return out;
    }

    private static void tryAction(List<String> out, String name, Runnable action) {
        try {
            action.run();
            out.add(name);
        } catch (CtiException e) {
            switch (e.error()) {
                case FORBIDDEN, NOT_YOUR_ORDER, WRONG_STATE, EXTENSION_LIMIT -> {}
                default -> out.add(name); // allowed, it only wants real input
            }
        }
    }
}

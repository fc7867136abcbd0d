package org.hotline.cti.app.transfer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.domain.workorder.WorkOrder;

/** Work orders in memory with a fault switch ({@link #failing}); only what transfers use is implemented. */
final class FakeWorkOrders implements java.lang.reflect.InvocationHandler {
    final List<WorkOrder> orders = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    WorkOrderStore store() {
        return (WorkOrderStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {WorkOrderStore.class}, this);
    }

    @Override
    public synchronized Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) {
        if (m.getName().equals("create")) {
            if (failing) {
                throw new CtiException(org.hotline.cti.ErrorId.STORE_FAILED, "cannot store work order: database away");
            }
            WorkOrder stored = ((WorkOrder) args[0]).withId(orders.size() + 1);
            orders.add(stored);
            return stored;
        }
        Class<?> r = m.getReturnType();
        return r == Optional.class
                ? Optional.empty()
                : r == List.class ? List.of() : r == java.util.Map.class ? java.util.Map.of() : null;
    }
}

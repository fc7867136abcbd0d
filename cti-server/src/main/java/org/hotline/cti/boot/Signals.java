package org.hotline.cti.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Unix signal handlers. The JDK has no public API for them: {@code sun.misc.Signal} (module
 * jdk.unsupported) is the only way, and javac's "internal proprietary API" warning about it cannot be
 * suppressed. So this one class reaches it by reflection, which keeps the build warning-free
 * ({@code -Xlint:all -Werror}) and puts the dependency on an unsupported API in one place.
 */
final class Signals {
    private Signals() {}

    /**
     * Runs {@code action} on the JVM's signal thread each time the signal arrives.
     *
     * @param name the signal without SIG, e.g. {@code HUP}
     * @return false when this platform or JVM has no such signal (then nothing is installed)
     */
    static boolean on(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object sig = signal.getConstructor(String.class).newInstance(name);
            Object proxy =
                    Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler}, (p, m, args) -> {
                        if (m.getName().equals("handle")) {
                            action.run();
                            return null;
                        }
                        // Object methods (toString, hashCode, equals) on the proxy itself.
                        return switch (m.getName()) {
                            case "toString" -> "Signals.on(" + name + ")";
                            case "hashCode" -> System.identityHashCode(p);
                            case "equals" -> p == args[0];
                            default -> null;
                        };
                    });
            signal.getMethod("handle", signal, handler).invoke(null, sig, proxy);
            return true;
        } catch (InvocationTargetException e) {
            // IllegalArgumentException: unknown signal, or one the JVM uses itself.
            return false;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}

package org.tubelet.fuzz;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Entry point of Jazzer's standalone driver ({@code bench/fuzz.sh}, {@code make fuzz}): {@code --target_args=<name>}
 * picks one fuzz target of {@link ReaderFuzzTest} by its method name, and every input goes through it.
 */
public final class ReaderFuzzer {
    private static Method target;
    private static ReaderFuzzTest instance;

    private ReaderFuzzer() {
    }

    public static void fuzzerInitialize(String[] args) throws NoSuchMethodException {
        if (args.length != 1) {
            throw new IllegalArgumentException("expected one argument, the fuzz target (a method of ReaderFuzzTest)");
        }
        target = ReaderFuzzTest.class.getDeclaredMethod(args[0], byte[].class);
        target.setAccessible(true);
        instance = new ReaderFuzzTest();
    }

    public static void fuzzerTestOneInput(byte[] data) throws Throwable {
        try {
            target.invoke(instance, (Object) data);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

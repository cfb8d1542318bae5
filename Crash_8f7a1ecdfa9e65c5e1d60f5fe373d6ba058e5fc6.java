import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_8f7a1ecdfa9e65c5e1d60f5fe373d6ba058e5fc6 {
    static final String base64Bytes = String.join("", "bGFiZWwsIm91dHViZV9pZCx0aW1lX3N0YXJ0LHRpbWVfZWJlbCwib3V0dWJlX2lkLHRpbWVfc3RhcnQsdGltZV9lbmQsc3BsaXQKImFiP3NtaWxpbmdydCxuZCxzcGxpdAoiYWI/c21pbGluZ3J0LG4K");

    public static void main(String[] args) throws Throwable {
        Crash_8f7a1ecdfa9e65c5e1d60f5fe373d6ba058e5fc6.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = org.tubelet.fuzz.ReaderFuzzer.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = org.tubelet.fuzz.ReaderFuzzer.class.getMethod("fuzzerInitialize", String[].class);
                fuzzerInitialize.invoke(null, (Object) args);
            } catch (NoSuchMethodException ignored1) {
            } catch (IllegalAccessException | InvocationTargetException e) {
                e.printStackTrace();
                System.exit(1);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            e.printStackTrace();
            System.exit(1);
        }
        byte[] input = java.util.Base64.getDecoder().decode(base64Bytes);
        org.tubelet.fuzz.ReaderFuzzer.fuzzerTestOneInput(input);
    }
}
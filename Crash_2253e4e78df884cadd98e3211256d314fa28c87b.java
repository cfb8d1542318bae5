import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_2253e4e78df884cadd98e3211256d314fa28c87b {
    static final String base64Bytes = String.join("", "bGFiZWwseW91dHViZV9pZCx0aW1lX3N0YXIiYWJzZWlsaW5nIiw3NzQwWm9EWHlvdXR1YmVfaWQsdGltZV9zdGFydCx0aW1lX2VuZCxzbHBpdAoiYQEBYnNlaWxpbmcBACIsNzc0MFpvRFh5UDAsYSx6ejEsMCwxMCx0cmFpbgo=");

    public static void main(String[] args) throws Throwable {
        Crash_2253e4e78df884cadd98e3211256d314fa28c87b.class.getClassLoader().setDefaultAssertionStatus(true);
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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_11f3c18cec61839274be378b5cce1b815ff129ca {
    static final String base64Bytes = String.join("", "bGFiZWwseW91dHViZV9pZCx0aW1lX3N0YXJ0LHRpbWVfZW5kLHNwbGl0CiJhYnhlaWxpbmdhaW4KenVtYmEsenoAAAAAMSwwLDEwLAIAAABuCg==");

    public static void main(String[] args) throws Throwable {
        Crash_11f3c18cec61839274be378b5cce1b815ff129ca.class.getClassLoader().setDefaultAssertionStatus(true);
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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_27ae1b950e2a3c4b79a2a0a52fd74cf7decd61e8 {
    static final String base64Bytes = String.join("", "bGFiZWwseW91dHViZV9pZCx0aW1lX3N0YXJ0LHRpbWVfZW5kLHNwbGl0CiJhYnhlaWxpbmdhaW4KenVtYmEsenoAAAAAAAAAAAAAAAAxLDAsMTAsdHJhaW4K");

    public static void main(String[] args) throws Throwable {
        Crash_27ae1b950e2a3c4b79a2a0a52fd74cf7decd61e8.class.getClassLoader().setDefaultAssertionStatus(true);
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
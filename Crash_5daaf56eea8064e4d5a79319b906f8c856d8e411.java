import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_5daaf56eea8064e4d5a79319b906f8c856d8e411 {
    static final String base64Bytes = String.join("", "eW91dHViZV9pZCx0aW1lX3N0YXJ0LHRpbWVfnm5kLHNwbGl0CmFiYywwLDEwLHZhbAo=");

    public static void main(String[] args) throws Throwable {
        Crash_5daaf56eea8064e4d5a79319b906f8c856d8e411.class.getClassLoader().setDefaultAssertionStatus(true);
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
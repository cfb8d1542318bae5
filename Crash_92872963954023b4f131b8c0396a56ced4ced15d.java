import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_92872963954023b4f131b8c0396a56ced4ced15d {
    static final String base64Bytes = String.join("", "ewogICJhcmNoaXRlY3R1cmVzIjogWwogICAgIlRpbWVzZm9ybWVyTW9kZWwiCiAgXSwKICAiYXR0ZW50aW9uX3Byb2JzX2Ryb3BvdXRfcHJvYiI6IDEuMCwKICAiYXR0ZW50aW9uX3R5cGUiOiAiZGl2aWRlZF9zcGFjZV90aW1lIiwKICAiZHJvcF9wYXRoX3JhdGUiOiAwLAogICJoaWBkZW5fYWN0IjogImdlbHUiLAogICJoaWRkJ2VuX2Ryb3BvdXRfcHJvYiI6IDAuewogIDAsCiAgImhpImRkZW5fc2lhcmNoaXRlY3plIjp04A==");

    public static void main(String[] args) throws Throwable {
        Crash_92872963954023b4f131b8c0396a56ced4ced15d.class.getClassLoader().setDefaultAssertionStatus(true);
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
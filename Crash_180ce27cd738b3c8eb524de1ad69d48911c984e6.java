import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_180ce27cd738b3c8eb524de1ad69d48911c984e6 {
    static final String base64Bytes = String.join("", "IyAzIGJ5dGVzCmNhM2QxNjNiYWIwNTUzODE4MjcyMjYxNDA1NjhmNGJlZjdlYWFjZDg3MWViYzc2ODc3OGUwYjhlMGI2M2U5ZTQ0MjM1NiAg5nRyYWluZV9lYXJ0c2p0cy5vbltbW1tbW1tbW1tbW1tbW1tbW1sK");

    public static void main(String[] args) throws Throwable {
        Crash_180ce27cd738b3c8eb524de1ad69d48911c984e6.class.getClassLoader().setDefaultAssertionStatus(true);
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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_980e00d8b3ff64ba822ebd522127a1c5079e4f10 {
    static final String base64Bytes = String.join("", "IyAzIGJ5dGVzCmNhM2QxNjNiYWIwNTUzODE4MjcyMjYxNDA1NjhmM2JlZjdlYWFjMTg3Y2ViZDc2ODc4ZTBiNjNlOWU0NDIzNTYgIHRyYWluZXJfc3RhdGUuanNvbgojIDEwIGJ5dGVzCjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAgIG0Bypo7AAAAAGV0ZW5zb3JzCg==");

    public static void main(String[] args) throws Throwable {
        Crash_980e00d8b3ff64ba822ebd522127a1c5079e4f10.class.getClassLoader().setDefaultAssertionStatus(true);
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
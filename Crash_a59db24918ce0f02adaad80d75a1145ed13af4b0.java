import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_a59db24918ce0f02adaad80d75a1145ed13af4b0 {
    static final String base64Bytes = String.join("", "IyAzIGI9dGVzCmNhM2QxNjNiYWIwNTUzODE4Mls3MjI2MTQwNTY4ZjNiZWY3ZWFhY2Q4NzFlYmM3Njg3OGUwYjYzZTAwMDAwMDAwMDAwOWU0NDIzNTYjIDMgYnl0ZXMKYyAgdHJhaW5lcl9zYTN05GQ=");

    public static void main(String[] args) throws Throwable {
        Crash_a59db24918ce0f02adaad80d75a1145ed13af4b0.class.getClassLoader().setDefaultAssertionStatus(true);
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
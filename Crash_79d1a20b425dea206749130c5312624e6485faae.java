import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_79d1a20b425dea206749130c5312624e6485faae {
    static final String base64Bytes = String.join("", "IyAzIGJ5dGVzCmNhM2QxNjNiYWIwNTUzODE4Mjc3MjYxNDA1NjhmM2JlZjdlYWFjZDg3MWViYzc2ODc4ZTBiNjNlOWU0NDIzaPAUAAAAAAA1NiAgdHJhaW5lcl9zdGF0ZS5qc29uCg==");

    public static void main(String[] args) throws Throwable {
        Crash_79d1a20b425dea206749130c5312624e6485faae.class.getClassLoader().setDefaultAssertionStatus(true);
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
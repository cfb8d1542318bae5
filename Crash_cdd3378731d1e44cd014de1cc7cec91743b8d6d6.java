import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_cdd3378731d1e44cd014de1cc7cec91743b8d6d6 {
    static final String base64Bytes = String.join("", "ewogICJmb3JtYXRfdmVyc2lvbiI6IDIsCiAgInN0ZXAiOiAzLAogICJlcG9jaCI6ewogICAiZm9ybWF0X3ZlcnNpb24iOiAyLAogICJzdGVwIjogMywKICAiZXBvY2giOnsKICDdjJyXn21lIjogImV2ZXJlcG95IHN0cmVhbSBzZWVkZWQgZnJvbSAoc2VjaA==");

    public static void main(String[] args) throws Throwable {
        Crash_cdd3378731d1e44cd014de1cc7cec91743b8d6d6.class.getClassLoader().setDefaultAssertionStatus(true);
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
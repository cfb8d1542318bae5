import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_285b97c8b9cada665ab44ccff509e3e5b90d5bf5 {
    static final String base64Bytes = String.join("", "ewogICJhcmNoaXRlewogICJhcmNoaXRlY3R1cmVzIjoBAApjAMqaOwAAAAB0dXJlcyI6IFsKICAgICAgICJUaW0KICAgAMo=");

    public static void main(String[] args) throws Throwable {
        Crash_285b97c8b9cada665ab44ccff509e3e5b90d5bf5.class.getClassLoader().setDefaultAssertionStatus(true);
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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_0ad0f0a8d743280a17900bc93156572097c5fbfa {
    static final String base64Bytes = String.join("", "ewogICJhcmMgaXRlYwEA8mV4");

    public static void main(String[] args) throws Throwable {
        Crash_0ad0f0a8d743280a17900bc93156572097c5fbfa.class.getClassLoader().setDefaultAssertionStatus(true);
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
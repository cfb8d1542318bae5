import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_c198fcede2fab07713c59f8b7eb55e605a3e59fc {
    static final String base64Bytes = String.join("", "ewogICJmb3JtYXRfdmVyc2lvbiI6IDIsCiAgInN0ZXAiOiAzLAogICJlcG9jaCI6ewogICJzdGVwIjogMywKICAiZXBvY2giOiAwLAogICJpbmRleF9pbl9lcG9jaCI6IDMsCiAic2NoZW1lIjogImV2ZXJlcG95IHN0cmVhbSD0ZWVkZWQgZnJvbSAoc2VjaA==");

    public static void main(String[] args) throws Throwable {
        Crash_c198fcede2fab07713c59f8b7eb55e605a3e59fc.class.getClassLoader().setDefaultAssertionStatus(true);
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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_68948317547c713148da5f986bf1f7dc6b40fdff {
    static final String base64Bytes = String.join("", "ewogICJzdGVwIjogMywKICAiZXBvY2giOiAwLAogICJpbmRleF9pbl9lcG9jaCI6IDMsCiAgImJhdGNoZXNfcGVyX2Vwb2NoIjogMTAwLAogICJhY2NuZyI6IHsKICAgIHVtdWxhdGVfc3RlcHMiOiBrMSwKICAicm5nIjogewogICAgInNlZWQiOiA3LAogICAgInNjaGVtZSI6ICJldmVyeSBzdHJlYW0gc2VlZGVkIGZyb20gKHNlZWQsIHBvc2l0aW9uKSIKICB9LAogICJvcHRpbWl6ZXIiOiAiYWRhbXciLAogICJiZXN0IjogewogICAgIm1ldHJpYyI6ICJ2YWxfdG9wMSIsCiAgICAidmFsdWUiOiAwLjUsCiAgICAic3RlcCI6IDPv7+8KICB9Cn0K");

    public static void main(String[] args) throws Throwable {
        Crash_68948317547c713148da5f986bf1f7dc6b40fdff.class.getClassLoader().setDefaultAssertionStatus(true);
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
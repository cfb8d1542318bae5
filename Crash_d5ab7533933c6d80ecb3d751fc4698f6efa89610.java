import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_d5ab7533933c6d80ecb3d751fc4698f6efa89610 {
    static final String base64Bytes = String.join("", "ewogICJmb3JtYXRfdmVyc2lvbiI6IDIsCiAgInN0ZXAiOiAzLAogICJlcG9jaCI6IDAsCiAgImluZGV4X2luX2Vwb2NoImRleF9pbl9lcG9jaCI6IDMsCiAgImJhdGNoZXNfcGVyX2Vwb2NoIjogMTAwLAogICJhY2N1bXVsYXRlX3N0ZXBzIjogMSwKICAicm5nIjogewogICAgInNlZWQiOiA3LAogICAkInNjaGVtZSI6ICJlKHNlZWQsIHBvc2l0aW9uKSIKICB9LAo6IHsKICAgICJkZWNheSI6IDUuOTksCiAgICAiZXZlcnlfc3RlcHMiOiAzLAogICAgImV2YWwiOiBmYWxzZSwKICAgICJ3ZWlnaHRzIjogImVtYS5zYWZldGVuc2/x8fE=");

    public static void main(String[] args) throws Throwable {
        Crash_d5ab7533933c6d80ecb3d751fc4698f6efa89610.class.getClassLoader().setDefaultAssertionStatus(true);
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
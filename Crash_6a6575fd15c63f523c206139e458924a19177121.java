import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_6a6575fd15c63f523c206139e458924a19177121 {
    static final String base64Bytes = String.join("", "ewogICJhcmNoaXRlY3R1cmVzIjogWwogICAgIlZpdml0TW9kZWwiCiAgXSwKICAiYXR0ZW50aW9uX3Byb2JzX2Ryb3BvdXRfcHJvYiI6IDAuMCwKICAiaGlkZGVuX2FjdCI6ICJnZWx1X2Zhc3QiLAogICJoaWRkZW5fZHJvcG91dF9wcm9iIjogMC4wLAogICJoaWRkZW5fc2l6ZSI6IDMyLAogICJpbWFnZV9zaXplIjogMzIsCiAgImluaXRpYWxpemVyX3JhbmdlIjogMC4wMiwKICAiaW50ZXJtZWRpYXRlX3NpemUiOiAxMjgsCiAgImxheWVyX25vcm1fZXBzIjogMWUtMDYsCiAgIm1vZGVsX3R5cGUiOiAidml2aXQiLAogICJudW1fYfR0ZW50aW9uX2hlYWRzIjogNCwKICAibnVtX2NoYW5uZWxzIjogMywKICAibnVtX2ZyYW1lcyI6IDQsCiAgIm51bV9oaWRkZW57CiAgImFyY2hpdGVjdHVyZXMiOiBbCiAgICAiVml2aXRNb2RlbCIKICBdLAogICJhdHRlbnRpb25fcHJvYnNfZHJvcG91dF9wcm9iIjogMC4wLAogIF9sYXkiaGlkZGVuX2FjdCI6ICJnZWx1X2Zhc3QiLAogICJoaWRkZW5fZXJzZCI=");

    public static void main(String[] args) throws Throwable {
        Crash_6a6575fd15c63f523c206139e458924a19177121.class.getClassLoader().setDefaultAssertionStatus(true);
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
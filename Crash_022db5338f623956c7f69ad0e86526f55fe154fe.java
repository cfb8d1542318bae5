import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_022db5338f623956c7f69ad0e86526f55fe154fe {
    static final String base64Bytes = String.join("", "ewogICJhcmNoaXRlY3R1cmVzIjogWwogICAgIlZpZGVvTUFFTW9kZWwiCiAgXSwKICAiYXR0ZW50aW9uX3Byb2JzX2RybwEAcG91dF9wcm9iIjogMC4wLAogICJkZWNvZGVyX2hpZGRlbl9zaXplIjogMzg0LAogICJkZWNvZGVyX2ludGVybWVkaWF0ZV9zaXplIjogMTUzNiwKICAiZGVjb2Rlcl9udW1fYXR0ZW50aW9uX2hlYWRzIjogNiwKICAiZGVjb2Rlcl9udW1faGlkZGVuX2xheWVycyI6IDQsCiAgImhpZGRlbl9hY3QiOiAiZ2VsdSIsCiAgImhpZGRlbl9kcm9wb3V0X3Byb2IiOiAwLjAsCiAgImhpZGRlbl9zaXplIjogMzIsCiAgImltYWdlX3NpemUiOiAzMiwKICAiaW5pdGlhbGl6ZXJfcmFuZ2UiOiAwLjAyLAogICJpbnRlcm1lZGlhdGVfc2l6ZSI6IDEyOCwKICAibGF5ZXLt7e3t7e3t7e3t7e3t7e1fbm9ybV9lcHMiOiAxZS0xMiwKICAibW9kZWxfdHlwZSI6ICJ2aWRlb21hZSIsCiAgIm5vcm1fcGl4X2xvc3MiOiB0cnVlLAogICJudW1fYXR0ZW50aW9uX2hlYWRzIjogNCwKICAibnVtX2NoYW5uZWxzIjogMywKICAibnVtX2ZyYW1lcyI6IDQsCiAgIm51bV9oaWRkZW5fbGF5ZXJzIjogMiwKICAicGF0Y2hfc2l6ZSI6IDgsCiAgInFrdl9iaWFzIjogdHJ1ZSwKICAidG9yY2hfZHR5cGUiOiAiZmxvYXQzMiIsCiAgInRyYW5zZm9ybWVyc192ZXJzaW9uIjogIjQiOiAyLAogICJ1c2Vf//9tZWFuX3Bvb2xpbmciOiB0cnVlCn0K");

    public static void main(String[] args) throws Throwable {
        Crash_022db5338f623956c7f69ad0e86526f55fe154fe.class.getClassLoader().setDefaultAssertionStatus(true);
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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_1a2d5f9b93ab26e79107ff2ae498b68d426dd21e {
    static final String base64Bytes = String.join("", "ewogICJhcmNoaXRlY3R1cmVzIjogWwogICAgIlZpdml0TW9kZWwiCiAgXSwKICAiYXR0ZW50aW9uX3Byb2JzX2Ryb3BvdXRfcHJvYiI6IDAuMCwKICAiaGlkZGVuX2FjdCI6ICJnZWx1X2Zhc3QiLAogICJoaWRkZW5fZHJvcG91dF9wcm9iIjogMC4wLAogICJoaWRkZW5fc2l6ZSI6IDMyLAogICJpbWFnZV9zaXplIjogMzIsCiAgImluaXRpYWxpemVyX3JhbmdlIjogMC4wMiwKICAiaW50ZXJtZWRpYXRlX3NpemUiOiAxMjgsCiAgImxneWVyX25vcm1fZXBzIjogMWUtMDYsCiDR0dHR0dHR0dHR0dHR0dHRICJtb2RlbF90eXBlIjogInZpdml0IiwKICAibnVtX2F0dGVudGlvbl9oZWFkcyI6IDRyb2IiOiAwLjAsCiAgImhpZGRlbl9hY3QiOiAiZ2VsdV9mYXN0IiwKICAiaGlkZGVuX2Ryb3BvdXRfcHJvYiI6IDAuMCwKICAiaGlkZGVuX3NpemUiOiAzMiwKICAiaW1hZ2Vfc2l6ZSI6IDMyLAogICJpbml0aWFyYW5zZm9ybWVyc192ZXJzaW9uIjogIjQuM///MiIsCiAgInR1YmVsZXRfc2l6ZSI6IFsKICAgIDIsCiAgICA4LAogICAgOAogIF0KfQo=");

    public static void main(String[] args) throws Throwable {
        Crash_1a2d5f9b93ab26e79107ff2ae498b68d426dd21e.class.getClassLoader().setDefaultAssertionStatus(true);
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
package org.tubelet.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.Pointer;

/**
 * The JVM options with which the launcher re-executes the JVM ({@link NativeEnvironment}): the garbage collector's,
 * to keep the Java heap's share of a training process small, and JavaCPP's, to take its resident-memory check out of
 * every native allocation. BENCHMARKS.md has the measurements.
 *
 * <p><b>The young generation.</b> A Tubelet step keeps its arrays off the Java heap (ND4J's native memory); what it
 * allocates on the heap is short-lived and small (a bench-s step keeps 15–40 MB alive). Left to itself, G1 sizes the
 * heap from how much time it spends collecting, scaled down while the heap is small against its limit (a quarter of
 * the machine's memory): while the JIT compilers warm up, the interpreted kernels allocate fast, collections come
 * often, and G1 grows the young generation, then the whole heap, to several hundred MB that the process keeps
 * touching. That made the Java heap the part of peak resident memory that varied from run to run (ViViT bench-s:
 * 1,142–1,755 MB peak RSS with 264–1,184 MB of heap). Capping the young generation ({@code MaxNewSize}) bounds what
 * each collection cycle touches, and a lower {@code GCTimeRatio} (G1's default is 12: grow the heap when collection
 * takes more than 1/13 of the time; 4 allows 1/5) lets G1 grow the heap less for collections that stay cheap because
 * so little survives them. The cap also keeps collections regular, every second or two of training.
 *
 * <p><b>JavaCPP's resident-memory check.</b> ND4J allocates a few JavaCPP pointers for every op it runs (the op's
 * integer arguments, its input and output lists), and with {@code maxPhysicalBytes} set JavaCPP reads the process's
 * resident size from {@code /proc} for each of them, to collect garbage once the process passes that size: a tenth of
 * the main thread's time in VideoMAE pretraining's forward pass. {@code maxPhysicalBytes=0} skips the check (DJL does
 * the same); JavaCPP's accounting of the memory it allocates itself ({@code maxBytes}) stays, and the ND4J arrays
 * that only the collector frees go at the next young collection, which the cap above keeps coming.
 *
 * <p>The options go before the user's own JVM options, so a user's value for the same option wins; an option is
 * left out when the user set it, or for {@code MaxNewSize} any young-generation size ({@code -Xmn},
 * {@code NewSize}, {@code NewRatio}), on the command line or in a JVM options variable
 * ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}, which the JVM reads before or after
 * the command line). Java programs that use Tubelet as a library choose their own.
 */
public final class JvmOptions {
    /** The young generation's cap, MB. */
    public static final int MAX_NEW_SIZE_MB = 64;
    /** G1's target: at most 1/(1 + ratio) of the time in collection before it grows the heap. */
    public static final int GC_TIME_RATIO = 4;
    /** JavaCPP's property that sets the resident size past which it collects garbage (0: never checked). */
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    /** One option: what the launcher passes, and the option texts by which a user sets the same. */
    private record Option(String text, List<String> userForms) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("-XX:MaxNewSize=" + MAX_NEW_SIZE_MB + "m",
                    List.of("-Xmn", "-XX:MaxNewSize=", "-XX:NewSize=", "-XX:NewRatio=")),
            new Option("-XX:GCTimeRatio=" + GC_TIME_RATIO, List.of("-XX:GCTimeRatio=")),
            // JavaCPP reads either spelling
            new Option("-D" + MAX_PHYSICAL_BYTES + "=0",
                    List.of("-D" + MAX_PHYSICAL_BYTES + "=", "-Dorg.bytedeco.javacpp.maxphysicalbytes=")));
    /** Environment variables from which the JVM takes options besides its command line. */
    static final List<String> VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private JvmOptions() {
    }

    /**
     * The options to add to a JVM started with {@code jvmArgs} (its whole command line after the executable is fine)
     * and the environment {@code env}: each of Tubelet's options that the user did not set.
     */
    static List<String> toAdd(List<String> jvmArgs, Map<String, String> env) {
        List<String> users = new ArrayList<>(jvmArgs);
        for (String variable : VARIABLES) {
            Optional.ofNullable(env.get(variable)).ifPresent(v -> users.addAll(List.of(v.trim().split("\\s+"))));
        }
        List<String> add = new ArrayList<>();
        for (Option o : OPTIONS) {
            boolean set = users.stream().anyMatch(a -> o.userForms().stream().anyMatch(a::startsWith));
            if (!set) {
                add.add(o.text());
            }
        }
        return add;
    }

    /**
     * This JVM's young-generation cap, collection time ratio and JavaCPP's resident-size check, for diagnostics:
     * "MaxNewSize 64 MB, GCTimeRatio 4, JavaCPP RSS check off" (without the launcher's options G1 caps the young
     * generation at 60 % of the heap's limit, and JavaCPP checks against four times the heap's limit).
     */
    public static String describe() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String heap = hotspot == null ? "heap options unknown"
                : "MaxNewSize " + (Long.parseLong(hotspot.getVMOption("MaxNewSize").getValue()) >> 20)
                + " MB, GCTimeRatio " + hotspot.getVMOption("GCTimeRatio").getValue();
        long physical = Pointer.maxPhysicalBytes();
        return heap + ", JavaCPP RSS check " + (physical > 0 ? "at " + (physical >> 20) + " MB" : "off");
    }
}

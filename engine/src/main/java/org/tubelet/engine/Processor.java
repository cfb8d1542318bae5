package org.tubelet.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * This machine's processor as Linux describes it in {@code /proc/cpuinfo} (its first processor): what
 * {@link NativeBuild} and {@link OpenBlasCore} choose native code from.
 *
 * <p>A JVM started with {@code -XX:UseAVX=N} (on its command line, in {@code JAVA_TOOL_OPTIONS} or an options file)
 * runs the whole process as on a processor without the vector instructions above level N: {@link #local()} drops
 * their flags ({@link #heldTo(int)}), so ND4J's build and OpenBLAS's kernels follow the JIT compiler's limit
 * ({@code -XX:UseAVX=2}: no AVX-512 anywhere, as on a Zen 3 or a Haswell). The JVM's own default, which on some
 * Intel Skylake servers is 2, does not count: only a limit someone set.
 *
 * @param vendor the {@code vendor_id} ({@code GenuineIntel}, {@code AuthenticAMD}, ...), empty when absent
 * @param family the {@code cpu family} (26 for AMD's Zen 5, 25 for Zen 3 and 4, 6 for Intel's cores), -1 when absent
 * @param flags  the instruction-set {@code flags}
 */
public record Processor(String vendor, int family, Set<String> flags) {
    private static final Logger LOG = LogManager.getLogger(Processor.class);
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    /** HotSpot's option limiting the vector instructions its compilers emit: 3 = AVX-512, 2 = AVX2, 1 = AVX, 0. */
    public static final String JVM_OPTION = "UseAVX";

    public Processor {
        Objects.requireNonNull(vendor, "vendor");
        flags = Set.copyOf(flags);
    }

    /** The first processor of a {@code /proc/cpuinfo} text, or empty when it has no {@code flags} line (not x86). */
    public static Optional<Processor> parse(String cpuinfo) {
        return field(cpuinfo, "flags").map(f -> new Processor(
                field(cpuinfo, "vendor_id").orElse(""),
                field(cpuinfo, "cpu family").filter(s -> s.matches("\\d+")).map(Integer::parseInt).orElse(-1),
                Arrays.stream(f.split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet())));
    }

    /**
     * This machine's processor as this process may use it: {@code /proc/cpuinfo}'s, less the flags a
     * {@code -XX:UseAVX} the JVM was started with holds back ({@link #jvmAvxLimit()}); empty where
     * {@code /proc/cpuinfo} is missing or has no flags (not Linux x86).
     */
    public static Optional<Processor> local() {
        return Local.PROCESSOR;
    }

    /** This machine's processor as {@code /proc/cpuinfo} describes it, whatever the JVM's options. */
    public static Optional<Processor> hardware() {
        return Local.HARDWARE;
    }

    /**
     * The {@code -XX:UseAVX} level this JVM was started with, when someone set it (command line,
     * {@code JAVA_TOOL_OPTIONS}, options file); empty when it is HotSpot's own default or the JVM has no such option.
     */
    public static OptionalInt jvmAvxLimit() {
        return Local.AVX_LIMIT;
    }

    /**
     * This processor with the flags of the vector instructions above {@code useAvx} removed, as {@code -XX:UseAVX}
     * levels count them: below 3 every {@code avx512*} flag, below 2 {@code avx2}, below 1 {@code avx}, {@code fma}
     * and {@code f16c}. Level 3 or more removes nothing.
     */
    public Processor heldTo(int useAvx) {
        return new Processor(vendor, family, flags.stream().filter(f -> avxLevel(f) <= useAvx)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The {@code -XX:UseAVX} level a flag's instructions need: 3 for AVX-512, 2, 1, or 0 for everything else. */
    private static int avxLevel(String flag) {
        if (flag.startsWith("avx512")) {
            return 3;
        }
        return switch (flag) {
            case "avx2" -> 2;
            case "avx", "fma", "f16c" -> 1;
            default -> 0;
        };
    }

    /** AMD's, or Hygon's (AMD's Zen cores under licence). */
    public boolean isAmd() {
        return vendor.equals("AuthenticAMD") || vendor.equals("HygonGenuine");
    }

    @Override
    public String toString() {
        return (vendor.isEmpty() ? "unknown vendor" : vendor) + " family " + family;
    }

    /** The value of the first {@code key : value} line for this key. */
    private static Optional<String> field(String cpuinfo, String key) {
        return cpuinfo.lines()
                .filter(l -> l.startsWith(key) && l.indexOf(':') > 0
                        && l.substring(0, l.indexOf(':')).strip().equals(key))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip());
    }

    /** Read once, on first use (a holder: neither the file nor the JVM's options change while the process runs). */
    private static final class Local {
        static final Optional<Processor> HARDWARE = read();
        static final OptionalInt AVX_LIMIT = readAvxLimit();
        static final Optional<Processor> PROCESSOR = AVX_LIMIT.isPresent()
                ? HARDWARE.map(p -> p.heldTo(AVX_LIMIT.getAsInt())) : HARDWARE;

        private static OptionalInt readAvxLimit() {
            try {
                HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                VMOption option = hotspot == null ? null : hotspot.getVMOption(JVM_OPTION);
                if (option == null || option.getOrigin() == VMOption.Origin.DEFAULT
                        || option.getOrigin() == VMOption.Origin.ERGONOMIC) {
                    return OptionalInt.empty();
                }
                return OptionalInt.of(Integer.parseInt(option.getValue()));
            } catch (IllegalArgumentException e) {   // not HotSpot on x86: no such option (NumberFormatException too)
                LOG.debug("No -XX:{} in this JVM: {}", JVM_OPTION, e.toString());
                return OptionalInt.empty();
            }
        }

        private static Optional<Processor> read() {
            if (!Files.isReadable(CPUINFO)) {
                return Optional.empty();
            }
            try {
                return parse(Files.readString(CPUINFO));
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not read {}: {}", CPUINFO, e.toString());
                return Optional.empty();
            }
        }
    }
}

package org.tubelet.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * This machine's processor as Linux describes it in {@code /proc/cpuinfo} (its first processor): what
 * {@link NativeBuild} and {@link OpenBlasCore} choose native code from.
 *
 * @param vendor the {@code vendor_id} ({@code GenuineIntel}, {@code AuthenticAMD}, ...), empty when absent
 * @param family the {@code cpu family} (26 for AMD's Zen 5, 25 for Zen 3 and 4, 6 for Intel's cores), -1 when absent
 * @param flags  the instruction-set {@code flags}
 */
public record Processor(String vendor, int family, Set<String> flags) {
    private static final Logger LOG = LogManager.getLogger(Processor.class);
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

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

    /** This machine's processor, or empty where {@code /proc/cpuinfo} is missing or has no flags (not Linux x86). */
    public static Optional<Processor> local() {
        return Local.PROCESSOR;
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

    /** Read once, on first use (a holder: the file does not change while the process runs). */
    private static final class Local {
        static final Optional<Processor> PROCESSOR = read();

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

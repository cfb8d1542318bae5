package org.tubelet.engine;

import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which C allocator ({@code malloc}) this process runs, and the one the launcher preloads. ND4J's CPU backend keeps
 * every array in memory it gets from {@code malloc}, and a training step frees and allocates arrays of many sizes.
 * glibc's allocator keeps the freed memory in its arenas, scattered between arrays still in use where it cannot give
 * it back, so the resident size grows well past the arrays in use: on bench-s VideoMAE pretraining the arrays peak at
 * about 660 MB inside a step, while glibc held 550 MB more freed and kept (BENCHMARKS.md, issue 19). gperftools'
 * tcmalloc keeps freed memory in size classes it reuses: the same steps peak about 25 % lower, at the same speed
 * (BENCHMARKS.md, "The C allocator").
 *
 * <p>An allocator replaces glibc's only when it is preloaded ({@code LD_PRELOAD}) before the process starts, so the
 * CLI's launcher does it when it re-executes itself ({@link NativeEnvironment#settings()}): with the library this
 * machine has for {@link #VARIABLE} ({@code auto}: tcmalloc where installed, e.g. Debian's
 * {@code libtcmalloc-minimal4}, else glibc's). The user's own {@code LD_PRELOAD} always wins. Java programs that
 * use Tubelet as a library choose theirs when they start the JVM.
 */
public final class Malloc {
    /** Environment variable choosing the allocator the launcher preloads: auto, glibc, tcmalloc or jemalloc. */
    public static final String VARIABLE = "TUBELET_MALLOC";
    /** The dynamic linker's variable naming the libraries to load before all others. */
    public static final String PRELOAD = "LD_PRELOAD";

    /** The allocators Tubelet knows. */
    public enum Implementation {
        /** The C library's own (ptmalloc). */
        GLIBC("glibc", List.of(), "mallinfo2", "libc6"),
        /** gperftools' thread-caching malloc (Debian: libtcmalloc-minimal4). */
        TCMALLOC("tcmalloc", List.of("libtcmalloc_minimal.so.4", "libtcmalloc.so.4"),
                "MallocExtension_GetNumericProperty", "libtcmalloc-minimal4"),
        /** jemalloc (Debian: libjemalloc2): the lowest resident size measured, but slower forward passes. */
        JEMALLOC("jemalloc", List.of("libjemalloc.so.2"), "mallctl", "libjemalloc2");

        private final String id;
        private final List<String> libraries;
        private final String marker;
        private final String debianPackage;

        Implementation(String id, List<String> libraries, String marker, String debianPackage) {
            this.id = id;
            this.libraries = libraries;
            this.marker = marker;
            this.debianPackage = debianPackage;
        }

        /** The name {@value Malloc#VARIABLE} takes and reports print. */
        public String id() {
            return id;
        }

        /** The shared libraries that provide it, most preferred first (none: it is the C library's). */
        public List<String> libraries() {
            return libraries;
        }

        /** The Debian (and Ubuntu) package that installs it. */
        public String debianPackage() {
            return debianPackage;
        }

        /** A function only this allocator exports: found in the process, it runs. */
        String marker() {
            return marker;
        }

        /** The implementation {@code id} names ({@value Malloc#VARIABLE}'s values other than auto). */
        public static Optional<Implementation> byId(String id) {
            return Stream.of(values()).filter(i -> i.id.equals(id.strip().toLowerCase(Locale.ROOT))).findFirst();
        }
    }

    /**
     * What {@value #VARIABLE} asks for: an allocator, or empty for auto (also when unset).
     *
     * @throws IllegalArgumentException naming the variable, the value and what it takes
     */
    static Optional<Implementation> parseChoice(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("auto")) {
            return Optional.empty();
        }
        return Optional.of(Implementation.byId(value).orElseThrow(() -> new IllegalArgumentException(
                VARIABLE + "=" + value + " is not an allocator Tubelet knows: expected auto, "
                        + Stream.of(Implementation.values()).map(Implementation::id)
                        .collect(Collectors.joining(", ")))));
    }

    /** What auto picks, in order, among the allocators installed (measured on bench-s, BENCHMARKS.md). */
    public static final List<Implementation> AUTO_ORDER = List.of(Implementation.TCMALLOC);

    /** Where the dynamic linker finds libraries on Debian/Ubuntu, Fedora/RHEL and from-source installs. */
    static List<Path> libraryDirectories() {
        String triple = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> "";
        };
        return Stream.of("/usr/lib/" + triple, "/lib/" + triple, "/usr/lib64", "/lib64", "/usr/local/lib", "/usr/lib")
                .filter(d -> !d.endsWith("/")).map(Path::of).toList();
    }

    private Malloc() {
    }

    /** The first library of {@code implementation} found in {@code directories}, or empty. */
    static Optional<Path> find(Implementation implementation, List<Path> directories) {
        for (String name : implementation.libraries()) {
            for (Path dir : directories) {
                Path p = dir.resolve(name);
                if (Files.isReadable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The library to preload for {@code choice} (empty: auto) among {@code directories}: empty for glibc's, and for
     * auto on a machine with none of {@link #AUTO_ORDER}.
     *
     * @throws IllegalStateException when the named allocator is not installed (naming where it was looked for)
     */
    static Optional<Path> toPreload(Optional<Implementation> choice, List<Path> directories) {
        if (choice.isPresent()) {
            Implementation i = choice.get();
            if (i.libraries().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(find(i, directories).orElseThrow(() -> new IllegalStateException(
                    VARIABLE + "=" + i.id() + ", but none of " + i.libraries() + " is in " + directories
                            + " (Debian: apt-get install " + i.debianPackage() + "; or " + VARIABLE + "=auto)")));
        }
        return AUTO_ORDER.stream().map(i -> find(i, directories)).flatMap(Optional::stream).findFirst();
    }

    /** Whether this machine has {@code implementation} where the launcher looks (glibc's: always). */
    public static boolean installed(Implementation implementation) {
        return implementation.libraries().isEmpty() || find(implementation, libraryDirectories()).isPresent();
    }

    /** The library the launcher preloads on this machine for {@value #VARIABLE}, or empty (glibc's allocator). */
    public static Optional<Path> toPreload() {
        return toPreload(parseChoice(System.getenv(VARIABLE)), libraryDirectories());
    }

    /** The allocator this process runs, or empty when it is none Tubelet knows (or the C library is not glibc). */
    public static Optional<Implementation> running() {
        return Running.IMPLEMENTATION;
    }

    /** Looked up once: the allocator of a process is chosen before it starts. */
    private static final class Running {
        static final Optional<Implementation> IMPLEMENTATION = detect();

        private static Optional<Implementation> detect() {
            NativeLibrary process;
            try {
                process = NativeLibrary.getProcess();
            } catch (LinkageError | RuntimeException e) {
                return Optional.empty();
            }
            // the preloaded allocators first: glibc's mallinfo2 is in every process that has glibc
            for (Implementation i : List.of(Implementation.TCMALLOC, Implementation.JEMALLOC, Implementation.GLIBC)) {
                try {
                    process.getFunction(i.marker());
                    return Optional.of(i);
                } catch (LinkageError | RuntimeException e) {
                    // not this one
                }
            }
            return Optional.empty();
        }
    }

    /** {@link #running()}'s id, or "unknown". */
    public static String describeRunning() {
        return running().map(Implementation::id).orElse("unknown");
    }
}

package org.tubelet.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tubelet.recipe.YamlNode.Mapping;

/**
 * Finds, reads and binds recipes: the file (by path, then in {@code ./recipes/}, then inside the jar), the chain of
 * {@code extends:}, the {@code --set} overrides, then typed binding of every section with validation.
 */
public final class Recipes {
    /** Folder name of recipes, in the working directory and inside the jar. */
    public static final String FOLDER = "recipes";
    private static final int MAX_EXTENDS = 16;

    private Recipes() {
    }

    /** A recipe's text and where it was found ({@code dir} is null inside the jar). */
    record Source(String name, Path dir, String text, String fileName) {
    }

    /** Loads a recipe by reference with {@code --set} overrides applied in order. */
    public static Recipe load(String ref, List<String> sets) {
        Source src = locate(ref, null).orElseThrow(() -> new RecipeException(new Origin("--recipe " + ref, 0),
                "recipe not found; looked for the file '" + ref + "', for ./" + FOLDER + "/" + withYaml(ref)
                        + " and inside the jar (" + String.join(", ", bundled()) + ")"));
        Mapping tree = readWithExtends(src, new ArrayList<>());
        for (String s : sets) {
            tree = YamlTrees.set(tree, s);
        }
        return bind(tree, src);
    }

    /** Binds YAML text (no {@code extends:}); for tests and for resolved recipes. */
    public static Recipe parse(String sourceName, String text) {
        Source src = new Source(sourceName, null, text, sourceName);
        return bind(readWithExtends(src, new ArrayList<>()), src);
    }

    /** Recipe files bundled in the jar (or on the class path), by name. */
    public static List<String> bundled() {
        return listResources(FOLDER);
    }

    /** The {@code .yaml} files of a resource folder, whether the class path entry is a jar or a folder. */
    static List<String> listResources(String folder) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        try {
            java.util.Enumeration<java.net.URL> urls = Recipes.class.getClassLoader().getResources(folder);
            while (urls.hasMoreElements()) {
                java.net.URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    try (java.util.stream.Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                                .forEach(names::add);
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    java.net.JarURLConnection c = (java.net.JarURLConnection) url.openConnection();
                    c.setUseCaches(false);
                    try (java.util.jar.JarFile jar = c.getJarFile()) {
                        jar.stream().map(java.util.jar.JarEntry::getName)
                                .filter(n -> n.startsWith(folder + "/") && n.endsWith(".yaml"))
                                .forEach(n -> names.add(n.substring(folder.length() + 1)));
                    }
                }
            }
        } catch (IOException | java.net.URISyntaxException e) {
            return List.of();
        }
        return List.copyOf(names);
    }

    private static String withYaml(String ref) {
        return ref.endsWith(".yaml") || ref.endsWith(".yml") ? ref : ref + ".yaml";
    }

    static java.util.Optional<Source> locate(String ref, Path relativeTo) {
        try {
            List<Path> candidates = new ArrayList<>();
            if (relativeTo != null) {
                candidates.add(relativeTo.resolve(ref));
                candidates.add(relativeTo.resolve(withYaml(ref)));
            }
            candidates.add(Path.of(ref));
            candidates.add(Path.of(FOLDER, ref));
            candidates.add(Path.of(FOLDER, withYaml(ref)));
            for (Path p : candidates) {
                if (Files.isRegularFile(p)) {
                    Path abs = p.toAbsolutePath().normalize();
                    return java.util.Optional.of(new Source(p.normalize().toString(), abs.getParent(),
                            Files.readString(p), p.getFileName().toString()));
                }
            }
            String file = Path.of(withYaml(ref)).getFileName().toString();
            try (InputStream in = Recipes.class.getResourceAsStream("/" + FOLDER + "/" + file)) {
                if (in != null) {
                    return java.util.Optional.of(new Source("jar:/" + FOLDER + "/" + file, null,
                            new String(in.readAllBytes(), StandardCharsets.UTF_8), file));
                }
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new RecipeException(new Origin(ref, 0), "cannot read recipe: " + e.getMessage());
        }
    }

    private static Mapping readWithExtends(Source src, List<String> chain) {
        if (chain.contains(src.name())) {
            throw new RecipeException(new Origin(src.name(), 0), "extends: cycle " + String.join(" → ", chain)
                    + " → " + src.name());
        }
        if (chain.size() >= MAX_EXTENDS) {
            throw new RecipeException(new Origin(src.name(), 0), "extends: more than " + MAX_EXTENDS + " levels");
        }
        chain.add(src.name());
        Mapping tree = YamlTrees.parseDocument(src.name(), src.text());
        YamlNode parent = tree.get("extends");
        if (parent == null) {
            return tree;
        }
        if (!(parent instanceof YamlNode.Scalar s) || !(s.value() instanceof String ref)) {
            throw new RecipeException(parent.origin(), "extends = " + parent.describe()
                    + ": expected the name or path of another recipe");
        }
        Source base = locate(ref, src.dir()).orElseThrow(() -> new RecipeException(parent.origin(),
                "extends = " + ref + ": recipe not found (looked next to this recipe, in ./" + FOLDER
                        + "/ and inside the jar)"));
        Map<String, YamlNode.Entry> own = new LinkedHashMap<>(tree.entries());
        own.remove("extends");
        // name: is never inherited: a derived recipe is another run, named by its own file unless it says otherwise.
        Mapping inherited = readWithExtends(base, chain);
        Map<String, YamlNode.Entry> baseEntries = new LinkedHashMap<>(inherited.entries());
        baseEntries.remove("name");
        return YamlTrees.merge(new Mapping(baseEntries, inherited.origin()), new Mapping(own, tree.origin()));
    }

    private static Recipe bind(Mapping tree, Source src) {
        Section top = new Section("", tree);
        top.has("extends");
        String defaultName = src.fileName().replaceFirst("\\.ya?ml$", "");
        String name = top.string("name", defaultName);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw top.error("name", "must be a plain name (letters, digits, . _ -), it names the run folder");
        }
        Task task = top.choice("task", Task.class, Task.CLASSIFICATION);
        if (!top.has("model")) {
            throw top.missing("model", "a section with preset: or init_from:");
        }
        ModelSection model = ModelSection.read(top.section("model"), src.dir());
        if (!top.has("data")) {
            throw top.missing("data", "a section with format: and root:");
        }
        Section dataKeys = top.section("data");
        DataSection data = DataSection.read(dataKeys);
        if (task == Task.PRETRAINING && data.mixup().enabled()) {
            throw new RecipeException(dataKeys.originOf("mixup"), "data.mixup: mixes class targets, so only for task:"
                    + " classification (this recipe pretrains)");
        }
        OptimSection optim = OptimSection.read(top.section("optim"));
        ScheduleSection schedule = ScheduleSection.read(top.section("schedule"));
        TrainSection train = TrainSection.read(top.section("train"));
        CheckpointSection checkpoint = CheckpointSection.read(top.section("checkpoint"), name);
        LogSection log = LogSection.read(top.section("log"));
        DistributedSection distributed = DistributedSection.read(top.section("distributed"));
        top.finish();
        return new Recipe(name, src.name(), task, model, data, optim, schedule, train, checkpoint, log, distributed);
    }
}

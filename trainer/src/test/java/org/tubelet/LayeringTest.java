package org.tubelet;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering of Tubelet's production code, lowest first: {@code io} &lt; {@code engine} &lt; {@code models}
 * &lt; {@code hf} &lt; {@code train} &lt; {@code run} and {@code recipe} &lt; {@code cli}, with {@code datasets}
 * below {@code train}. A package may use the packages below it, never one above; {@code engine} and {@code datasets}
 * are separate modules that see none of the trainer's packages; nothing below {@code run} sees the YAML recipes; and
 * packages form no cycle (neither the top-level ones nor any two packages, sub-packages included).
 *
 * <p>Imports the production classes of all three modules (test classes and test jars excluded).
 */
@AnalyzeClasses(packages = "org.tubelet", importOptions = {ImportOption.DoNotIncludeTests.class,
        LayeringTest.DoNotIncludeTestJars.class})
class LayeringTest {
    private static final String IO = "org.tubelet.io..";
    private static final String ENGINE = "org.tubelet.engine..";
    private static final String MODELS = "org.tubelet.models..";
    private static final String HF = "org.tubelet.hf..";
    private static final String DATASETS = "org.tubelet.datasets..";
    private static final String TRAIN = "org.tubelet.train..";
    private static final String RUN = "org.tubelet.run..";
    private static final String RECIPE = "org.tubelet.recipe..";
    private static final String CLI = "org.tubelet.cli..";

    /** Test jars of the other modules (e.g. the engine's, resolved from the local repository). */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule layersOnlyUseTheLayersBelowThem = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("io").definedBy(IO)
            .layer("engine").definedBy(ENGINE)
            .layer("models").definedBy(MODELS)
            .layer("hf").definedBy(HF)
            .layer("datasets").definedBy(DATASETS)
            .layer("train").definedBy(TRAIN)
            .optionalLayer("run").definedBy(RUN)                 // cli's commands move there: may not exist yet
            .layer("recipe").definedBy(RECIPE)
            .layer("cli").definedBy(CLI)
            .whereLayer("io").mayNotAccessAnyLayer()
            .whereLayer("engine").mayNotAccessAnyLayer()
            .whereLayer("models").mayOnlyAccessLayers("io", "engine")
            .whereLayer("hf").mayOnlyAccessLayers("io", "engine", "models")
            .whereLayer("datasets").mayOnlyAccessLayers("engine")
            .whereLayer("train").mayOnlyAccessLayers("io", "engine", "models", "hf", "datasets")
            .whereLayer("recipe").mayOnlyAccessLayers("io", "engine", "models", "hf", "datasets", "train")
            .whereLayer("run").mayOnlyAccessLayers("io", "engine", "models", "hf", "datasets", "train", "recipe")
            .whereLayer("cli").mayOnlyAccessLayers("io", "engine", "models", "hf", "datasets", "train", "recipe",
                    "run")
            .because("each package builds on the ones below it (io < engine < models < hf < train < run/recipe < cli, "
                    + "datasets below train): a lower package that imports a higher one can no longer be used, tested "
                    + "or released without it");

    @ArchTest
    static final ArchRule engineUsesNoOtherTubeletPackage = noClasses()
            .that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat(resideInAPackage("org.tubelet..").and(not(resideInAPackage(ENGINE))))
            .because("the engine (kernels, fused nodes, sessions) is the bottom module: it runs any SameDiff graph and "
                    + "knows nothing of Tubelet's models, files or training");

    @ArchTest
    static final ArchRule datasetsUseNothingOfTheTrainer = noClasses()
            .that().resideInAPackage(DATASETS)
            .should().dependOnClassesThat().resideInAnyPackage(IO, MODELS, HF, TRAIN, RUN, RECIPE, CLI)
            .because("the datasets module sits below train and is usable without the trainer: the trainer uses "
                    + "datasets, never the other way round");

    @ArchTest
    static final ArchRule recipesAreSeenOnlyByRunAndCli = noClasses()
            .that().resideInAnyPackage(IO, ENGINE, MODELS, HF, DATASETS, TRAIN)
            .should().dependOnClassesThat().resideInAPackage(RECIPE)
            .because("the YAML recipes are bound to typed configs at the top (run, cli); the layers below take those "
                    + "typed values, not recipes");

    @ArchTest
    static final ArchRule everyPackageHasALayer = classes()
            .that().resideInAPackage("org.tubelet..")
            .should().resideInAnyPackage(IO, ENGINE, MODELS, HF, DATASETS, TRAIN, RUN, RECIPE, CLI)
            .because("a new package must be given its place in the layering (add it to LayeringTest)");

    @ArchTest
    static final ArchRule topLevelPackagesAreFreeOfCycles = slices()
            .matching("org.tubelet.(*)..")
            .should().beFreeOfCycles()
            .because("a cycle between packages makes them one package in disguise: neither can change, be tested or "
                    + "be understood alone");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices()
            .matching("org.tubelet.(**)")
            .should().beFreeOfCycles()
            .because("inside a layer too, packages build on each other in one direction: a package that needs its "
                    + "sub-package and is needed by it (models and models.vivit), or two siblings that need each "
                    + "other (train.loop and train.eval), cannot be changed or tested one without the other");
}

package dev.resdsl.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages form a directed acyclic graph with the root package's types at the
 * bottom. Read from the compiled classes of this module alone: {@link Shape}, which keeps its
 * package name but lives in {@code dsl-model} below the whole runtime, adds no edge.
 */
class PackageDependenciesTest {
  private static final JavaClasses RUNTIME = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
      .importPackages("dev.resdsl.runtime");

  /** Each package a slice of its own, the root package included. */
  private static final SliceAssignment PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      return SliceIdentifier.of(javaClass.getPackageName());
    }

    @Override
    public String getDescription() {
      return "runtime packages";
    }
  };

  @Test
  void theImportFoundTheRuntimesPackages() {
    long packages = RUNTIME.stream().map(JavaClass::getPackageName).distinct().count();
    if (packages < 10) {
      throw new AssertionError("expected the runtime's 11 packages, found " + packages);
    }
  }

  @Test
  void runtimePackagesHaveNoCycles() {
    slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(RUNTIME);
  }

  @Test
  void theRootPackageDependsOnlyOnTheBackendAndWeightImport() {
    // Weights is the documented entry point for imported weights (API.md), a facade over the
    // weights package, which in turn depends on nothing in the root package.
    noClasses().that().resideInAPackage("dev.resdsl.runtime")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.resdsl.runtime.data..", "dev.resdsl.runtime.eval..", "dev.resdsl.runtime.exec..",
            "dev.resdsl.runtime.graph..", "dev.resdsl.runtime.network..",
            "dev.resdsl.runtime.summary..", "dev.resdsl.runtime.train..")
        .check(RUNTIME);
  }
}

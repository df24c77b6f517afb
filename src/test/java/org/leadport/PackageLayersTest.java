package org.leadport;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The drawing of docs/architecture.md, checked on the compiled classes: every package depends only
 * on the tiers below its own, the surfaces never on one another, and no packages form a circle. A
 * back arrow fails with the dependency that makes it (class, member and line).
 */
class PackageLayersTest {
  /**
   * The tiers, top first: a layer may use any layer of a lower tier, none of its own tier or above.
   * Each layer is a package of {@code org.leadport} with its subpackages; {@code base} is the root
   * package itself ({@link LeadportException}).
   */
  private static final List<List<String>> TIERS =
      List.of(
          List.of("cli"),
          List.of("app"),
          List.of("surface"),
          List.of("http", "mail"),
          List.of("jobs", "webhooks"),
          List.of("export"),
          List.of("leads", "synthetic"),
          List.of("store", "files"),
          List.of("query"),
          List.of("model", "json"),
          List.of("base"));

  private static JavaClasses PRODUCTION;

  private static final String WHY = "the package drawing of docs/architecture.md has no back arrow";

  @Test
  void everyPackageDependsOnlyOnTheTiersBelowIt() {
    layers("org.leadport").because(WHY).check(production());
  }

  @Test
  void noSurfaceDependsOnAnother() {
    surfacesApart("org.leadport").check(production());
  }

  @Test
  void noPackagesFormACircle() {
    slices()
        .matching("org.leadport.(**)")
        .should()
        .beFreeOfCycles()
        .because(WHY)
        .check(production());
  }

  /** The rules fail on a drawing with a back arrow: here {@code mail} uses {@code app}. */
  @Test
  void aBackArrowFailsNamingTheDependency() {
    String root = "org.leadport.layerfixture.backarrow";
    JavaClasses fixture = new ClassFileImporter().importPackages(root);
    assertThatThrownBy(() -> layers(root).withOptionalLayers(true).check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("backarrow.mail.Notifier")
        .hasMessageContaining("backarrow.app.Wiring");
  }

  /** The rules fail when one surface uses another. */
  @Test
  void aSurfaceUsingAnotherFails() {
    String root = "org.leadport.layerfixture.siblings";
    JavaClasses fixture = new ClassFileImporter().importPackages(root);
    assertThatThrownBy(() -> surfacesApart(root).check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("surface.one.First")
        .hasMessageContaining("surface.two.Second");
  }

  /** Leadport's main classes, imported once for every rule. */
  private static JavaClasses production() {
    JavaClasses classes = PRODUCTION;
    if (classes == null) {
      classes =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPackages("org.leadport");
      PRODUCTION = classes;
    }
    return classes;
  }

  /** {@link #TIERS} as ArchUnit layers under {@code root}; a class in no layer fails too. */
  static LayeredArchitecture layers(String root) {
    LayeredArchitecture arch =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture();
    for (List<String> tier : TIERS) {
      for (String layer : tier) {
        arch = arch.layer(layer).definedBy(layer.equals("base") ? root : root + "." + layer + "..");
      }
    }
    List<String> above = new ArrayList<>();
    for (List<String> tier : TIERS) {
      for (String layer : tier) {
        arch =
            above.isEmpty()
                ? arch.whereLayer(layer).mayNotBeAccessedByAnyLayer()
                : arch.whereLayer(layer).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
      }
      above.addAll(tier);
    }
    return arch.as("Packages of " + root + " depend only on lower tiers: " + TIERS);
  }

  static ArchRule surfacesApart(String root) {
    return slices()
        .matching(root + ".surface.(*)..")
        .should()
        .notDependOnEachOther()
        .because("each surface is reached only through app's route table");
  }
}

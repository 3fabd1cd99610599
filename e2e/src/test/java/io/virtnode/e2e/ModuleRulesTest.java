package io.virtnode.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the compiled production classes of every module on e2e's class path:
 * the API types (crds) stay plain; the node runtime never touches Kubernetes or the layers above it; the
 * reconcilers never reach up into the operator's wiring.
 */
class ModuleRulesTest {
  private static final String API = "io.virtnode.api..";
  private static final String NODE = "io.virtnode.node..";
  private static final String RECONCILE = "io.virtnode.reconcile..";
  private static final String OPERATOR = "io.virtnode.operator..";

  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.virtnode");
  }

  @Test
  void theImportSeesEveryModule() {
    // Without this the rules below would pass vacuously if a module moved packages or left the class path.
    assertThat(production.that(resideIn(API))).as("crds classes in %s", API).isNotEmpty();
    assertThat(production.that(resideIn(NODE))).as("node-runtime classes in %s", NODE).isNotEmpty();
    assertThat(production.that(resideIn(RECONCILE))).as("reconcilers classes in %s", RECONCILE).isNotEmpty();
    assertThat(production.that(resideIn(OPERATOR))).as("operator classes in %s", OPERATOR).isNotEmpty();
  }

  @Test
  void apiTypesDependOnlyOnJavaFabric8JacksonAndThemselves() {
    classes().that().resideInAPackage(API)
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.fabric8..", "com.fasterxml.jackson..", API)
        .check(production);
  }

  @Test
  void nodeRuntimeNeverTouchesKubernetesOrTheLayersAboveIt() {
    noClasses().that().resideInAPackage(NODE)
        .should().dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..", RECONCILE, OPERATOR, API)
        .check(production);
  }

  @Test
  void reconcilersNeverDependOnTheOperator() {
    noClasses().that().resideInAPackage(RECONCILE)
        .should().dependOnClassesThat().resideInAPackage(OPERATOR)
        .check(production);
  }

  @Test
  void productionCodeNeverSleeps() {
    // Waiting is done with timeouts, futures and scheduled executors, never by parking a thread blind.
    noClasses().that().resideInAnyPackage(API, NODE, RECONCILE, OPERATOR)
        .should().callMethodWhere(DescribedPredicate.describe("Thread.sleep",
            call -> call.getTarget().getOwner().isEquivalentTo(Thread.class)
                && call.getTarget().getName().equals("sleep")))
        .check(production);
  }

  private static DescribedPredicate<JavaClass> resideIn(String packageIdentifier) {
    return JavaClass.Predicates.resideInAPackage(packageIdentifier);
  }
}

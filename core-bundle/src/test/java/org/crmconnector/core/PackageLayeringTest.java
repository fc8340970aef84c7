package org.crmconnector.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the bundle layered, read from the compiled classes: a package cycle
 * makes every package in it change and test together, and an engine that
 * knows HTTP can only be driven by HTTP.
 */
class PackageLayeringTest {

    private static final JavaClasses BUNDLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.crmconnector");

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        // (**) makes every package its own slice, core.http and core.softphone alike
        slices().matching("org.crmconnector.(**)").should().beFreeOfCycles().check(BUNDLE);
    }

    @Test
    void onlyTheHttpLayerKnowsHttp() {
        noClasses().that().resideOutsideOfPackage("org.crmconnector.core.http")
                .should().dependOnClassesThat().resideInAPackage("org.crmconnector.core.http")
                .check(BUNDLE);
    }

    @Test
    void outsideTheHttpLayerOnlyResourcesKnowTheResourceContract() {
        // a protocol package holds its resource, but its engine stays free of HTTP
        noClasses().that().resideOutsideOfPackages("org.crmconnector.core.http", "org.crmconnector.core.web")
                .and().haveSimpleNameNotEndingWith("Resource")
                .should().dependOnClassesThat().resideInAPackage("org.crmconnector.core.web")
                .check(BUNDLE);
    }
}

package org.crmconnector.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Checks that the packages of one bundle do not depend on one another in a
 * circle: each package should be understandable, and movable into a bundle of
 * its own, with only the packages below it in the layering.
 */
public final class PackageCycles {

    /** Every package is its own slice, the bundle's root package included (a "root.(**)" pattern would skip it). */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "each package";
        }
    };

    private PackageCycles() {
    }

    /**
     * Fails with the cycles found among {@code rootPackage} and its sub-packages,
     * main code only. Classes of other packages (the API, support packages a
     * bundle includes) do not take part.
     */
    public static void assertNoneBelow(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
        if (classes.isEmpty()) {
            throw new AssertionError("no classes found in " + rootPackage + ": nothing would be checked");
        }
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(classes);
    }
}

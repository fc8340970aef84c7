package org.crmconnector.crm.example;

import org.crmconnector.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The bundle's packages form layers, never a circle (checked on the compiled classes with ArchUnit). */
class PackageCyclesTest {

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        PackageCycles.assertNoneBelow(getClass().getPackageName());
    }
}

package dev.idgw.testkit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No package of this module imports one that imports it back (directly or around a loop), and nothing
 * here reaches into the product: the tools serve gateway and load test alike. Production classes only.
 */
@AnalyzeClasses(packages = "dev.idgw.testkit", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("dev.idgw.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noProductCode = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.idgw.gateway..", "dev.idgw.partners..",
                    "dev.idgw.keys..", "dev.idgw.loadtest..");
}

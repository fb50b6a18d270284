package dev.idgw.demo;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No package of this module imports one that imports it back (directly or around a loop), as in every
 * module. Production classes only.
 */
@AnalyzeClasses(packages = "dev.idgw.demo", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("dev.idgw.(**)").should().beFreeOfCycles();
}

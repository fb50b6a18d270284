package dev.idgw.loadtest;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No package of this module imports one that imports it back (directly or around a loop): each package
 * is one step that the ones above it build on. Production classes only; tests may cross freely.
 */
@AnalyzeClasses(packages = "dev.idgw.loadtest", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
  @ArchTest
  static final ArchRule packagesFormNoCycle = slices().matching("dev.idgw.(**)").should().beFreeOfCycles();
}

package org.hotline.cti;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers hold themselves: domain decides and never does I/O; app runs use cases behind ports and
 * sees no adapter and no Micrometer; adapters do not know each other; only boot sees concrete adapters.
 * See docs/architecture.md.
 */
@AnalyzeClasses(packages = "org.hotline.cti", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] ADAPTERS = {
        "org.hotline.cti.agi..",
        "org.hotline.cti.ami..",
        "org.hotline.cti.cel..",
        "org.hotline.cti.config..",
        "org.hotline.cti.http..",
        "org.hotline.cti.metrics..",
        "org.hotline.cti.pbx..",
        "org.hotline.cti.search..",
        "org.hotline.cti.store.."
    };

    @ArchTest
    static final ArchRule domainIsPure = noClasses()
            .that()
            .resideInAPackage("org.hotline.cti.domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.netty..",
                    "java.sql..",
                    "javax.sql..",
                    "io.micrometer..",
                    "javax.sip..",
                    "org.asteriskjava..",
                    "com.fasterxml.jackson..",
                    "org.slf4j..",
                    "java.net..",
                    "java.nio.file..")
            .because("the domain is pure and unit-tested without Asterisk (STYLE 1, 9)");

    @ArchTest
    static final ArchRule domainDoesNotReachIntoAdapters = noClasses()
            .that()
            .resideInAPackage("org.hotline.cti.domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.hotline.cti.config..",
                    "org.hotline.cti.ami..",
                    "org.hotline.cti.store..",
                    "org.hotline.cti.http..",
                    "org.hotline.cti.pbx..",
                    "org.hotline.cti.cli..",
                    "org.hotline.cti.cel..",
                    "org.hotline.cti.agi..",
                    "org.hotline.cti.search..",
                    "org.hotline.cti.metrics..",
                    "org.hotline.cti.app..",
                    "org.hotline.cti.boot..")
            .because("adapters depend on the domain, never the other way round");

    @ArchTest
    static final ArchRule appSeesOnlyPorts = noClasses()
            .that()
            .resideInAPackage("org.hotline.cti.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(ADAPTERS, "org.hotline.cti.cli..", "org.hotline.cti.boot..", "io.micrometer.."))
            .because("use cases talk to the world through app/port and the metric ports; boot wires adapters in");

    @ArchTest
    static final ArchRule adaptersDoNotKnowEachOther = slices().matching(
                    "org.hotline.cti.(agi|ami|cel|config|http|metrics|pbx|search|store)..")
            .should()
            .notDependOnEachOther()
            .because("each adapter translates one technology to the app's ports; boot connects them");

    @ArchTest
    static final ArchRule onlyBootAndCliSeeBoot = noClasses()
            .that()
            .resideOutsideOfPackages("org.hotline.cti.boot..", "org.hotline.cti.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.hotline.cti.boot..")
            .because("boot is the outermost layer; only the command line starts it");

    @ArchTest
    static final ArchRule noCycles =
            slices().matching("org.hotline.cti.(*)..").should().beFreeOfCycles();

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

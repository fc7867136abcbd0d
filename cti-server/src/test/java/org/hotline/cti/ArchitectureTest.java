package org.hotline.cti;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain decides and never does I/O: no network, database, metrics, SIP, AMI or YAML types in it. */
@AnalyzeClasses(packages = "org.hotline.cti", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPure = noClasses().that().resideInAPackage("org.hotline.cti.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.netty..", "java.sql..", "javax.sql..", "io.micrometer..", "javax.sip..",
                    "org.asteriskjava..", "com.fasterxml.jackson..", "org.slf4j..", "java.net..", "java.nio.file..")
            .because("the domain is pure and unit-tested without Asterisk (STYLE 1, 9)");

    @ArchTest
    static final ArchRule domainDoesNotReachIntoAdapters = noClasses().that().resideInAPackage("org.hotline.cti.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.hotline.cti.config..", "org.hotline.cti.ami..", "org.hotline.cti.store..",
                    "org.hotline.cti.http..", "org.hotline.cti.pbx..", "org.hotline.cti.cli..")
            .because("adapters depend on the domain, never the other way round");
}

package org.hotline.softphone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the UI-facing API protocol-neutral (STYLE.md rule 4). */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.hotline.softphone");

    @Test
    void phoneApiKnowsNothingOfSip() {
        noClasses()
                .that()
                .resideInAPackage("..softphone.phone..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "javax.sip..", "gov.nist..", "javax.sdp..", "..softphone.sip..", "..softphone.media..")
                .check(MAIN);
    }

    @Test
    void mediaKnowsNothingOfSignalling() {
        noClasses()
                .that()
                .resideInAPackage("..softphone.media..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javax.sip..", "gov.nist..", "..softphone.sip..")
                .check(MAIN);
    }

    @Test
    void headlessDriverTalksOnlyToThePhoneApi() {
        noClasses()
                .that()
                .resideInAPackage("..softphone.headless..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javax.sip..", "gov.nist..", "..softphone.sip..")
                .check(MAIN);
    }

    @Test
    void windowTalksOnlyToThePhoneAndCtiInterfaces() {
        noClasses()
                .that()
                .resideInAPackage("..softphone.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "javax.sip..",
                        "gov.nist..",
                        "..softphone.sip..",
                        "..softphone.media..",
                        "java.net.http..",
                        "com.fasterxml..")
                .check(MAIN);
    }

    @Test
    void ctiClientKnowsNothingOfSipOrSwing() {
        noClasses()
                .that()
                .resideInAPackage("..softphone.cti..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "javax.sip..",
                        "gov.nist..",
                        "..softphone.sip..",
                        "..softphone.ui..",
                        "javax.swing..",
                        "java.awt..")
                .check(MAIN);
    }
}

package org.hotline.cti.app.port;

import java.time.LocalDate;
import java.util.List;
import org.hotline.cti.domain.rotation.EntityServed;
import org.hotline.cti.domain.rotation.SignIn;

/** R4/R5: rotation-session records, kept per session date. */
public interface RotationStore {
    List<SignIn> signIns(LocalDate session);

    List<EntityServed> services(LocalDate session);

    void saveSignIn(LocalDate session, SignIn signIn);

    void saveService(LocalDate session, EntityServed service);
}

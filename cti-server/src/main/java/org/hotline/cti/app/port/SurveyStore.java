package org.hotline.cti.app.port;

import java.time.LocalDate;
import java.util.List;
import org.hotline.cti.domain.rotation.SurveyAnswer;

/** R7: survey answers per market entity per rotation session. */
public interface SurveyStore {
    /** Stores one entity's answers together (all or none). */
    void save(List<SurveyAnswer> answers);

    List<SurveyAnswer> bySession(LocalDate session);
}

package org.hotline.softphone.cti;

import java.util.List;

/** A department with its matters (GET /api/departments). */
public record Department(String code, String name, List<MatterRef> matters) {

    public record MatterRef(String code, String name, boolean threeWay) {}
}

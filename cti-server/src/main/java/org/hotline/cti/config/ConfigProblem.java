package org.hotline.cti.config;

/** One thing wrong in a configuration file, printed as {@code file: key: reason}. */
public record ConfigProblem(String file, String key, String reason) {

    @Override
    public String toString() {
        return file + ": " + key + ": " + reason;
    }
}

package org.hotline.cti.http;

/** A route handler: may throw {@link org.hotline.cti.CtiException}, which becomes a JSON error. */
@FunctionalInterface
public interface Route {
    HttpResponse handle(HttpRequest request) throws Exception;
}

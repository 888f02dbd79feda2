package org.drover.api.http.spi;

import org.osgi.annotation.versioning.ProviderType;

/** A request to an {@link ApiEndpoint}, its body read whole. Provided by the API. */
@ProviderType
public interface ApiRequest {

    /** {@code GET}, {@code PUT}, ... as sent. */
    String method();

    /** The decoded path, without the query: {@code /v1/hello/world}. */
    String path();

    /**
     * What follows the endpoint's own path: empty for the path itself, else from its slash on
     * ({@code /world}).
     */
    String rest();

    /** The first value of a query parameter (decoded), empty for one without a value, or null when absent. */
    String param(String name);

    /** The first value of a request header, or null when absent. */
    String header(String name);

    /** The body, empty when there is none; never more than the API's limit (a larger one is refused first). */
    byte[] body();
}

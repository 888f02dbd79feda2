package org.drover.api.http.spi;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One endpoint of the agent's HTTP API, registered as an OSGi service with
 * {@value #PATH} naming the path it serves, e.g. {@code /v1/hello}: requests to
 * that path and to any path under it ({@code /v1/hello/world}) come here, every
 * method. The API checks the token and reads the body (up to its limit) before
 * the call.
 *
 * <p>A path whose first segment under {@code /v1} is one of the API's own
 * ({@code jobs}, {@code job}, {@code allocation}, {@code client}, ...) is never
 * served: the API's routes cannot be shadowed. Of two endpoints for the same
 * path, the one with the higher {@code service.ranking} (then the older) is
 * served. An endpoint that throws anything but {@link ApiException} is answered
 * with a 500; the API goes on serving.
 *
 * <p>Called from any of the API's worker threads, also concurrently.
 */
@ConsumerType
public interface ApiEndpoint {

    /** The service property naming the path served: {@code /v1/} and one or more segments. */
    String PATH = "drover.api.path";

    /**
     * Answers one request.
     *
     * @throws ApiException to refuse it with that status, answered as the API's own errors are
     * @throws IOException  answered with a 500
     */
    ApiResponse handle(ApiRequest request) throws IOException;
}

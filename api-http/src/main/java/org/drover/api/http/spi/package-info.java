/**
 * Endpoints that other bundles add to the agent's HTTP API, the whiteboard
 * way: a bundle registers an {@link org.drover.api.http.spi.ApiEndpoint}
 * service with the property {@value org.drover.api.http.spi.ApiEndpoint#PATH},
 * and the API serves that path (and everything under it) for as long as the
 * service is registered. The API's token, body limit and error shape apply to
 * these endpoints as to its own routes.
 */
@Export
@Version("1.0.0")
package org.drover.api.http.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

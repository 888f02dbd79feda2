package org.drover.api.http;

import java.io.IOException;

import org.drover.api.http.spi.ApiException;
import org.drover.api.http.spi.ApiRequest;
import org.drover.api.http.spi.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request handed to another bundle's endpoint: whatever the endpoint does
 * wrong (throws, answers nothing, its bundle goes away mid-call and its classes
 * with it) is the caller's 500, and the server goes on serving.
 */
final class EndpointCall implements ApiRequest {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointCall.class);

    private final Exchange x;
    private final String rest;
    private final byte[] body;

    private EndpointCall(Exchange x, String rest, byte[] body) {
        this.x = x;
        this.rest = rest;
        this.body = body;
    }

    static void answer(Exchange x, Endpoints.Match match, byte[] body) throws IOException {
        String path = match.entry().path();
        ApiResponse response;
        try {
            response = match.entry().endpoint().handle(new EndpointCall(x, match.rest(), body));
        } catch (ApiException e) {
            throw e;
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            LOG.error("{} {}: the endpoint for {} (service {}) failed", x.method(), x.path(), path,
                    match.entry().serviceId(), e);
            throw new ApiError(500, "internal error: the endpoint for " + path + " failed: " + e);
        }
        if (response == null) {
            throw new ApiError(500, "internal error: the endpoint for " + path + " gave no answer");
        }
        x.send(response.status(), response.contentType(), response.body());
    }

    @Override
    public String method() {
        return x.method();
    }

    @Override
    public String path() {
        return x.path();
    }

    @Override
    public String rest() {
        return rest;
    }

    @Override
    public String param(String name) {
        return x.param(name);
    }

    @Override
    public String header(String name) {
        return x.header(name);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}

package org.drover.api.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.drover.api.http.spi.ApiEndpoint;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints other bundles registered (the whiteboard), by path: a request
 * goes to the endpoint with the longest path that is the request's path or a
 * parent of it. Read on every request that no route of the API's own takes,
 * changed as services come and go: readers see an immutable list, never a lock.
 */
final class Endpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);
    private static final Pattern PATH = Pattern.compile("/v1(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+");

    /** An endpoint served, and the service it came from. */
    record Entry(String path, int ranking, long serviceId, ApiEndpoint endpoint) {
    }

    /** The endpoint for a request, and what of the request's path follows its own. */
    record Match(Entry entry, String rest) {
    }

    /** Longer paths first; of the same path, the one OSGi ranks first (higher ranking, then lower ID). */
    private static final Comparator<Entry> ORDER = Comparator.comparingInt((Entry e) -> -e.path().length())
            .thenComparing(Entry::path).thenComparingInt(e -> -e.ranking()).thenComparingLong(Entry::serviceId);

    private final Set<String> reserved;
    private volatile List<Entry> entries = List.of();

    /** @param reserved the first segments under {@code /v1} of the API's own routes */
    Endpoints(Set<String> reserved) {
        this.reserved = Set.copyOf(reserved);
    }

    /** Adds an endpoint, or replaces what the same service registered before (its properties changed). */
    synchronized void add(ApiEndpoint endpoint, Map<String, ?> properties) {
        long id = serviceId(properties);
        List<Entry> next = without(id);
        Optional<String> path = accepted(properties.get(ApiEndpoint.PATH), id);
        if (path.isPresent()) {
            next.add(new Entry(path.get(), ranking(properties), id, endpoint));
            next.sort(ORDER);
            LOG.info("HTTP API: serving {} (service {})", path.get(), id);
        }
        entries = List.copyOf(next);
    }

    synchronized void remove(Map<String, ?> properties) {
        long id = serviceId(properties);
        List<Entry> next = without(id);
        if (next.size() < entries.size()) {
            LOG.info("HTTP API: no longer serving {} (service {})", properties.get(ApiEndpoint.PATH), id);
        }
        entries = List.copyOf(next);
    }

    Optional<Match> find(String path) {
        for (Entry e : entries) {
            if (path.equals(e.path())) {
                return Optional.of(new Match(e, ""));
            }
            if (path.startsWith(e.path()) && path.charAt(e.path().length()) == '/') {
                return Optional.of(new Match(e, path.substring(e.path().length())));
            }
        }
        return Optional.empty();
    }

    List<Entry> entries() {
        return entries;
    }

    private List<Entry> without(long serviceId) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.serviceId() == serviceId);
        return next;
    }

    /** The path, if it is one this API may serve; else empty, the service's owner told why in the log. */
    private Optional<String> accepted(Object value, long serviceId) {
        String why = null;
        if (!(value instanceof String path)) {
            why = "it has no " + ApiEndpoint.PATH + " property naming a single path";
        } else if (!PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            why = ApiEndpoint.PATH + " \"" + path + "\" is not /v1/ followed by path segments";
        } else if (reserved.contains(path.split("/")[2])) {
            why = path + " is under /v1/" + path.split("/")[2] + ", which the API serves itself";
        } else {
            return Optional.of(path);
        }
        LOG.warn("HTTP API: not serving the endpoint of service {}: {}", serviceId, why);
        return Optional.empty();
    }

    private static long serviceId(Map<String, ?> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long id ? id : -1;
    }

    private static int ranking(Map<String, ?> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
    }
}

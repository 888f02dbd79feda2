package org.drover.jobspec.rules;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A service check's rules ({@code ServiceCheck.validateCommon}, {@code validateNomad},
 * {@code validateConsul}). Nomad stops at a check's first problem, so each check gives at most one.
 */
final class CheckRules {

    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT",
            "OPTIONS", "TRACE");
    private static final Set<String> STATUSES = Set.of("", "passing", "warning", "critical");
    private static final Set<String> ADDRESS_MODES = Set.of("", "host", "driver", "alloc", "alloc_ipv6");
    private static final Set<String> ON_UPDATE = Set.of("", "require_healthy", "ignore_warnings", "ignore");
    private static final List<String> NOMAD_TYPES = List.of("tcp", "http");
    private static final List<String> CONSUL_TYPES = List.of("grpc", "tcp", "http", "script");
    private static final Set<String> THRESHOLD_TYPES = Set.of("tcp", "http", "grpc");

    /** A problem at a field. */
    record Found(String path, String message) {
    }

    private CheckRules() {
    }

    /** The check's first problem under {@code provider}, or null; {@code restart} is its merged check_restart. */
    static Found check(Obj c, Obj restart, boolean nomad) {
        Found common = common(c, restart, nomad ? NOMAD_TYPES : CONSUL_TYPES);
        if (common != null) {
            return common;
        }
        return nomad ? nomad(c, restart) : consul(c);
    }

    private static Found common(Obj c, Obj restart, List<String> types) {
        String type = c.str("Type", "").toLowerCase(Locale.ROOT);
        if (!types.contains(type)) {
            return new Found(c.at("Type"), "invalid check type (" + Problems.q(type) + "), must be one of "
                    + String.join(", ", types));
        }
        String path = c.str("Path", "");
        if (type.equals("http")) {
            if (path.isEmpty()) {
                return new Found(c.at("Path"), "http type must have http path");
            }
            if (!parsable(path)) {
                return new Found(c.at("Path"), "http type must have valid http path");
            }
            if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                return new Found(c.at("Path"), "http type must have relative http path");
            }
        }
        if (type.equals("script") && c.str("Command", "").isEmpty()) {
            return new Found(c.at("Command"), "script type must have a valid script path");
        }
        Duration interval = c.duration("Interval", Duration.ZERO);
        if (interval.isZero()) {
            return new Found(c.at("Interval"), "missing required value interval. Interval cannot be less than 1s");
        } else if (interval.compareTo(MIN) < 0) {
            return new Found(c.at("Interval"), "interval (" + Problems.go(interval) + ") cannot be lower than 1s");
        }
        Duration timeout = c.duration("Timeout", Duration.ZERO);
        if (timeout.isZero()) {
            return new Found(c.at("Timeout"), "missing required value timeout. Timeout cannot be less than 1s");
        } else if (timeout.compareTo(MIN) < 0) {
            return new Found(c.at("Timeout"), "timeout (" + Problems.go(timeout)
                    + ") is lower than required minimum timeout 1s");
        }
        String status = c.str("InitialStatus", "");
        if (!STATUSES.contains(status)) {
            return new Found(c.at("InitialStatus"), "invalid initial check state (" + status
                    + "), must be one of \"passing\", \"warning\", \"critical\" or empty");
        }
        String mode = c.str("AddressMode", "");
        if (mode.equals("auto")) {
            return new Found(c.at("AddressMode"), "invalid address_mode \"auto\" - auto only valid for services");
        } else if (!ADDRESS_MODES.contains(mode)) {
            return new Found(c.at("AddressMode"), "invalid address_mode " + Problems.q(mode));
        }
        return restart(c, restart);
    }

    private static Found restart(Obj c, Obj restart) {
        String onUpdate = c.str("OnUpdate", "require_healthy");
        if (!ON_UPDATE.contains(onUpdate)) {
            return new Found(c.at("OnUpdate"), "on_update must be \"require_healthy\", \"ignore_warnings\", or"
                    + " \"ignore\"; got " + Problems.q(onUpdate));
        }
        if (restart == null) {
            return null;
        }
        if (onUpdate.equals("ignore")) {
            return new Found(c.at("OnUpdate"), "on_update value \"ignore\" is not compatible with check_restart");
        }
        if (onUpdate.equals("ignore_warnings") && !restart.isTrue("IgnoreWarnings")) {
            return new Found(c.at("OnUpdate"), "on_update value \"ignore_warnings\" not supported with"
                    + " check_restart ignore_warnings value \"false\"");
        }
        long limit = restart.integer("Limit", 0);
        if (limit < 0) {
            return new Found(restart.at("Limit"), "limit must be greater than or equal to 0 but found " + limit);
        }
        Duration grace = restart.duration("Grace", MIN);
        if (grace.isNegative()) {
            // Nomad prints the grace in nanoseconds here.
            return new Found(restart.at("Grace"), "grace period must be greater than or equal to 0 but found "
                    + grace.toNanos());
        }
        return null;
    }

    private static Found nomad(Obj c, Obj restart) {
        if (c.isTrue("Expose")) {
            return new Found(c.at("Expose"), "expose may only be set for Consul service checks");
        }
        if (c.str("OnUpdate", "").equals("ignore_warnings")) {
            return new Found(c.at("OnUpdate"), "on_update may only be set to ignore_warnings for Consul service checks");
        }
        if (restart != null && restart.isTrue("IgnoreWarnings")) {
            return new Found(restart.at("IgnoreWarnings"),
                    "ignore_warnings on check_restart only supported for Consul service checks");
        }
        if (c.str("AddressMode", "").equals("driver")) {
            return new Found(c.at("AddressMode"), "address_mode = driver may only be set for Consul service checks");
        }
        String method = c.str("Method", "");
        if (c.str("Type", "").equals("http") && !method.isEmpty() && !METHODS.contains(method)) {
            return new Found(c.at("Method"), "method type " + Problems.q(method) + " not supported in Nomad http check");
        }
        for (String consulOnly : List.of("SuccessBeforePassing", "FailuresBeforeCritical", "FailuresBeforeWarning")) {
            if (c.integer(consulOnly, 0) != 0) {
                return new Found(c.at(consulOnly), snake(consulOnly) + " may only be set for Consul service checks");
            }
        }
        if (!c.str("TLSServerName", "").isEmpty()) {
            return new Found(c.at("TLSServerName"), "tls_server_name may only be set for Consul service checks");
        }
        return null;
    }

    private static Found consul(Obj c) {
        String type = c.str("Type", "").toLowerCase(Locale.ROOT);
        if (c.isTrue("Expose") && !type.equals("grpc") && !type.equals("http")) {
            return new Found(c.at("Expose"), "expose may only be set on HTTP or gRPC checks");
        }
        for (String threshold : List.of("SuccessBeforePassing", "FailuresBeforeCritical", "FailuresBeforeWarning")) {
            long n = c.integer(threshold, 0);
            if (n < 0) {
                return new Found(c.at(threshold), snake(threshold) + " must be non-negative");
            } else if (n > 0 && !THRESHOLD_TYPES.contains(c.str("Type", ""))) {
                return new Found(c.at(threshold), snake(threshold) + " not supported for check of type "
                        + Problems.q(c.str("Type", "")));
            }
        }
        if (c.str("Notes", "").length() > 255) {
            return new Found(c.at("Notes"), "notes must not be longer than 255 characters");
        }
        return null;
    }

    /** The job file's name of a field: {@code SuccessBeforePassing} is {@code success_before_passing}. */
    private static String snake(String api) {
        return api.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Whether Go's {@code url.Parse} takes the path: no control characters and well-formed escapes. */
    private static boolean parsable(String path) {
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                return false;
            }
            if (ch == '%' && (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0)) {
                return false;
            }
        }
        return true;
    }

    /** Check types that need a port to reach. */
    static boolean requiresPort(Obj c) {
        return THRESHOLD_TYPES.contains(c.str("Type", ""));
    }
}

package org.drover.jobspec.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Services of groups and tasks ({@code Service.Validate}, the group's and task's service checks). */
final class ServiceRules {

    private static final Pattern NAME = Pattern.compile("^(?i:[a-z0-9]|[a-z0-9][a-z0-9\\-]{0,61}[a-z0-9])$");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{[^}]*}");
    private static final Set<String> KINDS = Set.of("", "api-gateway", "ingress-gateway", "mesh-gateway",
            "terminating-gateway");

    private ServiceRules() {
    }

    static void group(Obj g, JobContext ctx, Problems p) {
        Set<String> tasks = new HashSet<>();
        Set<String> providers = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new TreeSet<>();
        for (Obj t : g.named("Tasks")) {
            String task = t.str("Name", "");
            tasks.add(task);
            for (Obj s : t.list("Services")) {
                unique(task, name(s, ctx, g, task), s.str("PortLabel", ""), seen, duplicates);
                String owner = s.str("TaskName", "");
                if (!owner.isEmpty() && !owner.equals(task)) {
                    p.add(s.at("TaskName"), "Service " + name(s, ctx, g, task) + " is invalid: may only specify task"
                            + " the service belongs to, got " + Problems.q(owner));
                }
                for (Obj c : s.list("Checks")) {
                    String checkTask = c.str("TaskName", "");
                    if (!checkTask.isEmpty() && !checkTask.equals(task)) {
                        p.add(c.at("TaskName"), "Check " + checkName(c, name(s, ctx, g, task)) + " is invalid: may"
                                + " only specify task the check belongs to, got " + Problems.q(checkTask));
                    }
                }
                providers.add(provider(s));
            }
        }
        for (Obj s : g.list("Services")) {
            providers.add(provider(s));
            String name = name(s, ctx, g, null);
            unique("group", name, s.str("PortLabel", ""), seen, duplicates);
            if (service(s, name, p)) {
                continue;
            }
            if (s.str("AddressMode", "").equals("driver")) {
                p.add(s.at("AddressMode"), "service " + Problems.q(name) + " cannot use address_mode=\"driver\", only"
                        + " services defined in a \"task\" block can use this mode");
            }
            for (Obj c : s.list("Checks")) {
                String task = c.str("TaskName", "");
                if (task.isEmpty()) {
                    if (s.str("TaskName", "").isEmpty() && c.str("Type", "").equals("script")) {
                        p.add(c.at("TaskName"), "Service [" + g.str("Name", "") + "]->" + name + " or Check "
                                + checkName(c, name) + " must specify task parameter");
                    }
                    continue;
                }
                if (c.str("AddressMode", "").equals("driver")) {
                    p.add(c.at("AddressMode"), "Check " + Problems.q(name) + " invalid: cannot use"
                            + " address_mode=\"driver\", only checks defined in a \"task\" service block can use this mode");
                }
                if (!tasks.contains(task)) {
                    p.add(c.at("TaskName"), "Check " + checkName(c, name) + " invalid: refers to non-existent task " + task);
                }
            }
        }
        if (!duplicates.isEmpty()) {
            p.add(g.at("Services"), "Services are not unique: [" + String.join(" ", duplicates) + "]");
        }
        if (providers.size() > 1) {
            p.add(g.at("Services"), "Multiple service providers used: task group services must use the same provider");
        }
    }

    /** Notes a group's service by task, name and port, as Nomad tells its services apart. */
    private static void unique(String task, String name, String port, Set<String> seen, Set<String> duplicates) {
        String id = task + "->" + name + (port.isEmpty() ? "" : ":" + port);
        if (!seen.add(id)) {
            duplicates.add(id);
        }
    }

    static void task(Obj t, Obj g, JobContext ctx, Problems p) {
        Map<String, Set<String>> ports = new TreeMap<>();
        Set<String> known = new HashSet<>();
        for (Obj s : t.list("Services")) {
            String name = name(s, ctx, g, t.str("Name", ""));
            service(s, name, p);
            String mode = s.str("AddressMode", "");
            if (mode.equals("alloc") || mode.equals("alloc_ipv6")) {
                p.add(s.at("AddressMode"), "service " + Problems.q(name) + " cannot use address_mode=" + Problems.q(mode)
                        + ", only services defined in a \"group\" block can use this mode");
            }
            String port = s.str("PortLabel", "");
            if (!known.add(name + port)) {
                p.add(s.path(), "service " + Problems.q(name) + " is duplicate");
            }
            if (!port.isEmpty() && !(mode.equals("driver") && numeric(port))) {
                ports.computeIfAbsent(port, k -> new TreeSet<>()).add(name);
            }
            if (s.has("Connect")) {
                p.add(s.at("Connect"), "service " + Problems.q(name) + " cannot have \"connect\" block, only services"
                        + " defined in a \"group\" block can");
            }
            checkPorts(s, name, port, ports, p);
        }
        Set<String> labels = new HashSet<>();
        List<Obj> networks = g.list("Networks");
        if (!networks.isEmpty()) {
            labels.addAll(NetworkRules.labels(networks.get(0)));
        }
        Obj resources = t.obj("Resources");
        if (resources != null) {
            resources.list("Networks").forEach(n -> labels.addAll(NetworkRules.labels(n)));
        }
        ports.forEach((label, services) -> {
            if (!labels.contains(label)) {
                p.add(t.at("Services"), "port label " + Problems.q(label) + " referenced by services "
                        + String.join(", ", services) + " does not exist");
            }
        });
    }

    private static void checkPorts(Obj s, String name, String servicePort, Map<String, Set<String>> ports,
            Problems p) {
        Set<String> checks = new HashSet<>();
        for (Obj c : s.list("Checks")) {
            String check = checkName(c, name);
            if (!checks.add(check)) {
                p.add(c.at("Name"), "check " + Problems.q(check) + " is duplicate");
            }
            String mode = c.str("AddressMode", "");
            if (mode.equals("alloc") || mode.equals("alloc_ipv6")) {
                p.add(c.at("AddressMode"), "check " + Problems.q(name) + " cannot use address_mode=" + Problems.q(mode)
                        + ", only checks defined in a \"group\" service block can use this mode");
            }
            if (!CheckRules.requiresPort(c)) {
                continue;
            }
            String port = c.str("PortLabel", "").isEmpty() ? servicePort : c.str("PortLabel", "");
            if (port.isEmpty()) {
                p.add(c.at("PortLabel"), "check " + Problems.q(check) + " is missing a port");
            } else if (numeric(port) && mode.equals("driver")) {
                if (Long.parseLong(port) <= 0) {
                    p.add(c.at("PortLabel"), "check " + Problems.q(check) + " has invalid numeric port " + port);
                }
            } else if (numeric(port)) {
                p.add(c.at("PortLabel"), "check " + Problems.q(check) + " cannot use a numeric port " + port
                        + " without setting address_mode=\"driver\"");
            } else {
                ports.computeIfAbsent(port, k -> new TreeSet<>()).add(name);
            }
        }
    }

    /** Reports the service's own problems; whether it had any. */
    private static boolean service(Obj s, String name, Problems p) {
        Problems own = new Problems();
        String stripped = INTERPOLATION.matcher(name).replaceAll("ENV-VAR");
        if (!NAME.matcher(stripped).matches()) {
            own.add(s.at("Name"), "Service name must be valid per RFC 1123 and can contain only alphanumeric"
                    + " characters or dashes and must be no longer than 63 characters: " + Problems.q(name));
        }
        String mode = s.str("AddressMode", "");
        if (Set.of("host", "driver", "alloc", "alloc_ipv6").contains(mode)) {
            if (!s.str("Address", "").isEmpty()) {
                own.add(s.at("Address"), "Service address_mode must be \"auto\" if address is set");
            }
        } else if (!mode.isEmpty() && !mode.equals("auto")) {
            own.add(s.at("AddressMode"), "Service address_mode must be \"auto\", \"host\", or \"driver\"; not "
                    + Problems.q(mode));
        }
        String onUpdate = s.str("OnUpdate", "");
        if (!Set.of("", "require_healthy", "ignore_warnings", "ignore").contains(onUpdate)) {
            own.add(s.at("OnUpdate"), "Service on_update must be \"require_healthy\", \"ignore_warnings\", or"
                    + " \"ignore\"; not " + Problems.q(onUpdate));
        }
        String provider = s.str("Provider", "");
        switch (provider(s)) {
            case "consul" -> consul(s, name, own);
            case "nomad" -> nomad(s, name, own);
            default -> own.add(s.at("Provider"), "Service provider must be \"consul\", or \"nomad\"; not "
                    + Problems.q(provider));
        }
        Obj identity = s.obj("Identity");
        if (identity != null && identity.strings("Audience").isEmpty()) {
            own.add(identity.at("Audience"), "Service identity must provide at least one target aud value");
        }
        own.list().forEach(found -> p.add(found.path(), found.message()));
        return !own.list().isEmpty();
    }

    private static void consul(Obj s, String name, Problems p) {
        for (Obj c : s.list("Checks")) {
            if (portless(s, c, name, p)) {
                continue;
            }
            CheckRules.Found f = CheckRules.check(c, restart(s, c), false);
            if (f != null) {
                p.add(f.path(), "Check " + checkName(c, name) + " invalid: " + f.message());
            }
        }
        if (!KINDS.contains(s.str("Kind", ""))) {
            p.add(s.at("Kind"), "Service " + name + " kind must be one of consul service kind or empty");
        }
    }

    private static void nomad(Obj s, String name, Problems p) {
        for (Obj c : s.list("Checks")) {
            if (portless(s, c, name, p)) {
                continue;
            }
            CheckRules.Found f = CheckRules.check(c, restart(s, c), true);
            if (f != null) {
                p.add(f.path(), f.message());
            }
        }
        if (s.has("Connect")) {
            p.add(s.at("Connect"), "Service with provider nomad cannot include Connect blocks");
        }
    }

    private static boolean portless(Obj s, Obj c, String name, Problems p) {
        if (s.str("PortLabel", "").isEmpty() && c.str("PortLabel", "").isEmpty() && CheckRules.requiresPort(c)) {
            p.add(c.at("PortLabel"), "Check " + checkName(c, name) + " invalid: check requires a port but neither"
                    + " check nor service " + Problems.q(name) + " have a port");
            return true;
        }
        return false;
    }

    /** The check's check_restart: its own, else the service's, which Nomad copies into each check. */
    private static Obj restart(Obj s, Obj c) {
        Obj own = c.obj("CheckRestart");
        return own != null ? own : s.obj("CheckRestart");
    }

    /** The service's name once Nomad has defaulted it and put in the job, group and task names. */
    static String name(Obj s, JobContext ctx, Obj g, String task) {
        String group = g.str("Name", "");
        String name = s.str("Name", "");
        if (name.isEmpty()) {
            name = task == null ? ctx.name() + "-" + group : ctx.name() + "-" + group + "-" + task;
        }
        String t = task == null ? "group" : task;
        return name.replace("${JOB}", ctx.name()).replace("${TASKGROUP}", group).replace("${TASK}", t)
                .replace("${BASE}", ctx.name() + "-" + group + "-" + t);
    }

    /** The service's provider: Consul unless it says otherwise. */
    private static String provider(Obj s) {
        String provider = s.str("Provider", "");
        return provider.isEmpty() ? "consul" : provider;
    }

    private static String checkName(Obj c, String service) {
        String name = c.str("Name", "");
        return name.isEmpty() ? "service: " + Problems.q(service) + " check" : name;
    }

    private static boolean numeric(String port) {
        return port.matches("[+-]?\\d{1,18}");
    }
}

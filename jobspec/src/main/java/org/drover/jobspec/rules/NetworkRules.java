package org.drover.jobspec.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A group's networks and the ports of its tasks' (deprecated) networks ({@code validateNetworks}). */
final class NetworkRules {

    private static final int MAX_PORT = 65535;

    private NetworkRules() {
    }

    static void check(Obj g, Problems p) {
        Map<String, String> labels = new HashMap<>();
        Map<String, Map<Long, String>> statics = new HashMap<>();
        Set<String> cniKeys = new HashSet<>();
        for (Obj net : g.list("Networks")) {
            String mode = net.str("Mode", "");
            for (Obj port : ports(net)) {
                String label = port.str("Label", "");
                if (labels.containsKey(label)) {
                    p.add(port.at("Label"), "Port label " + label + " already in use by " + labels.get(label));
                } else {
                    labels.put(label, "taskgroup network");
                }
                staticPort(port, statics, "taskgroup network:" + label, port.isTrue("IgnoreCollision"), p);
                long to = port.integer("To", 0);
                if (to < -1) {
                    p.add(port.at("To"), "Port " + Problems.q(label) + " cannot be mapped to negative value " + to);
                } else if (to > MAX_PORT) {
                    p.add(port.at("To"), "Port " + Problems.q(label) + " cannot be mapped to a port (" + to
                            + ") greater than " + MAX_PORT);
                }
                if (port.isTrue("IgnoreCollision") && !mode.isEmpty() && !mode.equals("host")) {
                    p.add(port.at("IgnoreCollision"), "Port " + Problems.q(label)
                            + " collision may not be ignored on non-host network mode " + Problems.q(mode));
                }
            }
            cni(net, cniKeys, p);
            String hostname = net.str("Hostname", "");
            if (!hostname.isEmpty() && !hostname.contains("${") && !domainName(hostname)) {
                p.add(net.at("Hostname"), "Hostname is not a valid DNS name");
            }
        }
        for (Obj t : g.named("Tasks")) {
            Obj resources = t.obj("Resources");
            if (resources == null) {
                continue;
            }
            for (Obj net : resources.list("Networks")) {
                for (Obj port : ports(net)) {
                    String label = port.str("Label", "");
                    if (labels.containsKey(label)) {
                        p.add(port.at("Label"), "Port label " + label + " already in use by " + labels.get(label));
                    }
                    staticPort(port, statics, t.str("Name", "") + ":" + label, false, p);
                }
            }
        }
    }

    static List<Obj> ports(Obj net) {
        List<Obj> out = new ArrayList<>(net.list("ReservedPorts"));
        out.addAll(net.list("DynamicPorts"));
        return out;
    }

    /** The labels of a network's ports. */
    static Set<String> labels(Obj net) {
        Set<String> out = new HashSet<>();
        ports(net).forEach(port -> out.add(port.str("Label", "")));
        return out;
    }

    private static void staticPort(Obj port, Map<String, Map<Long, String>> statics, String owner,
            boolean ignoreCollision, Problems p) {
        long value = port.integer("Value", 0);
        if (value == 0) {
            return;
        }
        String hostNetwork = port.str("HostNetwork", "");
        Map<Long, String> taken = statics.computeIfAbsent(hostNetwork.isEmpty() ? "default" : hostNetwork,
                k -> new HashMap<>());
        if (taken.containsKey(value)) {
            if (!ignoreCollision) {
                p.add(port.at("Value"), "Static port " + value + " already reserved by " + taken.get(value));
            }
        } else if (value > MAX_PORT) {
            p.add(port.at("Value"), "Port " + port.str("Label", "") + " (" + value + ") cannot be greater than "
                    + MAX_PORT);
        } else {
            taken.put(value, owner);
        }
    }

    private static void cni(Obj net, Set<String> keys, Problems p) {
        Obj cni = net.obj("CNI");
        Obj args = cni == null ? null : cni.obj("Args");
        if (args == null) {
            return;
        }
        args.node().fields().forEachRemaining(e -> {
            String k = e.getKey();
            String v = e.getValue().asText("");
            if (!keys.add(k)) {
                p.add(args.at(k), "duplicate CNI arg " + Problems.q(k));
            }
            if (k.contains(";")) {
                p.add(args.at(k), "invalid ';' character in CNI arg key " + Problems.q(k));
            }
            if (v.contains(";")) {
                p.add(args.at(k), "invalid ';' character in CNI arg value " + Problems.q(v));
            }
        });
    }

    /** As the DNS library Nomad uses judges a name: labels of 1 to 63 bytes, 255 bytes in all, no empty label. */
    static boolean domainName(String name) {
        String s = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (s.isEmpty() || name.length() > 255) {
            return name.equals(".");
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }
}

package org.drover.jobspec;

import java.util.ArrayList;
import java.util.List;

import org.drover.runner.api.model.Dns;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code Networks} list (a group's, or a task's legacy {@code Resources.Networks}) into the model:
 * {@code ReservedPorts} are the static ports, {@code DynamicPorts} the others, in that order as
 * Nomad's structs keep them. Which combinations are valid is the rules' to say.
 */
final class NetworkReader {

    private NetworkReader() {
    }

    static List<NetworkResource> networks(Fields f) {
        List<NetworkResource> out = new ArrayList<>();
        JsonNode list = Fields.field(f.node(), "Networks");
        if (list.isNull() || list.isMissingNode()) {
            return out;
        }
        if (!list.isArray()) {
            f.report().problem(f.at("Networks"), "must be a list of objects, got " + Fields.describe(list));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String at = f.at("Networks") + "[" + i + "]";
            if (!n.isObject()) {
                f.report().problem(at, "must be an object, got " + Fields.describe(n));
                continue;
            }
            out.add(network(new Fields(n, at, f.report())));
        }
        return out;
    }

    private static NetworkResource network(Fields n) {
        List<Port> ports = new ArrayList<>();
        ports.addAll(ports(n, "ReservedPorts", true));
        ports.addAll(ports(n, "DynamicPorts", false));
        JsonNode dns = n.object("DNS", false);
        Dns d = null;
        if (dns != null) {
            Fields df = new Fields(dns, n.at("DNS"), n.report());
            d = new Dns(df.stringList("Servers"), df.stringList("Searches"), df.stringList("Options"));
        }
        return new NetworkResource(n.string("Mode", "", false), n.string("Hostname", "", false), d, ports);
    }

    /** A dynamic port's {@code Value} is the scheduler's to fill: Nomad ignores one submitted. */
    private static List<Port> ports(Fields n, String key, boolean reserved) {
        List<Port> out = new ArrayList<>();
        JsonNode list = Fields.field(n.node(), key);
        if (list.isNull() || list.isMissingNode()) {
            return out;
        }
        if (!list.isArray()) {
            n.report().problem(n.at(key), "must be a list of objects, got " + Fields.describe(list));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String label = Fields.field(p, "Label").asText("");
            String at = n.at(key) + (label.isEmpty() ? "[" + i + "]" : "[\"" + label + "\"]");
            if (!p.isObject()) {
                n.report().problem(at, "must be an object, got " + Fields.describe(p));
                continue;
            }
            Fields pf = new Fields(p, at, n.report());
            int value = pf.integer("Value", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
            value = reserved ? value : 0;
            out.add(new Port(pf.string("Label", "", false), value,
                    pf.integer("To", 0, Integer.MIN_VALUE, Integer.MAX_VALUE), pf.string("HostNetwork", "", false),
                    pf.bool("IgnoreCollision", false)));
        }
        return out;
    }
}

package org.drover.jobspec.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A task's secrets, actions, devices and CSI plugin block. */
final class TaskBlockRules {

    private static final Pattern SECRET_NAME = Pattern.compile("^[a-zA-Z0-9_]{1,128}$");
    private static final Pattern ACTION_NAME = Pattern.compile("^[^\\x00\\s]{1,128}$");
    private static final Set<String> CSI_TYPES = Set.of("node", "controller", "monolith");

    private TaskBlockRules() {
    }

    static void check(Obj t, Problems p) {
        secrets(t, p);
        actions(t, p);
        csi(t.obj("CSIPluginConfig"), p);
        Obj resources = t.obj("Resources");
        if (resources != null) {
            devices(resources, p);
        }
    }

    private static void secrets(Obj t, Problems p) {
        Set<String> seen = new HashSet<>();
        for (Obj s : t.list("Secrets")) {
            String name = s.str("Name", "");
            String provider = s.str("Provider", "");
            if (!seen.add(name)) {
                p.add(s.at("Name"), "Duplicate secret " + Problems.q(name) + " found");
            }
            if (provider.equals("vault") && t.obj("Vault") == null) {
                p.add(s.at("Provider"), "Secret " + Problems.q(name) + " has provider \"vault\" but no vault block");
            }
            if (name.isEmpty()) {
                p.add(s.at("Name"), "secret name cannot be empty");
            }
            if (!SECRET_NAME.matcher(name).matches()) {
                p.add(s.at("Name"), "secret name must match regex " + SECRET_NAME.pattern());
            }
            if (provider.isEmpty()) {
                p.add(s.at("Provider"), "secret provider cannot be empty");
            }
            if (s.str("Path", "").isEmpty()) {
                p.add(s.at("Path"), "secret path cannot be empty");
            }
            if (provider.equals("nomad") || provider.equals("vault")) {
                if (s.nonEmpty("Env")) {
                    p.add(s.at("Env"), provider + " provider cannot use the env block");
                }
            } else if (s.nonEmpty("Config")) {
                p.add(s.at("Config"), "custom plugin provider " + provider + " cannot use the config block");
            }
        }
    }

    private static void actions(Obj t, Problems p) {
        Set<String> seen = new HashSet<>();
        Set<String> reported = new HashSet<>();
        for (Obj a : t.list("Actions")) {
            String name = a.str("Name", "");
            if (a.str("Command", "").isEmpty()) {
                p.add(a.at("Command"), "command cannot be empty");
            }
            if (!ACTION_NAME.matcher(name).matches()) {
                p.add(a.at("Name"), "invalid name '" + name + "'");
            }
            if (!seen.add(name) && reported.add(name)) {
                p.add(a.at("Name"), "Action " + name + " defined multiple times");
            }
        }
    }

    private static void csi(Obj c, Problems p) {
        if (c == null) {
            return;
        }
        if (c.str("ID", "").isEmpty()) {
            p.add(c.at("ID"), "CSIPluginConfig must have a non-empty PluginID");
        }
        String type = c.str("Type", "");
        if (!CSI_TYPES.contains(type)) {
            p.add(c.at("Type"), "CSIPluginConfig PluginType must be one of 'node', 'controller', or 'monolith', got: \""
                    + type + "\"");
        }
    }

    private static void devices(Obj resources, Problems p) {
        for (Obj d : resources.list("Devices")) {
            if (d.str("Name", "").isEmpty()) {
                p.add(d.at("Name"), "device name must be given as one of the following: type, vendor/type, or"
                        + " vendor/type/name");
            }
            List<Obj> constraints = d.list("Constraints");
            for (int i = 0; i < constraints.size(); i++) {
                Obj c = constraints.get(i);
                String operand = c.str("Operand", "");
                if (operand.equals("distinct_hosts") || operand.equals("distinct_property")) {
                    p.add(c.at("Operand"), "Constraint " + (i + 1) + " validation failed: using unsupported operand "
                            + Problems.q(operand));
                } else {
                    PlacementRules.constraint(c, p);
                }
            }
            d.list("Affinities").forEach(a -> PlacementRules.affinity(a, p));
        }
    }
}

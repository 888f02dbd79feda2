package org.drover.jobspec.rules;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The periodic and parameterized blocks: only for batch and sysbatch jobs, and well formed. */
final class ScheduleRules {

    private static final Set<String> PAYLOADS = Set.of("optional", "required", "forbidden");

    private ScheduleRules() {
    }

    static void periodic(Obj job, JobContext ctx, Problems p) {
        Obj periodic = job.obj("Periodic");
        // Nomad validates a periodic block only while it is enabled, as it is unless set false.
        if (periodic == null || Boolean.FALSE.equals(periodic.bool("Enabled"))) {
            return;
        }
        if (!ctx.batchLike()) {
            p.add(periodic.path(), "Periodic can only be used with \"batch\" or \"sysbatch\" scheduler");
        }
        String spec = periodic.str("Spec", "");
        List<String> specs = periodic.strings("Specs");
        if (!spec.isEmpty() && !specs.isEmpty()) {
            p.add(periodic.at("Specs"), "Only cron or crons may be used");
        }
        if (spec.isEmpty() && specs.isEmpty()) {
            p.add(periodic.at("Spec"), "Must specify a spec");
        }
        String zone = periodic.str("TimeZone", "UTC");
        if (!zone.isEmpty() && !loadable(zone)) {
            p.add(periodic.at("TimeZone"), "Invalid time zone " + Problems.q(zone) + ": unknown time zone " + zone);
        }
        String specType = periodic.str("SpecType", "cron");
        if (specType.equals("cron")) {
            cron(periodic.at("Spec"), spec, p);
            for (int i = 0; i < specs.size(); i++) {
                cron(periodic.at("Specs") + "[" + i + "]", specs.get(i), p);
            }
        } else if (!specType.equals("test")) {
            p.add(periodic.at("SpecType"), "Unknown periodic specification type " + Problems.q(specType));
        }
    }

    private static void cron(String path, String spec, Problems p) {
        if (spec.isEmpty()) {
            return;
        }
        String why = CronSpec.problem(spec);
        if (why != null) {
            p.add(path, "Invalid cron spec " + Problems.q(spec) + ": " + why);
        }
    }

    /** As Go's {@code time.LoadLocation}: UTC, Local or a name in the IANA database. */
    static boolean loadable(String zone) {
        return zone.equals("UTC") || zone.equals("Local") || ZoneId.getAvailableZoneIds().contains(zone);
    }

    static void parameterized(Obj job, JobContext ctx, Problems p) {
        Obj param = job.obj("ParameterizedJob");
        if (param == null) {
            return;
        }
        if (!ctx.batchLike()) {
            p.add(param.path(), "Parameterized job can only be used with \"batch\" or \"sysbatch\" scheduler");
        }
        String payload = param.str("Payload", "");
        if (!payload.isEmpty() && !PAYLOADS.contains(payload)) {
            p.add(param.at("Payload"), "Unknown payload requirement: " + Problems.q(payload));
        }
        String both = overlap(param.strings("MetaRequired"), param.strings("MetaOptional"));
        if (both != null) {
            p.add(param.at("MetaOptional"), "Required and optional meta keys should be disjoint."
                    + " Following keys exist in both: " + both);
        }
    }

    /** Keys in both lists, in the first's order, as Go's {@code %v} prints a slice. */
    static String overlap(List<String> a, List<String> b) {
        Set<String> both = new LinkedHashSet<>(a);
        both.retainAll(new HashSet<>(b));
        return both.isEmpty() ? null : "[" + String.join(" ", new ArrayList<>(both)) + "]";
    }
}

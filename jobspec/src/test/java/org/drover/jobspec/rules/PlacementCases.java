package org.drover.jobspec.rules;

import static org.drover.jobspec.rules.JobRulesTest.c;
import static org.drover.jobspec.rules.JobRulesTest.ok;
import static org.drover.jobspec.rules.Jobs.G;
import static org.drover.jobspec.rules.Jobs.T;
import static org.drover.jobspec.rules.Jobs.group;
import static org.drover.jobspec.rules.Jobs.job;
import static org.drover.jobspec.rules.Jobs.withGroup;
import static org.drover.jobspec.rules.Jobs.withTask;

import java.util.List;

import org.drover.jobspec.rules.JobRulesTest.Case;

/** Constraints, affinities and spreads at the job, group and task. */
final class PlacementCases {

    private static final String GC = G + ".Constraints[0]";

    private PlacementCases() {
    }

    static String constraint(String left, String operand, String right) {
        return withGroup(", 'Constraints': [{'LTarget': '" + left + "', 'Operand': '" + operand + "', 'RTarget': '"
                + right + "'}]");
    }

    static String affinity(String fields) {
        return withGroup(", 'Affinities': [{'LTarget': '${node.class}', 'Operand': '=', 'RTarget': 'x'" + fields + "}]");
    }

    static String spread(String fields) {
        return withGroup(", 'Spreads': [{'Attribute': '${node.datacenter}'" + fields + "}]");
    }

    static List<Case> all() {
        return List.of(
                ok("constraints of each kind", withGroup(", 'Constraints': ["
                        + "{'LTarget': '${attr.kernel.name}', 'Operand': '=', 'RTarget': 'linux'},"
                        + " {'LTarget': '${attr.os.version}', 'Operand': 'version', 'RTarget': '~> 1.2, < 2.0'},"
                        + " {'LTarget': '${attr.nomad.version}', 'Operand': 'semver', 'RTarget': '>= 1.2.3-beta.1'},"
                        + " {'LTarget': '${meta.rack}', 'Operand': 'regexp', 'RTarget': '^r[0-9]+$'},"
                        + " {'Operand': 'distinct_hosts'},"
                        + " {'LTarget': '${meta.rack}', 'Operand': 'distinct_property', 'RTarget': '2'},"
                        + " {'LTarget': '${attr.unique.hostname}', 'Operand': 'is_set'}]")),
                c("a regexp that does not compile", constraint("${attr.os}", "regexp", "(a"), GC + ".RTarget",
                        "Regular expression failed to compile: error parsing regexp: missing closing ): `(a`"),
                c("a back-reference, which RE2 has not", constraint("${attr.os}", "regexp", "(a)\\\\1"), GC + ".RTarget",
                        "Regular expression failed to compile: error parsing regexp: invalid escape sequence: `\\1`"),
                c("an unknown operator", constraint("${attr.os}", "like", "x"), GC + ".Operand",
                        "Unknown constraint type \"like\""),
                c("a comparison without a value", withGroup(", 'Constraints': [{'LTarget': '${attr.os}', 'Operand': '='}]"),
                        GC + ".RTarget", "Operator \"=\" requires an RTarget"),
                c("no operator", withGroup(", 'Constraints': [{'LTarget': '${attr.os}', 'RTarget': 'x'}]"),
                        GC + ".Operand", "Missing constraint operand", GC + ".Operand", "Unknown constraint type \"\""),
                c("a malformed version", constraint("${attr.os}", "version", ">= 1.x"), GC + ".RTarget",
                        "Version constraint is invalid: Malformed constraint: >= 1.x"),
                c("a pessimistic semver", constraint("${attr.os}", "semver", "~> 1.2"), GC + ".RTarget",
                        "Semver constraint is invalid: Malformed constraint: ~> 1.2"),
                c("a distinct property count of 0", constraint("${meta.rack}", "distinct_property", "0"), GC + ".RTarget",
                        "Distinct Property must have an allowed count of 1 or greater: 0 < 1"),
                c("a distinct property count in words", constraint("${meta.rack}", "distinct_property", "two"),
                        GC + ".RTarget", "Failed to convert RTarget \"two\" to uint64: strconv.ParseUint: parsing"
                                + " \"two\": invalid syntax"),
                c("set_contains without a value", withGroup(", 'Constraints': [{'LTarget': '${attr.os}',"
                        + " 'Operand': 'set_contains'}]"), GC + ".RTarget", "Set contains constraint requires an RTarget"),
                c("is_set with a value", constraint("${attr.os}", "is_set", "x"), GC + ".RTarget",
                        "Operator \"is_set\" does not support an RTarget"),
                c("no attribute", withGroup(", 'Constraints': [{'Operand': '=', 'RTarget': 'x'}]"), GC + ".LTarget",
                        "no attribute provided but is required by operator"),
                c("an attribute without its closing brace", constraint("${attr.os", "=", "x"), GC + ".LTarget",
                        "attribute \"${attr.os\" is missing a closing brace"),
                c("an attribute nodes do not have", constraint("${node.foo}", "=", "x"), GC + ".LTarget",
                        "unsupported attribute \"${node.foo}\""),
                c("distinct_hosts on a task", withTask(", 'Constraints': [{'Operand': 'distinct_hosts'}]"),
                        T + ".Constraints[0].Operand", "Constraint 1 has disallowed Operand at task level: distinct_hosts"),
                c("a job constraint", job(", 'Constraints': [{'LTarget': '${attr.os}', 'Operand': 'like',"
                        + " 'RTarget': 'x'}]"), "Job.Constraints[0].Operand", "Unknown constraint type \"like\""),
                c("an affinity of weight 0", affinity(", 'Weight': 0"), G + ".Affinities[0].Weight",
                        "Affinity weight cannot be zero"),
                c("an affinity of weight 101", affinity(", 'Weight': 101"), G + ".Affinities[0].Weight",
                        "Affinity weight must be within the range [-100,100]"),
                c("an unknown affinity operator", withGroup(", 'Affinities': [{'LTarget': '${node.class}',"
                        + " 'Operand': 'like', 'RTarget': 'x'}]"), G + ".Affinities[0].Operand",
                        "Unknown affinity operator \"like\""),
                c("an affinity without attribute", withGroup(", 'Affinities': [{'Operand': '=', 'RTarget': 'x'}]"),
                        G + ".Affinities[0].LTarget", "No LTarget provided but is required"),
                c("an affinity in a system job", job(", 'Type': 'system', 'Affinities': [{'LTarget': '${node.class}',"
                        + " 'Operand': '=', 'RTarget': 'x'}]"), "Job.Affinities", "System jobs may not have an affinity block"),
                c("a spread of weight 0", spread(", 'Weight': 0"), G + ".Spreads[0].Weight",
                        "Spread block must have a positive weight from 0 to 100"),
                c("spread targets over 100%", spread(", 'SpreadTarget': [{'Value': 'a', 'Percent': 70},"
                        + " {'Value': 'b', 'Percent': 50}]"), G + ".Spreads[0].SpreadTarget",
                        "Sum of spread target percentages must not be greater than 100%; got 120%"),
                c("a spread target named twice", spread(", 'SpreadTarget': [{'Value': 'a', 'Percent': 10},"
                        + " {'Value': 'a', 'Percent': 10}]"), G + ".Spreads[0].SpreadTarget[1].Value",
                        "Spread target value \"a\" already defined"),
                c("a spread without attribute", withGroup(", 'Spreads': [{'Weight': 50}]"),
                        G + ".Spreads[0].Attribute", "Missing spread attribute"),
                c("a spread in a system job", job(", 'Type': 'system'", group(", 'Spreads': [{'Attribute': 'x'}]")),
                        G + ".Spreads", "System jobs may not have a spread block"));
    }
}

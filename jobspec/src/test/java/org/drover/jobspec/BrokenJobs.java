package org.drover.jobspec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Jobs broken at one place each: a field replaced by a value of another type,
 * an edge number, odd text, a duration or signal that is not one, deep
 * nesting; a field deleted; an unknown field added. For the job reader's
 * property tests, and the API's (this module's test jar).
 */
public final class BrokenJobs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    public static final String VALID = "{\"Job\": {\"ID\": \"web\", \"Name\": \"web\", \"Type\": \"service\","
            + " \"Datacenters\": [\"dc1\"], \"Meta\": {\"team\": \"a\"}, \"TaskGroups\": [{\"Name\": \"g\", \"Count\": 2,"
            + " \"RestartPolicy\": {\"Attempts\": 2, \"Interval\": 1800000000000, \"Delay\": 15000000000,"
            + " \"Mode\": \"fail\"}, \"Meta\": {\"k\": \"v\"}, \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"exec\","
            + " \"User\": \"nobody\", \"Config\": {\"command\": \"/bin/sleep\", \"args\": [\"60\"]},"
            + " \"Env\": {\"A\": \"1\"}, \"Resources\": {\"CPU\": 100, \"MemoryMB\": 64}, \"KillTimeout\": \"5s\","
            + " \"KillSignal\": \"SIGTERM\", \"ShutdownDelay\": 0, \"Leader\": false,"
            + " \"LogConfig\": {\"MaxFiles\": 3, \"MaxFileSizeMB\": 5}}, {\"Name\": \"side\", \"Driver\": \"raw_exec\","
            + " \"Config\": {\"command\": \"/bin/true\"}}]}]}}";

    /** A service job setting a field of every stanza Nomad's rules look at, all valid; single-quoted. */
    private static final String FULL_TEXT = "{'Job': {'ID': 'web-full', 'Name': 'web-full', 'Type': 'service',"
            + " 'Priority': 50, 'Datacenters': ['dc1'], 'Region': 'global', 'Namespace': 'default',"
            + " 'Constraints': [{'LTarget': '${attr.kernel.name}', 'Operand': '=', 'RTarget': 'linux'}],"
            + " 'Affinities': [{'LTarget': '${node.datacenter}', 'Operand': '=', 'RTarget': 'dc1', 'Weight': 50}],"
            + " 'Spreads': [{'Attribute': '${node.datacenter}', 'Weight': 50, 'SpreadTarget': [{'Value': 'dc1',"
            + " 'Percent': 60}, {'Value': 'dc2', 'Percent': 40}]}], 'Update': {'MaxParallel': 1, 'Stagger': '30s'},"
            + " 'TaskGroups': [{'Name': 'web', 'Count': 2, 'ShutdownDelay': '5s',"
            + " 'Constraints': [{'LTarget': '${attr.os.version}', 'Operand': 'version', 'RTarget': '>= 1.0'}],"
            + " 'Affinities': [{'LTarget': '${meta.rack}', 'Operand': 'regexp', 'RTarget': '^r[0-9]$', 'Weight': -20}],"
            + " 'RestartPolicy': {'Attempts': 2, 'Interval': '30m', 'Delay': '15s', 'Mode': 'fail'},"
            + " 'ReschedulePolicy': {'Delay': '30s', 'DelayFunction': 'exponential', 'MaxDelay': '1h',"
            + " 'Unlimited': true}, 'EphemeralDisk': {'SizeMB': 500, 'Sticky': false, 'Migrate': false},"
            + " 'Update': {'MaxParallel': 1, 'HealthCheck': 'checks', 'MinHealthyTime': '10s',"
            + " 'HealthyDeadline': '5m', 'ProgressDeadline': '10m', 'Canary': 0, 'AutoPromote': false,"
            + " 'Stagger': '30s'}, 'Migrate': {'MaxParallel': 1, 'HealthCheck': 'checks', 'MinHealthyTime': '10s',"
            + " 'HealthyDeadline': '5m'}, 'Networks': [{'Mode': 'bridge', 'Hostname': 'web',"
            + " 'ReservedPorts': [{'Label': 'admin', 'Value': 9000, 'To': 9000}],"
            + " 'DynamicPorts': [{'Label': 'http', 'To': 8080}]}],"
            + " 'Services': [{'Name': 'web-grp', 'PortLabel': 'http', 'Provider': 'nomad',"
            + " 'Checks': [{'Name': 'alive', 'Type': 'tcp', 'Interval': '10s', 'Timeout': '2s'}]}],"
            + " 'Volumes': {'data': {'Name': 'data', 'Type': 'host', 'Source': 'data', 'ReadOnly': false}},"
            + " 'Scaling': {'Min': 1, 'Max': 5, 'Enabled': true},"
            + " 'Disconnect': {'LostAfter': '1h', 'Reconcile': 'best_score'},"
            + " 'Tasks': [{'Name': 'api', 'Driver': 'exec', 'Config': {'command': '/bin/app'}, 'Leader': true,"
            + " 'Resources': {'CPU': 200, 'MemoryMB': 256, 'MemoryMaxMB': 512},"
            + " 'LogConfig': {'MaxFiles': 5, 'MaxFileSizeMB': 10}, 'KillTimeout': '10s', 'KillSignal': 'SIGTERM',"
            + " 'Constraints': [{'LTarget': '${attr.cpu.arch}', 'Operand': 'regexp', 'RTarget': '^(amd64|arm64)$'}],"
            + " 'Services': [{'Name': 'api', 'PortLabel': 'http', 'Provider': 'nomad', 'Checks': [{'Name': 'health',"
            + " 'Type': 'http', 'Path': '/health', 'Method': 'GET', 'Interval': '10s', 'Timeout': '2s',"
            + " 'CheckRestart': {'Limit': 3, 'Grace': '10s'}}]}],"
            + " 'Templates': [{'EmbeddedTmpl': 'port={{ env \\\"NOMAD_PORT_http\\\" }}', 'DestPath': 'local/app.conf',"
            + " 'ChangeMode': 'signal', 'ChangeSignal': 'SIGHUP', 'Splay': '5s', 'Perms': '0640',"
            + " 'Wait': {'Min': '5s', 'Max': '10s'}}],"
            + " 'Artifacts': [{'GetterSource': 'https://example.com/app.tgz', 'GetterMode': 'any',"
            + " 'RelativeDest': 'local/', 'GetterOptions': {'checksum':"
            + " 'sha256:2cee6d2ee8b53dea333daa53564648904193ee0c1c183b68e3b917a51e4f1762'}}],"
            + " 'VolumeMounts': [{'Volume': 'data', 'Destination': '/data', 'PropagationMode': 'private'}],"
            + " 'Vault': {'Policies': ['app'], 'ChangeMode': 'restart'},"
            + " 'Identities': [{'Name': 'aws', 'Audience': ['sts.amazonaws.com'], 'TTL': '1h'}]},"
            + " {'Name': 'init', 'Driver': 'exec', 'Lifecycle': {'Hook': 'prestart', 'Sidecar': false},"
            + " 'Resources': {'CPU': 100, 'MemoryMB': 64}}]}]}}";
    /** A valid job using the new fields in every stanza (Nomad's API JSON), for the rules' property tests. */
    public static final String FULL = FULL_TEXT.replace('\'', '"');
    /** A valid periodic, parameterized batch job. */
    public static final String FULL_BATCH = ("{'Job': {'ID': 'report', 'Type': 'batch',"
            + " 'Periodic': {'Spec': '*/15 * * * *', 'TimeZone': 'Europe/Paris', 'ProhibitOverlap': true},"
            + " 'ParameterizedJob': {'Payload': 'optional', 'MetaRequired': ['a'], 'MetaOptional': ['b']},"
            + " 'TaskGroups': [{'Name': 'work', 'MaxRunDuration': '1h',"
            + " 'RestartPolicy': {'Attempts': 3, 'Interval': '24h', 'Delay': '15s', 'Mode': 'fail'},"
            + " 'ReschedulePolicy': {'Attempts': 1, 'Interval': '24h', 'Delay': '5s', 'DelayFunction': 'constant'},"
            + " 'Tasks': [{'Name': 'run', 'Driver': 'exec', 'DispatchPayload': {'File': 'input.json'}}]}]}}")
            .replace('\'', '"');

    /** One place in the job, as a JSON pointer, and the last name on the way to it. */
    public record Place(String pointer, String name) {
    }

    public record Mutation(Place place, String kind, JsonNode value) {
        /** An unknown field goes beside a field; an element of a list is replaced instead. */
        public boolean addsField() {
            return kind.equals("unknown field") && !place.pointer().matches(".*/\\d+");
        }

        /** The name a refusal must mention. */
        public String named() {
            return addsField() ? "Zz" + place.pointer().substring(place.pointer().lastIndexOf('/') + 1) : place.name();
        }

        public JsonNode apply(JsonNode job) {
            JsonNode copy = job.deepCopy();
            String parentPointer = place.pointer().substring(0, place.pointer().lastIndexOf('/'));
            String last = place.pointer().substring(place.pointer().lastIndexOf('/') + 1);
            JsonNode parent = copy.at(parentPointer);
            if (parent instanceof ObjectNode o) {
                switch (kind) {
                    case "delete" -> o.remove(last);
                    case "unknown field" -> o.set("Zz" + last, value);
                    default -> o.set(last, value);
                }
            } else if (parent instanceof ArrayNode a) {
                int i = Integer.parseInt(last);
                if (kind.equals("delete")) {
                    a.remove(i);
                } else {
                    a.set(i, value);
                }
            }
            return copy;
        }
    }

    private BrokenJobs() {
    }

    /** Breaks of the given valid job, in Nomad's API JSON. */
    public static Arbitrary<Mutation> of(String validJob) {
        List<Place> places = new ArrayList<>();
        try {
            collect(JSON.readTree(validJob), "", null, places);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        Arbitrary<Place> place = Arbitraries.of(places);
        Arbitrary<String> kind = Arbitraries.of("replace", "replace", "replace", "delete", "unknown field");
        return Combinators.combine(place, kind, values()).as(Mutation::new);
    }

    /** A field of the valid jobs, and values of its type that break one of Nomad's rules on it. */
    private record Break(String pointer, String kind, Arbitrary<JsonNode> values) {
    }

    private static final String G = "/Job/TaskGroups/0";
    private static final String API = G + "/Tasks/0";

    /**
     * Values of the right type that break one of Nomad's rules, at the fields of {@code validJob}
     * ({@link #FULL} or {@link #FULL_BATCH}) that have them: numbers and durations out of range, words
     * outside an enumeration, malformed text. Kinds: "out of range", "bad value".
     */
    public static Arbitrary<Mutation> ruleBreaks(String validJob) {
        JsonNode job;
        try {
            job = JSON.readTree(validJob);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        List<Arbitrary<Mutation>> options = new ArrayList<>();
        for (Break b : breaks()) {
            if (!job.at(b.pointer()).isMissingNode()) {
                Place place = new Place(b.pointer(), b.pointer().substring(b.pointer().lastIndexOf('/') + 1));
                options.add(b.values().map(v -> new Mutation(place, b.kind(), v)));
            }
        }
        return Arbitraries.oneOf(options);
    }

    private static List<Break> breaks() {
        List<Break> out = new ArrayList<>();
        out.addAll(jobBreaks());
        out.addAll(groupBreaks());
        out.addAll(taskBreaks());
        return out;
    }

    private static List<Break> jobBreaks() {
        return List.of(range("/Job/Priority", between(-1000, 0), between(101, 100_000)),
                bad("/Job/Type", word()),
                bad("/Job/Datacenters/0", Arbitraries.just(NODES.textNode(""))),
                bad("/Job/Constraints/0/Operand", word()),
                range("/Job/Affinities/0/Weight", between(-100_000, -101), between(101, 100_000),
                        Arbitraries.just(NODES.numberNode(0))),
                range("/Job/Spreads/0/Weight", between(-100_000, 0), between(101, 100_000)),
                range("/Job/Spreads/0/SpreadTarget/0/Percent", between(101, 100_000)),
                bad("/Job/Periodic/Spec", Arbitraries.of("61 * * * *", "* * *", "* 24 * * *", "@never",
                        "*/0 * * * *", "a b c d e", "* * 32 * *", "* * * 13 *", "* * * * 8").map(NODES::textNode)),
                bad("/Job/Periodic/TimeZone", word().map(w -> NODES.textNode("Zz/" + w.asText()))),
                bad("/Job/ParameterizedJob/Payload", word()));
    }

    private static List<Break> groupBreaks() {
        String u = G + "/Update/";
        return List.of(range(G + "/Count", between(-100_000, -1)),
                range(G + "/ShutdownDelay", durationsBelow(0)),
                bad(G + "/RestartPolicy/Mode", word()),
                range(G + "/RestartPolicy/Interval", durationsBelow(5_000_000_000L)),
                bad(G + "/ReschedulePolicy/DelayFunction", word()),
                range(G + "/ReschedulePolicy/Delay", durationsBelow(5_000_000_000L)),
                range(G + "/ReschedulePolicy/MaxDelay", durationsBelow(30_000_000_000L)),
                range(G + "/EphemeralDisk/SizeMB", between(-100_000, 9)),
                bad(u + "HealthCheck", word()), range(u + "MaxParallel", between(-100_000, -1)),
                range(u + "Canary", between(-100_000, -1)), range(u + "Stagger", durationsBelow(1)),
                range(u + "HealthyDeadline", durationsBelow(1)), range(u + "ProgressDeadline", durationsBelow(0)),
                range(u + "MinHealthyTime", durationsBetween(300_000_000_000L, 1_000_000_000_000_000L)),
                range(G + "/Migrate/MaxParallel", between(-100_000, -1)), bad(G + "/Migrate/HealthCheck", word()),
                range(G + "/Disconnect/LostAfter", durationsBelow(0)), bad(G + "/Disconnect/Reconcile", word()),
                range(G + "/Networks/0/ReservedPorts/0/Value", between(65_536, 100_000_000)),
                range(G + "/Networks/0/DynamicPorts/0/To", between(-100_000, -2), between(65_536, 100_000_000)),
                bad(G + "/Volumes/data/Type", word()), bad(G + "/Volumes/data/Source", Arbitraries.just(NODES.textNode(""))),
                range(G + "/Scaling/Max", between(-100_000, -1)),
                range(G + "/MaxRunDuration", durationsBelow(1)),
                bad(G + "/Services/0/Provider", word()),
                bad(G + "/Services/0/Checks/0/Type", word()),
                range(G + "/Services/0/Checks/0/Interval", durationsBetween(1, 999_999_999L)));
    }

    private static List<Break> taskBreaks() {
        String c = API + "/Services/0/Checks/0/";
        return List.of(range(API + "/KillTimeout", durationsBelow(0)),
                range(API + "/Resources/CPU", between(-100_000, 0)),
                range(API + "/Resources/MemoryMB", between(-100_000, 9)),
                range(API + "/Resources/MemoryMaxMB", between(1, 255)),
                range(API + "/LogConfig/MaxFiles", between(-100_000, 0)),
                range(API + "/LogConfig/MaxFileSizeMB", between(-100_000, 0)),
                bad(API + "/Services/0/Name", serviceNames()), bad(API + "/Services/0/Provider", word()),
                bad(c + "Type", word()), bad(c + "Method", word().map(w -> NODES.textNode(w.asText().toUpperCase()))),
                range(c + "Interval", durationsBetween(1, 999_999_999L)),
                range(c + "Timeout", durationsBetween(1, 999_999_999L)),
                range(c + "CheckRestart/Limit", between(-100_000, -1)),
                bad(API + "/Templates/0/ChangeMode", word()),
                bad(API + "/Templates/0/DestPath", Arbitraries.of("../../../x", "../../../../etc/passwd", "../../..")
                        .map(NODES::textNode)),
                range(API + "/Templates/0/Splay", durationsBelow(0)),
                bad(API + "/Templates/0/Perms", Arbitraries.strings().withChars("0123456789abc").ofMinLength(1)
                        .ofMaxLength(6).filter(p -> !p.matches("[0-7]+") || Integer.parseInt(p, 8) > 07777)
                        .map(NODES::textNode)),
                bad(API + "/Artifacts/0/GetterMode", word()),
                bad(API + "/Artifacts/0/GetterSource", Arbitraries.just(NODES.textNode(""))),
                bad(API + "/Artifacts/0/GetterOptions/checksum", word().map(w -> NODES.textNode("sha256:" + w.asText()))),
                bad(API + "/Vault/ChangeMode", word()),
                bad(API + "/Identities/0/Name", word().map(w -> NODES.textNode(w.asText() + "!"))),
                bad(API + "/Constraints/0/RTarget", Arbitraries.of("(a", "a**", "[z-a]", "x{2,1}", "\\1")
                        .map(NODES::textNode)),
                bad(G + "/Tasks/1/Lifecycle/Hook", word()),
                bad(G + "/Tasks/0/DispatchPayload/File", Arbitraries.of("../../../x", "../../../../y").map(NODES::textNode)));
    }

    @SafeVarargs
    private static Break range(String pointer, Arbitrary<JsonNode>... values) {
        return new Break(pointer, "out of range", Arbitraries.oneOf(List.of(values)));
    }

    private static Break bad(String pointer, Arbitrary<JsonNode> values) {
        return new Break(pointer, "bad value", values);
    }

    private static Arbitrary<JsonNode> between(long min, long max) {
        return Arbitraries.longs().between(min, max).map(NODES::numberNode);
    }

    /** Durations under {@code nanos}: nanosecond numbers, or Go duration strings. */
    private static Arbitrary<JsonNode> durationsBelow(long nanos) {
        return durationsBetween(-1_000_000_000_000_000L, nanos - 1);
    }

    private static Arbitrary<JsonNode> durationsBetween(long min, long max) {
        return Arbitraries.longs().between(min, max).flatMap(n -> Arbitraries.of(NODES.numberNode(n),
                NODES.textNode(n + "ns")));
    }

    /** A word that no enumeration of Nomad's holds. */
    private static Arbitrary<JsonNode> word() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(w -> NODES.textNode("zz" + w));
    }

    /** Names RFC 1123 refuses: another character, a leading dash, or more than 63 characters. */
    private static Arbitrary<JsonNode> serviceNames() {
        Arbitrary<String> alpha = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(alpha, Arbitraries.of("_", ".", " ", "!", "/"), alpha).as((a, x, b) -> a + x + b),
                alpha.map(a -> "-" + a),
                Arbitraries.strings().alpha().ofMinLength(64).ofMaxLength(100))).map(NODES::textNode);
    }

    /**
     * The path a problem at {@code pointer} in {@code job} has: groups and tasks by name, keyed volumes by
     * key, other lists by index ({@code /Job/TaskGroups/0/Tasks/1/Resources/CPU} is
     * {@code Job.TaskGroups["web"].Tasks["init"].Resources.CPU}).
     */
    public static String apiPath(JsonNode job, String pointer) {
        String[] tokens = pointer.substring(1).split("/");
        StringBuilder path = new StringBuilder(tokens[0]);
        JsonNode node = job.get(tokens[0]);
        String key = tokens[0];
        for (int i = 1; i < tokens.length && node != null; i++) {
            String t = tokens[i];
            if (node.isArray()) {
                JsonNode element = node.get(Integer.parseInt(t));
                boolean named = key.equals("TaskGroups") || key.equals("Tasks");
                path.append(named ? "[\"" + element.path("Name").asText() + "\"]" : "[" + t + "]");
                node = element;
            } else {
                path.append(key.equals("Volumes") ? "[\"" + t + "\"]" : "." + t);
                node = node.get(t);
                key = t;
            }
        }
        return path.toString();
    }

    private static void collect(JsonNode node, String pointer, String name, List<Place> into) {
        if (!pointer.isEmpty()) {
            into.add(new Place(pointer, name));
        }
        if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), pointer + "/" + e.getKey(), e.getKey(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, name, into);
            }
        }
    }

    /** Wrong types, edge numbers, odd text, durations and signals that are not, and deep nesting. */
    private static Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> fixed = Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.numberNode(0),
                NODES.numberNode(-1), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(1e308),
                NODES.numberNode(-0.5), NODES.numberNode(BigInteger.TWO.pow(80)), NODES.textNode(""),
                NODES.textNode("15 parsecs"), NODES.textNode("-5s"), NODES.textNode("99999999999999h"),
                NODES.textNode("SIGFOO"), NODES.textNode("1e9"), NODES.arrayNode(), NODES.objectNode(),
                NODES.arrayNode().add(1).add(NODES.arrayNode().add("x")),
                NODES.objectNode().put("a", 1).set("b", NODES.arrayNode()));
        Arbitrary<JsonNode> text = Arbitraries.strings().all().ofMaxLength(300).map(NODES::textNode);
        Arbitrary<JsonNode> longText = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(100_000)
                .ofMaxLength(200_000).map(NODES::textNode);
        Arbitrary<JsonNode> deep = Arbitraries.integers().between(2, 990).map(BrokenJobs::nested);
        Arbitrary<JsonNode> numbers = Arbitraries.longs().map(NODES::numberNode);
        return Arbitraries.frequencyOf(Tuple.of(6, fixed), Tuple.of(3, text),
                Tuple.of(1, longText), Tuple.of(1, deep),
                Tuple.of(2, numbers));
    }

    private static JsonNode nested(int depth) {
        JsonNode n = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            n = i % 2 == 0 ? NODES.arrayNode().add(n) : NODES.objectNode().set("k", n);
        }
        return n;
    }
}

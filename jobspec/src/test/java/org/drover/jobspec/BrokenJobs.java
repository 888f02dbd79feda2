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

package org.drover.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON text to {@link JsonNode} trees and back, on Jackson's streaming API.
 * Trees are all Drover reads and writes; Jackson's data binding
 * ({@code ObjectMapper}) would load some 250 classes more into the agent for
 * them (P8 in docs/benchmarks.md). Numbers, duplicate keys (the last wins) and
 * trailing content (ignored) are read as {@code ObjectMapper.readTree} reads
 * them.
 */
public final class JsonTrees {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTrees() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The first value of the text; a missing node when there is none. */
    public static JsonNode read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return p.nextToken() == null ? NODES.missingNode() : value(p);
        }
    }

    public static JsonNode read(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return p.nextToken() == null ? NODES.missingNode() : value(p);
        }
    }

    /** The first value of a stream; a missing node when there is none. The stream is left open. */
    public static JsonNode read(InputStream json) throws IOException {
        JsonParser p = FACTORY.createParser(json);
        return p.nextToken() == null ? NODES.missingNode() : value(p);
    }

    /** Values one after the other in a stream, as the Docker Engine reports progress. */
    public static Iterator<JsonNode> readAll(InputStream in) throws IOException {
        JsonParser p = FACTORY.createParser(in);
        return new Iterator<>() {
            private JsonToken next = p.nextToken();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public JsonNode next() {
                try {
                    JsonNode v = value(p);
                    next = p.nextToken();
                    return v;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** The value at the parser's current token, which is consumed with it. */
    private static JsonNode value(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    o.set(name, value(p));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IOException("unexpected " + p.currentToken() + " at " + p.currentLocation());
        }
    }

    public static byte[] write(JsonNode node) {
        return write(node, false);
    }

    /** Indented as Jackson's default pretty printer indents, for people reading the API. */
    public static byte[] writePretty(JsonNode node) {
        return write(node, true);
    }

    /** Compact text, for a query parameter or a log line. */
    public static String text(JsonNode node) {
        return new String(write(node, false), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] write(JsonNode node, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> number(g, node);
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case BINARY -> g.writeBinary(node.binaryValue());
            case NULL, MISSING -> g.writeNull();
            default -> throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node as JSON");
        }
    }

    private static void number(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT -> g.writeNumber(node.intValue());
            case LONG -> g.writeNumber(node.longValue());
            case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
            case FLOAT -> g.writeNumber(node.floatValue());
            case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
            default -> g.writeNumber(node.doubleValue());
        }
    }
}

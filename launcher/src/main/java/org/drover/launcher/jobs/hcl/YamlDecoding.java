package org.drover.launcher.jobs.hcl;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * yamldecode as cty-yaml reads: one document into plain values (mappings to objects, sequences to
 * tuples, scalars to strings, numbers, booleans and null); an empty text is null, and a second
 * document is an error, as there.
 */
final class YamlDecoding {

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private YamlDecoding() {
    }

    static Object decode(String text) {
        try (YAMLParser p = YAML.getFactory().createParser(text)) {
            if (p.nextToken() == null) {
                return null;
            }
            JsonNode value = YAML.readTree(p);
            if (p.nextToken() != null) {
                throw new Values.Problem("on line " + p.currentTokenLocation().getLineNr()
                        + ", column " + p.currentTokenLocation().getColumnNr() + ": unexpected extra content after value");
            }
            return EncodingFunctions.fromJson(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "on line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": ";
            throw new Values.Problem(where + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new Values.Problem(e.getMessage());
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

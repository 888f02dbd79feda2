package org.drover.jobspec.schema;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;

/** How Nomad's API matches a JSON key to a field: as Go's encoding/json does. */
public final class ApiKeys {

    private ApiKeys() {
    }

    /**
     * The key as {@code object} spells it: the exact key if present, else one that differs only in
     * case ({@code "job"} is {@code "Job"}); {@code key} itself when neither is there.
     */
    public static String keyOf(JsonNode object, String key) {
        if (object.has(key)) {
            return key;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
        }
        return key;
    }
}

package org.drover.jobspec.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stanza of Nomad's job specification ({@code task}, {@code restart}, {@code check}, ...) and
 * its fields, each known by its job-file name and its API name.
 *
 * @param name   the stanza's name in a job file, for messages
 * @param fields its fields, in the order Nomad's documentation lists them
 */
public record Block(String name, List<Field> fields) {

    public Block {
        fields = List.copyOf(fields);
        Map<String, Field> seen = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.inFile() && seen.put(f.hcl(), f) != null) {
                throw new IllegalArgumentException(name + ": field " + f.hcl() + " listed twice");
            }
        }
    }

    public static Block of(String name, Field... fields) {
        return new Block(name, List.of(fields));
    }

    /** The names a job file may write in it, for messages. */
    public List<String> hclNames() {
        return fields.stream().filter(Field::inFile).map(Field::hcl).toList();
    }

    /** The field a job file names {@code key}. */
    public Optional<Field> hcl(String key) {
        return fields.stream().filter(f -> f.inFile() && f.hcl().equals(key)).findFirst();
    }

    /** The field the API's JSON names {@code key}, matched as Go's decoder matches it: exactly, else ignoring case. */
    public Optional<Field> api(String key) {
        Optional<Field> exact = fields.stream().filter(f -> f.inApi() && f.api().equals(key)).findFirst();
        return exact.isPresent() ? exact
                : fields.stream().filter(f -> f.inApi() && f.api().equalsIgnoreCase(key)).findFirst();
    }
}

package org.drover.jobspec.schema;

import java.util.Objects;

/**
 * One field of a stanza: its name in a job file and in the API's JSON, what it holds, and whether
 * Drover acts on it (a field read but not acted on is a warning when set, an error when strict).
 *
 * <p>A few fields exist on one side only. An empty {@code hcl} name is a field only the API's JSON
 * carries ({@code SpecType}, a labelled block's {@code Name}); an empty {@code api} name is one only a
 * job file has, which the job-file reader turns into other API fields as Nomad's does (a constraint's
 * {@code distinct_hosts = true}, a job's {@code task} shorthand, a group's {@code vault}).
 *
 * @param hcl   the name in a job file ({@code kill_timeout}); empty for a field of the API's JSON only
 * @param api   the name in the API's JSON ({@code KillTimeout}); empty for a field of job files only
 * @param kind  what it holds
 * @param block the nested stanza, for {@link Kind#BLOCK}, {@link Kind#BLOCKS}, {@link Kind#LABELLED} and
 *              {@link Kind#KEYED}; null otherwise
 * @param label for {@link Kind#LABELLED}, the API field that holds the block's label ({@code Name}); for
 *              {@link Kind#KEYED}, the field that repeats the key, if the API has one; null otherwise
 * @param actedOn whether Drover acts on it
 */
public record Field(String hcl, String api, Kind kind, Block block, String label, boolean actedOn) {
    public Field {
        Objects.requireNonNull(hcl, "hcl");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(kind, "kind");
        if (hcl.isEmpty() && api.isEmpty()) {
            throw new IllegalArgumentException("a field needs a name in a job file, in the API, or both");
        }
        boolean nested = kind == Kind.BLOCK || kind == Kind.BLOCKS || kind == Kind.LABELLED || kind == Kind.KEYED;
        if (nested != (block != null)) {
            throw new IllegalArgumentException(hcl + ": a " + kind + " field " + (nested ? "needs" : "takes no")
                    + " block");
        }
        if (kind == Kind.LABELLED ? label == null : label != null && kind != Kind.KEYED) {
            throw new IllegalArgumentException(hcl + ": only a LABELLED or KEYED field names its label's field");
        }
    }

    public static Field attr(String hcl, String api, Kind kind) {
        return new Field(hcl, api, kind, null, null, false);
    }

    /** A field only the API's JSON carries. */
    public static Field apiOnly(String api, Kind kind) {
        return new Field("", api, kind, null, null, false);
    }

    public static Field block(String hcl, String api, Block block) {
        return new Field(hcl, api, Kind.BLOCK, block, null, false);
    }

    public static Field blocks(String hcl, String api, Block block) {
        return new Field(hcl, api, Kind.BLOCKS, block, null, false);
    }

    public static Field labelled(String hcl, String api, String label, Block block) {
        return new Field(hcl, api, Kind.LABELLED, block, label, false);
    }

    public static Field keyed(String hcl, String api, Block block) {
        return new Field(hcl, api, Kind.KEYED, block, null, false);
    }

    /** A keyed block whose entries repeat their key in the field {@code label} ({@code Name}). */
    public static Field keyed(String hcl, String api, String label, Block block) {
        return new Field(hcl, api, Kind.KEYED, block, label, false);
    }

    /** The same field, marked as one Drover acts on. */
    public Field acted() {
        return new Field(hcl, api, kind, block, label, true);
    }

    /** Whether a job file may write it. */
    public boolean inFile() {
        return !hcl.isEmpty();
    }

    /** Whether the API's JSON carries it. */
    public boolean inApi() {
        return !api.isEmpty();
    }

    /** Whether it nests a stanza. */
    public boolean nested() {
        return block != null;
    }
}

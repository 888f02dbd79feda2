package org.drover.jobspec.schema;

import java.util.Objects;

/**
 * One field of a stanza: its name in a job file and in the API's JSON, what it holds, and whether
 * Drover acts on it (a field read but not acted on is a warning when set, an error when strict).
 *
 * @param hcl   the name in a job file ({@code kill_timeout})
 * @param api   the name in the API's JSON ({@code KillTimeout})
 * @param kind  what it holds
 * @param block the nested stanza, for {@link Kind#BLOCK}, {@link Kind#BLOCKS}, {@link Kind#LABELLED} and
 *              {@link Kind#KEYED}; null otherwise
 * @param label for {@link Kind#LABELLED}, the API field that holds the block's label ({@code Name})
 * @param actedOn whether Drover acts on it
 */
public record Field(String hcl, String api, Kind kind, Block block, String label, boolean actedOn) {
    public Field {
        Objects.requireNonNull(hcl, "hcl");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(kind, "kind");
        boolean nested = kind == Kind.BLOCK || kind == Kind.BLOCKS || kind == Kind.LABELLED || kind == Kind.KEYED;
        if (nested != (block != null)) {
            throw new IllegalArgumentException(hcl + ": a " + kind + " field " + (nested ? "needs" : "takes no")
                    + " block");
        }
        if ((kind == Kind.LABELLED) != (label != null)) {
            throw new IllegalArgumentException(hcl + ": only a LABELLED field names its label's field");
        }
    }

    public static Field attr(String hcl, String api, Kind kind) {
        return new Field(hcl, api, kind, null, null, false);
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

    /** The same field, marked as one Drover acts on. */
    public Field acted() {
        return new Field(hcl, api, kind, block, label, true);
    }
}

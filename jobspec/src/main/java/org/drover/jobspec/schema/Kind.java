package org.drover.jobspec.schema;

/** What a field of Nomad's job specification holds, as the API's JSON writes it. */
public enum Kind {
    STRING,
    /** A whole number. */
    INT,
    FLOAT,
    BOOL,
    /** A Go duration in a job file ({@code "30s"}); nanoseconds, or the same string, in the API's JSON. */
    DURATION,
    /** A list of strings. */
    STRINGS,
    /** A list of whole numbers. */
    INTS,
    /** A map of strings: in a job file an attribute ({@code meta = {…}}) or a block ({@code meta {…}}). */
    STRING_MAP,
    /** Any value: a driver's {@code config}, an artifact's {@code options}; someone else checks it. */
    ANY,
    /** One nested block: an object. */
    BLOCK,
    /** A block that may be repeated: a list of objects. */
    BLOCKS,
    /** A labelled block that may be repeated ({@code task "web" {…}}): a list of objects, the label in one field. */
    LABELLED,
    /** A labelled block that may be repeated ({@code volume "data" {…}}): an object keyed by label. */
    KEYED
}

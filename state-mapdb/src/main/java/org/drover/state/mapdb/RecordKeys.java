package org.drover.state.mapdb;

/**
 * The key layout of the records map ({@link StoreFile#SCHEMA}): {@code alloc/<id>},
 * {@code local/<id>/<task>}, {@code state/<id>/<task>}, {@code allochook/<id>/<hook>} (an allocation-level hook's state) and {@code job/<id>} (a job
 * waiting for placement), each value in
 * {@link RecordCodec}'s format for its kind.
 */
final class RecordKeys {

    static final String ALLOC = "alloc/";
    static final String LOCAL = "local/";
    static final String STATE = "state/";
    static final String JOB = "job/";
    static final String ALLOC_HOOK = "allochook/";

    static String alloc(String allocId) {
        return ALLOC + allocId;
    }

    static String local(String allocId, String task) {
        return LOCAL + allocId + "/" + task;
    }

    static String state(String allocId, String task) {
        return STATE + allocId + "/" + task;
    }

    static String allocHook(String allocId, String hook) {
        return ALLOC_HOOK + allocId + "/" + hook;
    }

    static String job(String jobId) {
        return JOB + jobId;
    }

    /** The first key of every record of {@code allocId} under {@code kind}, for a prefix range. */
    static String ofAlloc(String kind, String allocId) {
        return kind + allocId + "/";
    }

    /** Decodes a record by the kind its key names; a record that does not decode is damage. */
    static void decode(String key, byte[] value) {
        if (key.startsWith(ALLOC)) {
            RecordCodec.decode(key, value, RecordCodec::allocation);
        } else if (key.startsWith(LOCAL)) {
            RecordCodec.decode(key, value, RecordCodec::localState);
        } else if (key.startsWith(STATE)) {
            RecordCodec.decode(key, value, RecordCodec::taskState);
        } else if (key.startsWith(ALLOC_HOOK)) {
            RecordCodec.decode(key, value, RecordCodec::hookState);
        } else if (key.startsWith(JOB)) {
            RecordCodec.decode(key, value, RecordCodec::job);
        } else {
            throw new IllegalStateException("unknown key " + key);
        }
    }

    private RecordKeys() {
    }
}

package org.drover.jobspec.rules;

/** What a rule needs to know of the job around a group or task. */
record JobContext(String type, String name) {

    boolean service() {
        return type.equals("service");
    }

    boolean system() {
        return type.equals("system");
    }

    boolean batchLike() {
        return type.equals("batch") || type.equals("sysbatch");
    }

    boolean systemLike() {
        return type.equals("system") || type.equals("sysbatch");
    }
}

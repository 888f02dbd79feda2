package org.drover.jobspec.rules;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Small jobs in Nomad's API JSON for the rules' tests: one task group "g" with task "t" unless told.
 * The fields given are written with single quotes for readability and read with double ones.
 */
final class Jobs {

    static final String JOB = "Job";
    static final String G = "Job.TaskGroups[\"g\"]";
    static final String T = G + ".Tasks[\"t\"]";

    private Jobs() {
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A task named t with driver exec, then {@code extra} fields (each starting with a comma). */
    static String task(String extra) {
        return "{\"Name\": \"t\", \"Driver\": \"exec\"" + extra + "}";
    }

    static String namedTask(String name, String extra) {
        return "{\"Name\": \"" + name + "\", \"Driver\": \"exec\"" + extra + "}";
    }

    /** Group g with the given tasks (task t when none), then {@code extra} fields. */
    static String group(String extra, String... tasks) {
        String list = tasks.length == 0 ? task("") : String.join(", ", tasks);
        return "{\"Name\": \"g\", \"Tasks\": [" + list + "]" + extra + "}";
    }

    /** Job web (service unless {@code extra} says) with the given groups (group g when none). */
    static String job(String extra, String... groups) {
        String list = groups.length == 0 ? group("") : Arrays.stream(groups).collect(Collectors.joining(", "));
        return "{\"ID\": \"web\", \"TaskGroups\": [" + list + "]" + extra + "}";
    }

    static String withGroup(String groupExtra) {
        return job("", group(groupExtra));
    }

    static String withTask(String taskExtra) {
        return job("", group("", task(taskExtra)));
    }

    static String batchWithGroup(String groupExtra) {
        return job(", \"Type\": \"batch\"", group(groupExtra));
    }
}

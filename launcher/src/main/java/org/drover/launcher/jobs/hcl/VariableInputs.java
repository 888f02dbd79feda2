package org.drover.launcher.jobs.hcl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a job file's input variables get values besides their defaults, from
 * lowest to highest: the environment's {@code NOMAD_VAR_<name>}, the
 * {@code -var-file} files in order, the {@code -var name=value} options in order.
 */
public record VariableInputs(Map<String, String> environment, List<Path> varFiles, List<String> vars) {

    public static final String ENV_PREFIX = "NOMAD_VAR_";

    public VariableInputs {
        environment = Map.copyOf(environment);
        varFiles = List.copyOf(varFiles);
        vars = List.copyOf(vars);
    }

    public static VariableInputs none() {
        return new VariableInputs(Map.of(), List.of(), List.of());
    }
}

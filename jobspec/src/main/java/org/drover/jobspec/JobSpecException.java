package org.drover.jobspec;

import java.util.List;
import java.util.stream.Collectors;

/** A job that cannot run as written; every problem found, each naming its field. */
public final class JobSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public JobSpecException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}

package org.drover.runner.api.model;

import java.util.Objects;

/**
 * One of Nomad's {@code constraint} blocks, as the API writes it. Targets are
 * kept as written: {@code ${attr.kernel.name}}, {@code ${node.class}},
 * {@code ${meta.rack}} or a literal, resolved against the node at placement.
 *
 * @param lTarget the left side ({@code attribute}); empty for {@code distinct_hosts}
 * @param operand Nomad's operator: {@code =}, {@code !=}, {@code <}, {@code regexp}, {@code version},
 *                {@code semver}, {@code set_contains}, {@code is_set}, {@code distinct_hosts}, ...
 * @param rTarget the right side ({@code value}); empty where the operator takes none
 */
public record Constraint(String lTarget, String operand, String rTarget) {
    public Constraint {
        Objects.requireNonNull(lTarget, "lTarget");
        Objects.requireNonNull(operand, "operand");
        Objects.requireNonNull(rTarget, "rTarget");
    }

    /** Nomad's key for the constraint in placement failures: {@code "${attr.kernel.name} = windows"}. */
    @Override
    public String toString() {
        return lTarget + " " + operand + " " + rTarget;
    }
}

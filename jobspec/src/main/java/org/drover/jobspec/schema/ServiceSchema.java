package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.attr;

/** {@code service} with its {@code check}, {@code check_restart} and {@code connect}: at group and task level. */
public final class ServiceSchema {

    public static final Block SERVICE = Block.of("service",
            attr("name", "Name", Kind.STRING),
            attr("port", "PortLabel", Kind.STRING));

    private ServiceSchema() {
    }
}

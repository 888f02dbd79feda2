package org.drover.launcher.jobs.hcl;

import java.util.List;

/** The arguments and blocks of a file or a block, in the order written. */
record Body(List<Item> items) {

    sealed interface Item {
        int line();
    }

    record Attribute(String name, Expr expr, int line) implements Item {
    }

    record Block(String type, List<String> labels, Body body, int line) implements Item {
    }
}

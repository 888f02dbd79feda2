package org.drover.jobspec.rules;

import java.util.regex.Pattern;

/**
 * The {@code version} and {@code semver} constraint operands' right-hand side: comma-separated
 * {@code <operator> <version>} terms. {@code version} takes {@code ~>} and versions with any number of
 * numeric parts and a pre-release; {@code semver} takes at most three parts and no {@code ~>}.
 */
final class VersionConstraint {

    private static final String IDENT = "[0-9A-Za-z~-]+(\\.[0-9A-Za-z~-]+)*";
    private static final String BUILD = "(\\+" + IDENT + ")?";
    // Possessive where one class could hand characters to the next: a long value fails in linear time.
    private static final Pattern VERSION = Pattern.compile("^\\s*(=|!=|>=|<=|>|<|~>)?\\s*v?[0-9]++(\\.[0-9]+)*"
            + "(-[0-9]++[0-9A-Za-z~-]*(\\.[0-9A-Za-z~-]+)*|-?[A-Za-z~-]++[0-9A-Za-z~-]*(\\.[0-9A-Za-z~-]+)*)?"
            + BUILD + "\\s*$");
    private static final Pattern SEMVER = Pattern.compile("^\\s*(=|!=|>=|<=|>|<)?\\s*v?[0-9]+(\\.[0-9]+){0,2}"
            + "(-" + IDENT + ")?" + BUILD + "\\s*$");

    private VersionConstraint() {
    }

    /** What is wrong, in the words of Nomad's parser, or null. */
    static String problem(String constraint, boolean semver) {
        for (String term : constraint.split(",", -1)) {
            if (!(semver ? SEMVER : VERSION).matcher(term).matches()) {
                return "Malformed constraint: " + term;
            }
        }
        return null;
    }
}

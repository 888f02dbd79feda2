package org.drover.jobspec.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Regular expressions as Nomad compiles a {@code regexp} constraint's value: RE2 syntax, the language of
 * Go's {@code regexp} package, so what Java's own engine would accept (back-references, look-arounds) is
 * refused as Nomad refuses it.
 */
final class GoRegexp {

    private GoRegexp() {
    }

    /** Why the expression does not compile, or null. */
    static String problem(String expression) {
        try {
            Pattern.compile(expression);
            return null;
        } catch (PatternSyntaxException e) {
            return e.getMessage(); // "error parsing regexp: <what>: `<where>`", as Go words it
        }
    }
}

package org.drover.runner.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operator of Nomad's constraints, one row a case: a side written {@code null} is missing. */
class OperatorsTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                row("=", "linux", "linux", true),
                row("=", "linux", "windows", false),
                row("=", null, "linux", false),
                row("=", null, null, false),
                row("==", "a", "a", true),
                row("is", "a", "b", false),
                row("!=", "linux", "windows", true),
                row("!=", "linux", "linux", false),
                row("!=", null, "linux", true),
                row("not", null, null, false),
                row("not", "a", "b", true),
                // integers, then floats, then strings
                row("<", "9", "10", true),
                row("<", "10", "9", false),
                row("<=", "10", "10", true),
                row(">", "2.5", "2.25", true),
                row(">=", "1e3", "999", true),
                row("<", "9", "10a", false),
                row("<", "abc", "abd", true),
                row(">", "b", "a", true),
                row(">", null, "1", false),
                row("<", "1", null, false),
                row("is_set", "x", null, true),
                row("is_set", null, null, false),
                row("is_not_set", null, null, true),
                row("is_not_set", "", null, false),
                row("regexp", "linux-5.15", "^linux-[0-9]+\\.", true),
                row("regexp", "xlinux", "linux", true),
                row("regexp", "darwin", "^linux", false),
                row("regexp", "abc", "(?P<name>b)", true),
                row("regexp", "abc", "a(", false),
                row("regexp", "abc", "(?=b)", false),
                row("regexp", null, ".*", false),
                row("set_contains", "a, b,c", "c,a", true),
                row("set_contains", "a,b", "a,d", false),
                row("set_contains_all", "a,b", " b ", true),
                row("set_contains_any", "a,b", "d, b", true),
                row("set_contains_any", "a,b", "d,e", false),
                row("set_contains", null, "a", false),
                row("version", "1.2.3", ">= 1.2, < 2", true),
                row("version", "2.0.0", ">= 1.2, < 2", false),
                row("version", "v1.4", "~> 1.2", true),
                row("version", "2.0", "~> 1.2", false),
                row("version", "1.2.9", "~> 1.2.3", true),
                row("version", "1.3.0", "~> 1.2.3", false),
                row("version", "1.3.0-beta1", ">= 1.2", false),
                row("version", "1.3.0-beta2", ">= 1.3.0-beta1", true),
                row("version", "1.3.0-beta2", ">= 1.2.0-beta1", false),
                row("version", "1.3.0-rc.1", "= 1.3.0-rc.1", true),
                row("version", "1.3.0+ent", "1.3.0", true),
                row("version", "1.2.3beta", "< 1.2.3", false),
                row("version", "not-a-version", ">= 1", false),
                row("version", "1.2", "bogus", false),
                row("semver", "1.2.3", ">= 1.2.0, < 2.0.0", true),
                row("semver", "1.3.0-beta1", ">= 1.2.0", true),
                row("semver", "1.2.0-rc1", "< 1.2.0", true),
                row("semver", "1.4.0", "~> 1.2", false),
                row("semver", "1.2.3", ">= 1.2.3beta", false),
                row("semver", null, ">= 1", false),
                row("distinct_hosts", null, null, true),
                row("distinct_property", "x", "2", true),
                row("glob", "a", "a", false),
                row("", "a", "a", false));
    }

    private static Arguments row(String op, String l, String r, boolean met) {
        return Arguments.of(op, l, r, met);
    }

    @ParameterizedTest(name = "{1} {0} {2} -> {3}")
    @MethodSource("rows")
    void operator(String op, String l, String r, boolean met) {
        assertEquals(met, Operators.check(op, Optional.ofNullable(l), Optional.ofNullable(r)));
    }
}

package org.drover.launcher.jobs.hcl;

import static org.drover.launcher.jobs.hcl.Function.of;
import static org.drover.launcher.jobs.hcl.Values.number;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/** cty's numeric functions. */
final class NumberFunctions {

    private NumberFunctions() {
    }

    static void register(Map<String, Function> f) {
        f.put("abs", of(1, a -> number(a.get(0)).abs()));
        f.put("ceil", of(1, a -> number(a.get(0)).setScale(0, RoundingMode.CEILING)));
        f.put("floor", of(1, a -> number(a.get(0)).setScale(0, RoundingMode.FLOOR)));
        f.put("signum", of(1, a -> Values.num(number(a.get(0)).signum())));
        f.put("max", args -> extreme(args, 1));
        f.put("min", args -> extreme(args, -1));
        f.put("pow", of(2, a -> {
            BigDecimal base = number(a.get(0));
            BigDecimal exp = number(a.get(1));
            if (exp.signum() >= 0 && exp.stripTrailingZeros().scale() <= 0 && exp.compareTo(BigDecimal.valueOf(999)) <= 0) {
                return base.pow(exp.intValueExact());
            }
            return decimal(Math.pow(base.doubleValue(), exp.doubleValue()));
        }));
        f.put("log", of(2, a -> decimal(Math.log(number(a.get(0)).doubleValue())
                / Math.log(number(a.get(1)).doubleValue()))));
        f.put("parseint", of(2, a -> {
            int base = Values.integer(a.get(1));
            if (base < 2 || base > 62) {
                throw new Values.Problem("base must be a whole number between 2 and 62 inclusive");
            }
            String s = Values.string(a.get(0));
            try {
                return new BigDecimal(new BigInteger(s, base));
            } catch (NumberFormatException e) {
                throw new Values.Problem("cannot parse \"" + s + "\" as a base " + base + " integer");
            }
        }));
    }

    private static Object extreme(List<Object> args, int sign) {
        Function.arity(args, 1, -1);
        BigDecimal best = null;
        for (Object a : args) {
            BigDecimal n = number(a);
            if (best == null || n.compareTo(best) * sign > 0) {
                best = n;
            }
        }
        return best;
    }

    private static BigDecimal decimal(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new Values.Problem("the result is not a finite number");
        }
        return new BigDecimal(Double.toString(d));
    }
}

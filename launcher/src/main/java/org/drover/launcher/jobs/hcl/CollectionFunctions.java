package org.drover.launcher.jobs.hcl;

import static org.drover.launcher.jobs.hcl.Function.of;
import static org.drover.launcher.jobs.hcl.Values.list;
import static org.drover.launcher.jobs.hcl.Values.map;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** cty's collection functions: lists, sets (as lists without duplicates), maps and objects. */
final class CollectionFunctions {

    private CollectionFunctions() {
    }

    static void register(Map<String, Function> f) {
        f.put("length", of(1, a -> Values.num(length(a.get(0)))));
        f.put("keys", of(1, a -> new ArrayList<Object>(map(a.get(0)).keySet())));
        f.put("values", of(1, a -> new ArrayList<>(map(a.get(0)).values())));
        f.put("concat", args -> {
            List<Object> out = new ArrayList<>();
            args.forEach(l -> out.addAll(list(l)));
            return out;
        });
        f.put("contains", of(2, a -> list(a.get(0)).stream().anyMatch(e -> Values.equal(e, a.get(1)))));
        f.put("distinct", of(1, a -> Values.distinct(list(a.get(0)))));
        f.put("compact", of(1, a -> new ArrayList<>(list(a.get(0)).stream()
                .filter(e -> e != null && !"".equals(e)).map(Values::string).toList())));
        f.put("flatten", of(1, a -> flatten(list(a.get(0)), new ArrayList<>())));
        f.put("reverse", of(1, a -> {
            List<Object> out = new ArrayList<>(list(a.get(0)));
            java.util.Collections.reverse(out);
            return out;
        }));
        f.put("sort", of(1, a -> new ArrayList<Object>(list(a.get(0)).stream().map(Values::string).sorted().toList())));
        f.put("element", of(2, a -> {
            List<Object> l = list(a.get(0));
            if (l.isEmpty()) {
                throw new Values.Problem("cannot use element function with an empty list");
            }
            int i = Values.integer(a.get(1));
            if (i < 0) {
                throw new Values.Problem("cannot use element function with a negative index");
            }
            return l.get(i % l.size());
        }));
        f.put("index", of(2, a -> {
            List<Object> l = list(a.get(0));
            for (int i = 0; i < l.size(); i++) {
                if (Values.equal(l.get(i), a.get(1))) {
                    return Values.num(i);
                }
            }
            throw new Values.Problem("item not found");
        }));
        f.put("slice", of(3, a -> {
            List<Object> l = list(a.get(0));
            int from = Values.integer(a.get(1));
            int to = Values.integer(a.get(2));
            if (from < 0 || to > l.size() || from > to) {
                throw new Values.Problem("the indices " + from + " and " + to + " do not fit a list of " + l.size());
            }
            return new ArrayList<>(l.subList(from, to));
        }));
        f.put("chunklist", of(2, a -> {
            List<Object> l = list(a.get(0));
            int size = Values.integer(a.get(1));
            if (size < 0) {
                throw new Values.Problem("the size argument must be positive");
            }
            List<Object> out = new ArrayList<>();
            if (size == 0) {
                out.add(new ArrayList<>(l));
                return out;
            }
            for (int i = 0; i < l.size(); i += size) {
                out.add(new ArrayList<>(l.subList(i, Math.min(l.size(), i + size))));
            }
            return out;
        }));
        f.put("coalesce", args -> {
            for (Object a : args) {
                if (a != null && !"".equals(a)) {
                    return a;
                }
            }
            throw new Values.Problem("no non-null, non-empty-string arguments");
        });
        f.put("coalescelist", args -> {
            for (Object a : args) {
                if (!list(a).isEmpty()) {
                    return a;
                }
            }
            return new ArrayList<>();
        });
        f.put("lookup", args -> {
            Function.arity(args, 2, 3);
            Map<String, Object> m = map(args.get(0));
            String k = Values.string(args.get(1));
            if (m.containsKey(k)) {
                return m.get(k);
            }
            if (args.size() == 3) {
                return args.get(2);
            }
            throw new Values.Problem("the given key \"" + k + "\" is not in the map and no default is given");
        });
        f.put("merge", args -> {
            Map<String, Object> out = Values.newMap();
            for (Object a : args) {
                if (a != null) {
                    out.putAll(map(a));
                }
            }
            return out;
        });
        f.put("zipmap", of(2, a -> {
            List<Object> k = list(a.get(0));
            List<Object> v = list(a.get(1));
            if (k.size() != v.size()) {
                throw new Values.Problem("the keys list has " + k.size() + " elements but the values list has "
                        + v.size());
            }
            Map<String, Object> out = Values.newMap();
            for (int i = 0; i < k.size(); i++) {
                out.put(Values.string(k.get(i)), v.get(i));
            }
            return out;
        }));
        f.put("range", CollectionFunctions::range);
        f.put("setunion", args -> {
            List<Object> out = new ArrayList<>();
            args.forEach(l -> out.addAll(list(l)));
            return Values.set(out);
        });
        f.put("setintersection", args -> {
            Function.arity(args, 1, -1);
            List<Object> out = Values.set(list(args.get(0)));
            for (Object l : args.subList(1, args.size())) {
                out.removeIf(e -> list(l).stream().noneMatch(x -> Values.equal(x, e)));
            }
            return out;
        });
        f.put("setproduct", CollectionFunctions::setproduct);
    }

    static int length(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        return list(v).size();
    }

    private static List<Object> flatten(List<Object> in, List<Object> out) {
        for (Object e : in) {
            if (e instanceof List<?> l) {
                flatten(list(l), out);
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static Object range(List<Object> args) {
        Function.arity(args, 1, 3);
        BigDecimal start = args.size() == 1 ? BigDecimal.ZERO : Values.number(args.get(0));
        BigDecimal limit = Values.number(args.get(args.size() == 1 ? 0 : 1));
        BigDecimal step = args.size() == 3 ? Values.number(args.get(2))
                : BigDecimal.valueOf(start.compareTo(limit) > 0 ? -1 : 1);
        if (step.signum() == 0) {
            throw new Values.Problem("step must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (BigDecimal v = start; step.signum() > 0 ? v.compareTo(limit) < 0 : v.compareTo(limit) > 0;
                v = v.add(step)) {
            if (out.size() >= 1024) {
                throw new Values.Problem("more than 1024 values were generated; either decrease the difference"
                        + " between start and end or use a smaller step");
            }
            out.add(v);
        }
        return out;
    }

    private static Object setproduct(List<Object> args) {
        Function.arity(args, 2, -1);
        List<Object> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (Object set : args) {
            List<Object> next = new ArrayList<>();
            for (Object prefix : out) {
                for (Object e : Values.set(list(set))) {
                    List<Object> row = new ArrayList<>(list(prefix));
                    row.add(e);
                    next.add(row);
                }
            }
            out = next;
        }
        return out;
    }
}

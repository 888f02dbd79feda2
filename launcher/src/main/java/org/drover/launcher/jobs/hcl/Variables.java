package org.drover.launcher.jobs.hcl;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A job file's input variables: their {@code variable} blocks, and the value
 * each ends with from its default, NOMAD_VAR_ variables, var files and -var
 * options (the last source that sets it wins), converted to its type and
 * checked by its validation rules.
 */
final class Variables {

    record Validation(Expr condition, Expr errorMessage, int line) {
    }

    record Declaration(String name, TypeConstraint type, Expr defaultValue, List<Validation> validations,
            int line) {
    }

    /** A value and where it came from, as errors name it. */
    private record Assigned(Object value, String source) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Declaration> declared;
    private final Map<String, Function> functions;
    private final boolean strict;
    private final List<String> warnings;
    private final Map<String, TypeConstraint> types = new LinkedHashMap<>();
    private final Map<String, Assigned> values = new LinkedHashMap<>();

    private Variables(Map<String, Declaration> declared, Map<String, Function> functions, boolean strict,
            List<String> warnings) {
        this.declared = declared;
        this.functions = functions;
        this.strict = strict;
        this.warnings = warnings;
    }

    /** A {@code variable "name" { … }} block read into its declaration. */
    static Declaration declaration(Body.Block b) throws HclError {
        if (b.labels().size() != 1) {
            throw HclError.at(b.line(), "Missing name for variable; a variable block has one label, its name: variable"
                    + " \"name\" { … }");
        }
        String name = b.labels().get(0);
        TypeConstraint type = null;
        Expr def = null;
        List<Validation> validations = new ArrayList<>();
        for (Body.Item item : b.body().items()) {
            if (item instanceof Body.Attribute a) {
                switch (a.name()) {
                    case "type" -> type = TypeConstraint.of(a.expr());
                    case "default" -> def = a.expr();
                    case "description" -> {
                    }
                    default -> throw HclError.at(a.line(), "Unsupported argument; an argument named \"" + a.name()
                            + "\" is not expected in variable \"" + name + "\"");
                }
            } else if (item instanceof Body.Block v && v.type().equals("validation")) {
                validations.add(validation(v, name));
            } else {
                throw HclError.at(item.line(), "Unsupported block type; blocks of type \"" + ((Body.Block) item).type()
                        + "\" are not expected in variable \"" + name + "\"");
            }
        }
        return new Declaration(name, type, def, List.copyOf(validations), b.line());
    }

    private static Validation validation(Body.Block v, String name) throws HclError {
        Expr condition = null;
        Expr message = null;
        for (Body.Item item : v.body().items()) {
            if (item instanceof Body.Attribute a && a.name().equals("condition")) {
                condition = a.expr();
            } else if (item instanceof Body.Attribute a && a.name().equals("error_message")) {
                message = a.expr();
            } else {
                throw HclError.at(item.line(), "Unsupported argument in the validation of variable \"" + name
                        + "\"; it takes condition and error_message");
            }
        }
        if (condition == null || message == null) {
            throw HclError.at(v.line(), "Invalid variable validation specification; the validation of variable \""
                    + name + "\" requires a condition and an error_message");
        }
        return new Validation(condition, message, v.line());
    }

    /** Every declared variable's value, by name. */
    static Map<String, Object> resolve(Map<String, Declaration> declared, VariableInputs inputs,
            Map<String, Function> functions, boolean strict, List<String> warnings) throws HclError {
        Variables v = new Variables(declared, functions, strict, warnings);
        v.defaults();
        v.environment(inputs.environment());
        for (Path file : inputs.varFiles()) {
            v.varFile(file);
        }
        v.arguments(inputs.vars());
        return v.checked();
    }

    private Evaluator constants() {
        return new Evaluator(functions, Map.of(), Map.of());
    }

    private void defaults() throws HclError {
        for (Declaration d : declared.values()) {
            TypeConstraint type = d.type();
            if (d.defaultValue() != null) {
                Object value = constants().eval(d.defaultValue(), Evaluator.Scope.ROOT);
                if (type == null) {
                    type = inferred(value);
                }
                try {
                    values.put(d.name(), new Assigned(type.convert(value), "default"));
                } catch (Values.Problem p) {
                    throw HclError.at(d.defaultValue().line(), "Invalid default value for variable \"" + d.name()
                            + "\"; it is not compatible with the variable's type " + type.written() + ": "
                            + p.getMessage());
                }
            }
            types.put(d.name(), type);
        }
    }

    /** Without a type, a variable takes its default's, as Nomad; without either, any value as text. */
    private static TypeConstraint inferred(Object value) {
        if (value instanceof String) {
            return TypeConstraint.Primitive.STRING;
        }
        if (value instanceof BigDecimal) {
            return TypeConstraint.Primitive.NUMBER;
        }
        if (value instanceof Boolean) {
            return TypeConstraint.Primitive.BOOL;
        }
        return TypeConstraint.Primitive.ANY;
    }

    /** NOMAD_VAR_ variables for names not declared are someone else's: ignored, as Nomad does. */
    private void environment(Map<String, String> env) throws HclError {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(VariableInputs.ENV_PREFIX)) {
                continue;
            }
            String name = e.getKey().substring(VariableInputs.ENV_PREFIX.length());
            if (declared.containsKey(name)) {
                assignText(name, e.getValue(), e.getKey());
            }
        }
    }

    private void varFile(Path file) throws HclError {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw HclError.at(0, "Failed to read var file; " + file + ": " + e.getMessage()).in(file);
        }
        String source = "-var-file " + file;
        if (text.stripLeading().startsWith("{")) {
            Map<String, Object> json;
            try {
                json = Values.map(EncodingFunctions.fromJson(JSON.readTree(text)));
            } catch (IOException | Values.Problem e) {
                throw HclError.at(1, "Invalid var file; not a JSON object: " + e.getMessage()).in(file);
            }
            for (Map.Entry<String, Object> e : json.entrySet()) {
                assignValue(e.getKey(), e.getValue(), source, file, 1);
            }
            return;
        }
        Body body;
        try {
            body = Parser.file(text);
        } catch (HclError e) {
            throw e.in(file);
        }
        for (Body.Item item : body.items()) {
            if (item instanceof Body.Block b) {
                String name = b.type().equals("variable") && !b.labels().isEmpty() ? b.labels().get(0) : b.type();
                throw HclError.at(b.line(), b.type().equals("variable") ? "Variable declaration in a .var file; a var"
                        + " file sets variables the job file declares: write " + name + " = <value>"
                        : "Unexpected block \"" + name + "\"; a var file holds only name = value").in(file);
            }
            Body.Attribute a = (Body.Attribute) item;
            Object value;
            try {
                value = constants().eval(a.expr(), Evaluator.Scope.ROOT);
            } catch (HclError e) {
                throw e.in(file);
            }
            assignValue(a.name(), value, source, file, a.line());
        }
    }

    private void assignValue(String name, Object value, String source, Path file, int line) throws HclError {
        if (!declared.containsKey(name)) {
            String message = "Undefined variable \"" + name + "\"; it is set in the var file but the job file does"
                    + " not declare it: add variable \"" + name + "\" { … }";
            if (strict) {
                throw HclError.at(line, message).in(file);
            }
            warnings.add(file + ":" + line + ": " + message);
            return;
        }
        assign(name, value, source);
    }

    /** A -var for a name the job file does not declare is refused: it is most likely misspelt. */
    private void arguments(List<String> vars) throws HclError {
        for (String arg : vars) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            if (!declared.containsKey(name)) {
                throw HclError.at(0, "Undefined -var variable \"" + name + "\"; it was given with -var but the job"
                        + " file does not declare it: add variable \"" + name + "\" { … }");
            }
            assignText(name, value, "-var");
        }
    }

    /** Text from the environment or -var: as it is for a string or number, else HCL syntax (lists, maps, …). */
    private void assignText(String name, String text, String source) throws HclError {
        TypeConstraint type = types.get(name);
        Object value;
        if (type == null || type.takesText()) {
            value = text;
        } else {
            try {
                value = constants().eval(Parser.expression(text), Evaluator.Scope.ROOT);
            } catch (HclError e) {
                throw HclError.at(declared.get(name).line(), "Invalid value for variable \"" + name + "\" from "
                        + source + "; " + text + " is not a " + type.written() + " in HCL syntax: " + e.getMessage());
            }
        }
        assign(name, value, source);
    }

    private void assign(String name, Object value, String source) throws HclError {
        TypeConstraint type = types.get(name);
        try {
            values.put(name, new Assigned(type == null ? value : type.convert(value), source));
        } catch (Values.Problem p) {
            throw HclError.at(declared.get(name).line(), "Invalid value for variable \"" + name + "\"; the value from "
                    + source + " is not compatible with the variable's type " + type.written() + ": "
                    + p.getMessage());
        }
    }

    private Map<String, Object> checked() throws HclError {
        Map<String, Object> out = Values.newMap();
        for (Declaration d : declared.values()) {
            Assigned a = values.get(d.name());
            if (a == null) {
                throw HclError.at(d.line(), "Unset variable \"" + d.name() + "\"; a used variable must be set or have"
                        + " a default value (-var, -var-file or " + VariableInputs.ENV_PREFIX + d.name() + ")");
            }
            out.put(d.name(), a.value());
        }
        for (Declaration d : declared.values()) {
            validate(d, values.get(d.name()));
        }
        return out;
    }

    private void validate(Declaration d, Assigned a) throws HclError {
        Map<String, Object> self = Values.newMap();
        self.put(d.name(), a.value());
        Evaluator ev = new Evaluator(functions, self, Map.of());
        for (Validation v : d.validations()) {
            Object ok = ev.eval(v.condition(), Evaluator.Scope.ROOT);
            if (!(ok instanceof Boolean b)) {
                throw HclError.at(v.line(), "Invalid variable validation result; the condition of variable \""
                        + d.name() + "\" must be true or false, got " + Values.typeName(ok));
            }
            if (!b) {
                Object message = ev.eval(v.errorMessage(), Evaluator.Scope.ROOT);
                throw HclError.at(d.line(), "Invalid value for variable \"" + d.name() + "\" (from " + a.source()
                        + "): " + message + " (checked by the validation rule at line " + v.line() + ")");
            }
        }
    }
}

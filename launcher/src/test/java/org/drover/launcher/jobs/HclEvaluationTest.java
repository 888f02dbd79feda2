package org.drover.launcher.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.drover.launcher.jobs.hcl.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Job files evaluated as {@code nomad job run} evaluates them: input variables
 * and their sources, locals, templates, for expressions, dynamic blocks,
 * escapes and the runtime placeholders that are left for the client.
 */
class HclEvaluationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** A batch job whose one task's config block is {@code config}, after {@code top} (variables, locals). */
    private static String job(String top, String config) {
        return top + "\njob \"j\" {\n  type = \"batch\"\n  group \"g\" {\n    task \"t\" {\n      driver = \"raw_exec\"\n"
                + "      config {\n" + config + "\n      }\n    }\n  }\n}\n";
    }

    private JsonNode config(String top, String config, VariableInputs inputs) throws Exception {
        Path f = file("job.nomad", job(top, config));
        return HclJobFile.read(f, false, inputs).json().at("/Job/TaskGroups/0/Tasks/0/Config");
    }

    private JsonNode config(String top, String config) throws Exception {
        return config(top, config, VariableInputs.none());
    }

    private String error(String text, VariableInputs inputs) throws Exception {
        Path f = file("job.nomad", text);
        return assertThrows(HclJobFile.JobFileException.class, () -> HclJobFile.read(f, false, inputs)).getMessage();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** Equal as JSON text: the mapping writes whole numbers as longs, the parser below as ints. */
    private static void same(String expected, JsonNode actual) throws Exception {
        assertEquals(json(expected).toString(), actual.toString());
    }

    private static VariableInputs env(Map<String, String> env) {
        return new VariableInputs(env, List.of(), List.of());
    }

    private static VariableInputs vars(String... vars) {
        return new VariableInputs(Map.of(), List.of(), List.of(vars));
    }

    // --- input variables ------------------------------------------------------------------

    static final String FOUR = "variable \"a\" {\n  default = \"default\"\n}\nvariable \"b\" {\n  default = \"default\"\n}\n"
            + "variable \"c\" {\n  default = \"default\"\n}\nvariable \"d\" {\n  default = \"default\"\n}\n";

    @Test
    void eachSourceOverridesTheOneBelowIt() throws Exception {
        Path first = file("first.hcl", "c = \"first file\"\nd = \"first file\"\n");
        Path second = file("second.json", "{\"c\": \"second file\"}");
        VariableInputs in = new VariableInputs(Map.of("NOMAD_VAR_b", "env", "NOMAD_VAR_c", "env", "NOMAD_VAR_d", "env",
                "PATH", "/bin"), List.of(first, second), List.of("d=first -var", "d=last -var"));
        same(("{\"v\": [\"default\", \"env\", \"second file\", \"last -var\"]}"),
                config(FOUR, "v = [var.a, var.b, var.c, var.d]", in));
    }

    @Test
    void namesNotDeclaredAreIgnoredInTheEnvironmentWarnedInAVarFileAndRefusedWithVar() throws Exception {
        Path vf = file("vars.hcl", "a = \"file\"\n\nnope = 1\n");
        Path f = file("job.nomad", job(FOUR, "v = var.a"));
        HclJobFile.Converted c = HclJobFile.read(f, false, new VariableInputs(Map.of("NOMAD_VAR_other", "x"),
                List.of(vf), List.of()));
        assertEquals("file", c.json().at("/Job/TaskGroups/0/Tasks/0/Config/v").asText());
        assertEquals(List.of(vf + ":3: Undefined variable \"nope\"; it is set in the var file but the job file does"
                + " not declare it: add variable \"nope\" { … }"), c.warnings());
        assertEquals(vf + ":3: Undefined variable \"nope\"; it is set in the var file but the job file does not declare"
                + " it: add variable \"nope\" { … }", assertThrows(HclJobFile.JobFileException.class,
                        () -> HclJobFile.read(f, true, new VariableInputs(Map.of(), List.of(vf), List.of())))
                        .getMessage());
        assertEquals(f + ": Undefined -var variable \"imgae\"; it was given with -var but the job file does not"
                + " declare it: add variable \"imgae\" { … }", error(job(FOUR, "v = 1"), vars("imgae=x")));
    }

    @Test
    void aVarFileDeclaresNothing() throws Exception {
        Path vf = file("vars.hcl", "variable \"a\" {}\n");
        assertEquals(vf + ":1: Variable declaration in a .var file; a var file sets variables the job file declares:"
                + " write a = <value>", error(job(FOUR, "v = 1"), new VariableInputs(Map.of(), List.of(vf), List.of())));
    }

    static final String TYPED = "variable \"n\" {\n  type = number\n}\nvariable \"on\" {\n  type = bool\n}\n"
            + "variable \"names\" {\n  type = list(string)\n}\nvariable \"sizes\" {\n  type = map(number)\n}\n"
            + "variable \"svc\" {\n  type = object({ name = string, port = number })\n}\n"
            + "variable \"tags\" {\n  type = set(string)\n}\nvariable \"s\" {\n  type = string\n}\n";

    /** Text from the environment and -var becomes the declared type; complex values are HCL syntax. */
    @Test
    void textValuesBecomeTheDeclaredType() throws Exception {
        VariableInputs in = new VariableInputs(Map.of("NOMAD_VAR_n", "8080", "NOMAD_VAR_on", "true",
                "NOMAD_VAR_names", "[\"a\", \"b\"]", "NOMAD_VAR_sizes", "{ small = 1, large = \"10\" }"),
                List.of(), List.of("svc={ name = \"web\", port = \"80\", extra = true }", "tags=[\"y\", \"x\", \"y\"]",
                        "s=[not, a, list]"));
        same(("{\"v\": [8080, true, [\"a\", \"b\"], {\"large\": 10, \"small\": 1},"
                + " {\"name\": \"web\", \"port\": 80}, [\"x\", \"y\"], \"[not, a, list]\"], \"sum\": 8081}"),
                config(TYPED, "v = [var.n, var.on, var.names, var.sizes, var.svc, var.tags, var.s]\n"
                        + "sum = var.n + 1", in));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheVariableAndTheType() throws Exception {
        String text = job(TYPED, "v = 1");
        Path f = tmp.resolve("job.nomad");
        VariableInputs base = new VariableInputs(Map.of("NOMAD_VAR_n", "1", "NOMAD_VAR_on", "true",
                "NOMAD_VAR_names", "[]", "NOMAD_VAR_sizes", "{}", "NOMAD_VAR_tags", "[]", "NOMAD_VAR_s", "x"),
                List.of(), List.of("svc={ name = \"web\", port = 80 }"));
        assertEquals(f + ":1: Invalid value for variable \"n\"; the value from -var is not compatible with the"
                + " variable's type number: a number is required", error(text, with(base, "n=eighty")));
        assertEquals(f + ":4: Invalid value for variable \"on\"; the value from -var is not compatible with the"
                + " variable's type bool: a bool is required", error(text, with(base, "on=\"maybe\"")));
        assertEquals(f + ":7: Invalid value for variable \"names\"; the value from -var is not compatible with the"
                + " variable's type list(string): list of string required", error(text, with(base, "names={a = 1}")));
        assertEquals(f + ":13: Invalid value for variable \"svc\"; the value from -var is not compatible with the"
                + " variable's type object({name=string, port=number}): attribute \"port\" is required",
                error(text, with(base, "svc={ name = \"web\" }")));
    }

    @Test
    void aComplexValueNotInHclSyntaxAndABrokenVarFileAreNamed() throws Exception {
        Path f = tmp.resolve("job.nomad");
        assertEquals(f + ":7: Invalid value for variable \"names\" from -var; [a, is not a list(string) in HCL syntax:"
                + " Invalid expression; expected a value, found the end of the file",
                error(job(TYPED, "v = 1"), vars("names=[a,")));
        Path vf = file("broken.hcl", "a = \"x\"\nb = [1,\n");
        assertEquals(vf + ":3:1: syntax error: Invalid expression; expected a value, found the end of the file",
                error(job(FOUR, "v = 1"), new VariableInputs(Map.of(), List.of(vf), List.of())));
    }

    private static VariableInputs with(VariableInputs base, String var) {
        List<String> vars = new java.util.ArrayList<>(base.vars());
        vars.add(var);
        return new VariableInputs(base.environment(), base.varFiles(), vars);
    }

    @Test
    void aDefaultOfTheWrongTypeIsRefusedAtItsLine() throws Exception {
        assertEquals(tmp.resolve("job.nomad") + ":3: Invalid default value for variable \"n\"; it is not compatible"
                + " with the variable's type number: a number is required",
                error(job("variable \"n\" {\n  type = number\n  default = \"many\"\n}\n", "v = 1"),
                        VariableInputs.none()));
    }

    @Test
    void aVariableWithoutAValueIsUnset() throws Exception {
        assertEquals(tmp.resolve("job.nomad") + ":2: Unset variable \"image\"; a used variable must be set or have a"
                + " default value (-var, -var-file or NOMAD_VAR_image)",
                error(job("\nvariable \"image\" {\n  type = string\n}\n", "image = var.image"), VariableInputs.none()));
    }

    static final String VALIDATED = "variable \"port\" {\n  type = number\n  default = 8080\n  validation {\n"
            + "    condition = var.port > 1024\n    error_message = \"The port must be above 1024.\"\n  }\n"
            + "  validation {\n    condition = var.port < 65536\n    error_message = \"The port must fit 16 bits.\"\n"
            + "  }\n}\n";

    @Test
    void validationRulesCheckEveryValue() throws Exception {
        same(("{\"port\": 8080}"), config(VALIDATED, "port = var.port"));
        same(("{\"port\": 2000}"), config(VALIDATED, "port = var.port", vars("port=2000")));
        assertEquals(tmp.resolve("job.nomad") + ":1: Invalid value for variable \"port\" (from -var): The port must be"
                + " above 1024. (checked by the validation rule at line 4)", error(job(VALIDATED, "port = var.port"),
                        vars("port=80")));
        assertEquals(tmp.resolve("job.nomad") + ":1: Invalid value for variable \"port\" (from NOMAD_VAR_port): The"
                + " port must fit 16 bits. (checked by the validation rule at line 8)",
                error(job(VALIDATED, "port = var.port"), env(Map.of("NOMAD_VAR_port", "70000"))));
    }

    @Test
    void anUndeclaredVariableIsAnErrorAtItsLine() throws Exception {
        assertEquals(tmp.resolve("job.nomad") + ":8: Unsupported attribute; there is no variable named \"nope\":"
                + " declare it with variable \"nope\" { … }", error(job("", "v = var.nope"), VariableInputs.none()));
    }

    // --- locals and expressions -----------------------------------------------------------

    @Test
    void localsReferToVariablesAndToEachOtherInAnyOrder() throws Exception {
        String top = "variable \"env\" {\n  default = \"prod\"\n}\nlocals {\n  name = \"${local.prefix}-api\"\n}\n"
                + "locals {\n  prefix = \"${var.env}-eu\"\n  replicas = var.env == \"prod\" ? 3 : 1\n}\n";
        same(("{\"name\": \"prod-eu-api\", \"replicas\": 3}"),
                config(top, "name = local.name\nreplicas = local.replicas"));
        same(("{\"name\": \"dev-eu-api\", \"replicas\": 1}"),
                config(top, "name = local.name\nreplicas = local.replicas", vars("env=dev")));
    }

    @Test
    void aLocalThatRefersToItselfIsACycle() throws Exception {
        assertEquals(tmp.resolve("job.nomad") + ":2: Cycle in local values; local.a refers to itself",
                error(job("locals {\n  a = local.b\n  b = local.a\n}\n", "v = 1"), VariableInputs.none()));
    }

    @Test
    void templatesAndForExpressions() throws Exception {
        String top = "variable \"ports\" {\n  default = [\"http\", \"admin\"]\n}\nvariable \"n\" {\n  default = 2\n}\n";
        JsonNode c = config(top, String.join("\n",
                "greeting = \"hello ${upper(var.ports[0])} x${var.n * 2 + 1}\"",
                "same = \"${var.n}\"",
                "list = \"%{ for i, p in var.ports }${i}:${p}%{ if i < length(var.ports) - 1 },%{ endif }%{ endfor }\"",
                "strip = \"a   %{~ if true ~}   b   %{~ endif ~}   c\"",
                "cond = \"%{ if var.n > 5 }many%{ else }few%{ endif }\"",
                "flags = [for p in var.ports : \"--${p}\" if p != \"admin\"]",
                "index = { for i, p in var.ports : p => i }",
                "grouped = { for p in [\"a1\", \"a2\", \"b1\"] : substr(p, 0, 1) => p... }",
                "splat = [{ id = 1 }, { id = 2 }][*].id",
                "math = [7 - 2 - 1, 2 + 3 * 4, (2 + 3) * 4, 10 / 4, 7 % 3, -var.n, !true || 1 < 2 && 2 >= 2]",
                "heredoc = <<-EOT",
                "    port ${var.ports[1]}",
                "      indented",
                "    EOT"));
        same(("{\"greeting\": \"hello HTTP x5\", \"same\": 2, \"list\": \"0:http,1:admin\","
                + " \"strip\": \"abc\", \"cond\": \"few\", \"flags\": [\"--http\"], \"index\": {\"admin\": 1, \"http\": 0},"
                + " \"grouped\": {\"a\": [\"a1\", \"a2\"], \"b\": [\"b1\"]}, \"splat\": [1, 2],"
                + " \"math\": [4, 14, 20, 2.5, 1, -2, true], \"heredoc\": \"port admin\\n  indented\\n\"}"), c);
    }

    /** What is not a declared name stays for the client to fill in at run time, as Nomad leaves it. */
    @Test
    void runtimePlaceholdersAndEscapesSurvive() throws Exception {
        JsonNode c = config("variable \"x\" {\n  default = \"v\"\n}\n", String.join("\n",
                "a = \"${NOMAD_ALLOC_ID}/${attr.kernel.name}/${node.unique.name}/${meta.foo}/${NOMAD_META_x}\"",
                "b = \"${env.HOME} ${meta[\"rack\"]} ${var.x}\"",
                "c = \"$${var.x} %%{ if } ${var.x}\"",
                "d = <<EOT",
                "{{ env \"NOMAD_ADDR_http\" }} $${x} ${NOMAD_TASK_DIR}",
                "EOT",
                "e = attr.unique.hostname"));
        same(("{\"a\": \"${NOMAD_ALLOC_ID}/${attr.kernel.name}/${node.unique.name}/${meta.foo}"
                + "/${NOMAD_META_x}\", \"b\": \"${env.HOME} ${meta[\\\"rack\\\"]} v\", \"c\": \"${var.x} %{ if } v\","
                + " \"d\": \"{{ env \\\"NOMAD_ADDR_http\\\" }} ${x} ${NOMAD_TASK_DIR}\\n\","
                + " \"e\": \"${attr.unique.hostname}\"}"), c);
    }

    @Test
    void anUnknownFunctionIsNamedAtItsLine() throws Exception {
        assertEquals(tmp.resolve("job.nomad") + ":9: Call to unknown function; there is no function named"
                + " \"timestamp\"", error(job("", "a = 1\nb = timestamp()"), VariableInputs.none()));
    }

    // --- dynamic blocks -------------------------------------------------------------------

    private JsonNode groups(String text, VariableInputs in) throws Exception {
        return HclJobFile.read(file("job.nomad", text), false, in).json().at("/Job/TaskGroups");
    }

    @Test
    void dynamicBlocksExpandOverListsAndMapsWithLabelsAndIterators() throws Exception {
        String text = "variable \"tasks\" {\n  default = { web = 64, worker = 128 }\n}\njob \"j\" {\n  type = \"batch\"\n"
                + "  group \"g\" {\n    dynamic \"task\" {\n      for_each = var.tasks\n      iterator = t\n"
                + "      labels = [t.key]\n      content {\n        driver = \"raw_exec\"\n"
                + "        config {\n          command = \"/bin/${t.key}\"\n        }\n        resources {\n"
                + "          memory = t.value\n        }\n      }\n    }\n  }\n}\n";
        JsonNode tasks = groups(text, VariableInputs.none()).at("/0/Tasks");
        assertEquals(2, tasks.size());
        assertEquals("web", tasks.at("/0/Name").asText());
        assertEquals("/bin/web", tasks.at("/0/Config/command").asText());
        assertEquals(64, tasks.at("/0/Resources/MemoryMB").asInt());
        assertEquals("worker", tasks.at("/1/Name").asText());
        assertEquals(128, tasks.at("/1/Resources/MemoryMB").asInt());
    }

    @Test
    void nestedDynamicBlocksSeeTheirOuterIterator() throws Exception {
        String text = "job \"j\" {\n  type = \"batch\"\n  dynamic \"group\" {\n    for_each = [\"a\", \"b\"]\n"
                + "    labels = [\"g-${group.value}\"]\n    content {\n      count = group.key + 1\n"
                + "      dynamic \"task\" {\n        for_each = range(2)\n        labels = [\"${group.value}${task.value}\"]\n"
                + "        content {\n          driver = \"raw_exec\"\n          config {\n"
                + "            command = \"/bin/${group.value}\"\n            args = [task.key]\n          }\n"
                + "        }\n      }\n    }\n  }\n}\n";
        JsonNode groups = groups(text, VariableInputs.none());
        same("[\"g-a\", \"g-b\"]", JSON.valueToTree(List.of(groups.at("/0/Name").asText(),
                groups.at("/1/Name").asText())));
        assertEquals(2, groups.at("/1/Count").asInt());
        same("[\"b0\", \"b1\"]", JSON.valueToTree(List.of(groups.at("/1/Tasks/0/Name").asText(),
                groups.at("/1/Tasks/1/Name").asText())));
        same(("{\"command\": \"/bin/b\", \"args\": [1]}"), groups.at("/1/Tasks/1/Config"));
    }

    // --- the top level --------------------------------------------------------------------

    @Test
    void anotherTopLevelBlockIsRefusedAtItsLine() throws Exception {
        assertEquals(tmp.resolve("job.nomad") + ":4: vault: a job file holds exactly one job \"<name>\" { … } block",
                error("variable \"x\" {\n  default = 1\n}\nvault {\n}\n" + job("", "v = 1"), VariableInputs.none()));
    }
}

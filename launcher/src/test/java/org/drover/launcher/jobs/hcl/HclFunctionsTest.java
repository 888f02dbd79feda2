package org.drover.launcher.jobs.hcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.Cipher;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each function of Nomad's job-file library, with the result HCL (cty) gives, written as JSON. */
class HclFunctionsTest {

    @TempDir
    Path dir;

    private Evaluator evaluator;

    @BeforeEach
    void setUp() {
        evaluator = new Evaluator(Functions.forJobFile(dir), Map.of(), Map.of());
    }

    private Object eval(String expression) throws HclError {
        return evaluator.eval(Parser.expression(expression), Evaluator.Scope.ROOT);
    }

    private String json(String expression) throws HclError {
        return EncodingFunctions.json(eval(expression));
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                // numbers
                Arguments.of("abs(-3.5)", "3.5"),
                Arguments.of("ceil(4.1)", "5"),
                Arguments.of("floor(4.9)", "4"),
                Arguments.of("floor(-4.1)", "-5"),
                Arguments.of("log(16, 2)", "4"),
                Arguments.of("pow(3, 2)", "9"),
                Arguments.of("signum(-7)", "-1"),
                Arguments.of("max(3, 9, 2)", "9"),
                Arguments.of("min(3, 9, 2)", "2"),
                Arguments.of("max([3, 12]...)", "12"),
                Arguments.of("parseint(\"ff\", 16)", "255"),
                Arguments.of("parseint(\"-101\", 2)", "-5"),
                // strings
                Arguments.of("chomp(\"hello\\n\\n\")", "\"hello\""),
                Arguments.of("format(\"%s-%03d-%.2f-%t-%q-%%\", \"a\", 7, 3.14159, true, \"x\")",
                        "\"a-007-3.14-true-\\\"x\\\"-%\""),
                Arguments.of("format(\"%-4s|%5d|%v\", \"ab\", 42, [1])", "\"ab  |   42|[1]\""),
                Arguments.of("formatlist(\"%s=%s\", [\"a\", \"b\"], \"v\")", "[\"a=v\",\"b=v\"]"),
                Arguments.of("indent(2, \"a\\nb\")", "\"a\\n  b\""),
                Arguments.of("join(\"-\", [\"a\", \"b\"], [\"c\"])", "\"a-b-c\""),
                Arguments.of("lower(\"ABC\")", "\"abc\""),
                Arguments.of("upper(\"abc\")", "\"ABC\""),
                Arguments.of("replace(\"hello world\", \"o\", \"0\")", "\"hell0 w0rld\""),
                Arguments.of("replace(\"a1b22\", \"/[0-9]+/\", \"#\")", "\"a#b#\""),
                Arguments.of("regex_replace(\"abc-123\", \"([a-z]+)-(\\\\d+)\", \"$2-$1\")", "\"123-abc\""),
                Arguments.of("split(\",\", \"a,b,,c\")", "[\"a\",\"b\",\"\",\"c\"]"),
                Arguments.of("strlen(\"h\u00e9llo\")", "5"),
                Arguments.of("strrev(\"abc\")", "\"cba\""),
                Arguments.of("substr(\"hello world\", 1, 4)", "\"ello\""),
                Arguments.of("substr(\"hello\", -3, -1)", "\"llo\""),
                Arguments.of("title(\"hello world\")", "\"Hello World\""),
                Arguments.of("trim(\"?!hello?!\", \"!?\")", "\"hello\""),
                Arguments.of("trimprefix(\"helloworld\", \"hello\")", "\"world\""),
                Arguments.of("trimsuffix(\"helloworld\", \"world\")", "\"hello\""),
                Arguments.of("trimspace(\"  x \\n\")", "\"x\""),
                // collections
                Arguments.of("chunklist([\"a\", \"b\", \"c\"], 2)", "[[\"a\",\"b\"],[\"c\"]]"),
                Arguments.of("coalesce(\"\", \"b\")", "\"b\""),
                Arguments.of("coalescelist([], [\"x\"])", "[\"x\"]"),
                Arguments.of("compact([\"a\", \"\", null, \"b\"])", "[\"a\",\"b\"]"),
                Arguments.of("concat([\"a\"], [\"b\", \"c\"])", "[\"a\",\"b\",\"c\"]"),
                Arguments.of("contains([\"a\", \"b\"], \"b\")", "true"),
                Arguments.of("distinct([\"a\", \"b\", \"a\"])", "[\"a\",\"b\"]"),
                Arguments.of("element([\"a\", \"b\", \"c\"], 4)", "\"b\""),
                Arguments.of("flatten([[\"a\"], [[\"b\"]], \"c\"])", "[\"a\",\"b\",\"c\"]"),
                Arguments.of("index([\"a\", \"b\"], \"b\")", "1"),
                Arguments.of("keys({b = 1, a = 2})", "[\"a\",\"b\"]"),
                Arguments.of("values({b = 1, a = 2})", "[2,1]"),
                Arguments.of("length(\"abc\") + length([1, 2]) * 10 + length({a = 1}) * 100", "123"),
                Arguments.of("lookup({a = \"x\"}, \"b\", \"d\")", "\"d\""),
                Arguments.of("lookup({a = \"x\"}, \"a\")", "\"x\""),
                Arguments.of("merge({a = 1, b = 2}, {b = 3})", "{\"a\":1,\"b\":3}"),
                Arguments.of("range(3)", "[0,1,2]"),
                Arguments.of("range(1, 10, 3)", "[1,4,7]"),
                Arguments.of("range(3, 0)", "[3,2,1]"),
                Arguments.of("reverse([1, 2, 3])", "[3,2,1]"),
                Arguments.of("setintersection([\"a\", \"b\"], [\"b\", \"c\"])", "[\"b\"]"),
                Arguments.of("setproduct([\"a\", \"b\"], [\"1\", \"2\"])",
                        "[[\"a\",\"1\"],[\"a\",\"2\"],[\"b\",\"1\"],[\"b\",\"2\"]]"),
                Arguments.of("setunion([\"c\", \"b\"], [\"b\", \"a\"])", "[\"a\",\"b\",\"c\"]"),
                Arguments.of("slice([\"a\", \"b\", \"c\", \"d\"], 1, 3)", "[\"b\",\"c\"]"),
                Arguments.of("sort([\"c\", \"a\", \"b\"])", "[\"a\",\"b\",\"c\"]"),
                Arguments.of("zipmap([\"a\", \"b\"], [1, 2])", "{\"a\":1,\"b\":2}"),
                // encodings
                Arguments.of("base64encode(\"Hello\")", "\"SGVsbG8=\""),
                Arguments.of("base64decode(\"SGVsbG8=\")", "\"Hello\""),
                Arguments.of("csvdecode(\"a,b\\n1,\\\"x,y\\\"\\n\")", "[{\"a\":\"1\",\"b\":\"x,y\"}]"),
                Arguments.of("jsondecode(\"{\\\"a\\\": [1, null, true]}\")", "{\"a\":[1,null,true]}"),
                Arguments.of("urlencode(\"a b&c/d\")", "\"a+b%26c%2Fd\""),
                // hashes and UUIDs
                Arguments.of("md5(\"hello\")", "\"5d41402abc4b2a76b9719d911017c592\""),
                Arguments.of("sha1(\"hello\")", "\"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\""),
                Arguments.of("sha256(\"hello\")", "\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\""),
                Arguments.of("sha512(\"hello\")", "\"9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7"
                        + "2323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043\""),
                Arguments.of("uuidv5(\"dns\", \"www.example.com\")", "\"2ed6657d-e927-568b-95e1-2665a8aea6a2\""),
                Arguments.of("uuidv5(\"url\", \"https://drover.example/\")", "\"915ebdf1-96ed-5d5e-acc9-a1de31194214\""),
                // networks
                Arguments.of("cidrhost(\"10.12.112.0/20\", 16)", "\"10.12.112.16\""),
                Arguments.of("cidrhost(\"10.12.112.0/20\", 268)", "\"10.12.113.12\""),
                Arguments.of("cidrhost(\"10.12.112.0/20\", -1)", "\"10.12.127.255\""),
                Arguments.of("cidrhost(\"fd00:fd12:3456:7890:00a2::/72\", 34)", "\"fd00:fd12:3456:7890::22\""),
                Arguments.of("cidrnetmask(\"172.16.0.0/12\")", "\"255.240.0.0\""),
                Arguments.of("cidrsubnet(\"172.16.0.0/12\", 4, 2)", "\"172.18.0.0/16\""),
                Arguments.of("cidrsubnet(\"10.1.2.0/24\", 4, 15)", "\"10.1.2.240/28\""),
                Arguments.of("cidrsubnet(\"fd00:fd12:3456:7890::/56\", 16, 162)", "\"fd00:fd12:3456:7800:a200::/72\""),
                Arguments.of("cidrsubnets(\"10.1.0.0/16\", 4, 4, 8, 4)",
                        "[\"10.1.0.0/20\",\"10.1.16.0/20\",\"10.1.32.0/24\",\"10.1.48.0/20\"]"),
                // time
                Arguments.of("formatdate(\"DD MMM YYYY hh:mm ZZZ\", \"2018-01-02T23:12:01Z\")", "\"02 Jan 2018 23:12 UTC\""),
                Arguments.of("formatdate(\"EEEE, DD-MMM-YY hh:mm:ss ZZZ\", \"2018-01-02T23:12:01-08:00\")",
                        "\"Tuesday, 02-Jan-18 23:12:01 -0800\""),
                Arguments.of("formatdate(\"'Date:' YYYY-MM-DD, H:mmaa Z\", \"2018-01-02T23:12:01+05:30\")",
                        "\"Date: 2018-01-02, 11:12pm +05:30\""),
                Arguments.of("timeadd(\"2017-11-22T00:00:00Z\", \"10m\")", "\"2017-11-22T00:10:00Z\""),
                Arguments.of("timeadd(\"2017-11-22T00:00:00Z\", \"-1h30m\")", "\"2017-11-21T22:30:00Z\""),
                // the evaluator's own
                Arguments.of("convert(\"5\", number) + 1", "6"),
                Arguments.of("convert([\"b\", \"a\", \"b\"], set(string))", "[\"a\",\"b\"]"),
                Arguments.of("try(local.missing, \"fallback\")", "\"fallback\""),
                Arguments.of("[can(local.missing), can(1)]", "[false,true]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachFunctionGivesHclsResult(String expression, String expected) throws Exception {
        assertEquals(expected, json(expression));
    }

    @Test
    void jsonencodeWritesAsGoDoes() throws Exception {
        assertEquals("{\"a\":\"\\u003cx\\u003e \\u0026\",\"b\":[1,true,null,1.5]}",
                eval("jsonencode({b = [1, true, null, 1.50], a = \"<x> &\"})"));
    }

    /** cty-yaml's block style, every string double-quoted (the examples of Terraform's documentation). */
    @Test
    void yamlencodeWritesCtyYamlsStyle() throws Exception {
        assertEquals("\"a\": \"b\"\n\"c\": \"d\"\n", eval("yamlencode({a = \"b\", c = \"d\"})"));
        assertEquals("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n",
                eval("yamlencode({foo = [1, {a = \"b\", c = \"d\"}, 3], bar = \"baz\"})"));
        assertEquals("\"e\": []\n\"m\":\n  \"n\":\n  - true\n  - null\n",
                eval("yamlencode({m = {n = [true, null]}, e = []})"));
    }

    @Test
    void uuidv4IsRandomAndVersion4() throws Exception {
        String a = (String) eval("uuidv4()");
        assertTrue(a.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), a);
        assertTrue(!a.equals(eval("uuidv4()")));
    }

    @Test
    void rsadecryptReadsAPkcs8Key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair pair = g.generateKeyPair();
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, pair.getPublic());
        String cipher = Base64.getEncoder().encodeToString(c.doFinal("secret".getBytes(StandardCharsets.UTF_8)));
        String pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(pair.getPrivate()
                .getEncoded()) + "\\n-----END PRIVATE KEY-----\\n";
        assertEquals("secret", eval("rsadecrypt(\"" + cipher + "\", \"" + pem + "\")"));
    }

    /** Relative paths are the job file's directory's, as Nomad's BaseDir; abspath is the working directory's. */
    @Test
    void filesystemFunctions() throws Exception {
        Files.writeString(dir.resolve("data.txt"), "line\n");
        Files.createDirectories(dir.resolve("conf/sub"));
        Files.writeString(dir.resolve("conf/b.txt"), "b");
        Files.writeString(dir.resolve("conf/a.txt"), "a");
        Files.writeString(dir.resolve("conf/sub/c.txt"), "c");
        assertEquals("\"line\\n\"", json("file(\"data.txt\")"));
        assertEquals("\"bGluZQo=\"", json("filebase64(\"data.txt\")"));
        assertEquals("[true,false]", json("[fileexists(\"data.txt\"), fileexists(\"nope.txt\")]"));
        assertEquals("[\"a.txt\",\"b.txt\"]", json("fileset(\"conf\", \"*.txt\")"));
        assertEquals("[\"sub/c.txt\"]", json("fileset(\"conf\", \"*/*.txt\")"));
        assertEquals("[\"a.txt\",\"b.txt\",\"sub/c.txt\"]", json("fileset(\"conf\", \"**/*.txt\")"));
        assertEquals("\"" + Path.of("x").toAbsolutePath() + "\"", json("abspath(\"x\")"));
        assertEquals("[\"c.txt\",\"/a/b\",\".\"]", json("[basename(\"/a/b/c.txt\"), dirname(\"/a/b/c.txt\"),"
                + " dirname(\"c.txt\")]"));
        assertEquals("\"" + System.getProperty("user.home") + "/x\"", json("pathexpand(\"~/x\")"));
        HclError e = assertThrows(HclError.class, () -> eval("file(\"nope.txt\")"));
        assertEquals("Error in function call; call to function \"file\" failed: no file exists at nope.txt",
                e.getMessage());
    }

    @Test
    void yamldecodeReadsOneDocumentIntoValues() throws HclError {
        assertEquals("{\"a\":1,\"b\":[\"x\",true,null],\"c\":{\"d\":\"yes\"}}",
                json("yamldecode(\"a: 1\\nb: [x, true, ~]\\nc:\\n  d: \\\"yes\\\"\\n\")"));
        assertEquals("null", json("yamldecode(\"\")"));
        assertEquals("\"text\"", json("yamldecode(\"text\")"));
        HclError e = assertThrows(HclError.class, () -> eval("yamldecode(\"a: 1\\n---\\nb: 2\\n\")"));
        assertEquals("Error in function call; call to function \"yamldecode\" failed: on line 3, column 1:"
                + " unexpected extra content after value", e.getMessage());
    }

    @Test
    void bcryptHashesAsGoDoes() throws HclError {
        String hash = (String) eval("bcrypt(\"secret\")");
        assertEquals("$2a$10$", hash.substring(0, 7));
        assertEquals(60, hash.length());
        assertTrue(at.favre.lib.crypto.bcrypt.BCrypt.verifyer().verify("secret".toCharArray(), hash).verified);
        assertEquals("$2a$04$", ((String) eval("bcrypt(\"secret\", 4)")).substring(0, 7));
        HclError e = assertThrows(HclError.class, () -> eval("bcrypt(\"x\", 3)"));
        assertEquals("Error in function call; call to function \"bcrypt\" failed: error occured generating password"
                + " crypto/bcrypt: cost 3 is outside allowed range (4,31)", e.getMessage());
    }

    @Test
    void aBadArgumentNamesTheFunction() {
        HclError e = assertThrows(HclError.class, () -> eval("\n\nindex([\"a\"], \"z\")"));
        assertEquals(3, e.line());
        assertEquals("Error in function call; call to function \"index\" failed: item not found", e.getMessage());
    }
}

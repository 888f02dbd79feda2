package org.drover.runner.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin protocol for a list: order, environment, chained results, errors. */
class CniPluginsTest {

    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();
    private final List<Map<String, String>> envs = new ArrayList<>();
    private final List<String> stdins = new ArrayList<>();
    private String failing;

    @BeforeEach
    void makePlugins() throws IOException {
        for (String p : List.of("loopback", "bridge", "firewall", "portmap", "host-local")) {
            Files.createFile(dir.resolve(p), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwxr-xr-x")));
        }
    }

    private CniPlugins plugins() {
        return new CniPlugins(List.of(dir.resolve("none"), dir), (exe, env, stdin) -> {
            String type = exe.getFileName().toString();
            calls.add(env.get("CNI_COMMAND") + " " + type);
            envs.add(env);
            stdins.add(stdin);
            if (type.equals(failing)) {
                return new CniPlugins.Output(1, "{\"cniVersion\":\"0.4.0\",\"code\":11,\"msg\":\"failed to set"
                        + " bridge addr\",\"details\":\"could not add IP address\"}", "");
            }
            // Each answers with a result naming itself, so what the next one gets shows the chaining.
            return new CniPlugins.Output(0, "{\"cniVersion\":\"0.4.0\",\"interfaces\":[{\"name\":\"eth0\","
                    + "\"sandbox\":\"" + env.get("CNI_NETNS") + "\"}],\"ips\":[{\"interface\":0,\"address\":"
                    + "\"172.26.64.9/20\"}],\"by\":\"" + type + "\"}", "");
        });
    }

    private static CniPlugins.Invocation inv() {
        return new CniPlugins.Invocation("a1", "/var/run/netns/a1", "eth0",
                new java.util.LinkedHashMap<>(Map.of("IgnoreUnknown", "true")), List.of());
    }

    @Test
    void addRunsThePluginsInOrderEachGivenThePreviousResult() {
        CniResult r = plugins().add(BridgeConfig.DEFAULT.plugins(), inv());
        assertEquals(List.of("ADD loopback", "ADD bridge", "ADD firewall", "ADD portmap"), calls);
        assertEquals("eth0", r.interfaceName());
        assertEquals("172.26.64.9", r.address());
        assertEquals(false, stdins.get(0).contains("prevResult"));
        assertEquals(true, stdins.get(3).contains("\"prevResult\":{\"cniVersion\":\"0.4.0\""));
        assertEquals(true, stdins.get(3).contains("\"by\":\"firewall\"}"));
        Map<String, String> env = envs.get(1);
        assertEquals("ADD", env.get("CNI_COMMAND"));
        assertEquals("a1", env.get("CNI_CONTAINERID"));
        assertEquals("/var/run/netns/a1", env.get("CNI_NETNS"));
        assertEquals("eth0", env.get("CNI_IFNAME"));
        assertEquals("IgnoreUnknown=true", env.get("CNI_ARGS"));
        assertEquals(dir.resolve("none") + ":" + dir, env.get("CNI_PATH"));
    }

    @Test
    void delRunsThemInReverseEachGivenTheAddsResultAndGoesOnPastAFailure() {
        failing = "firewall";
        CniException e = assertThrows(CniException.class, () -> plugins().del(BridgeConfig.DEFAULT.plugins(), inv(),
                "{\"cniVersion\":\"0.4.0\",\"by\":\"add\"}"));
        assertEquals(List.of("DEL portmap", "DEL firewall", "DEL bridge", "DEL loopback"), calls);
        assertEquals("plugin type=\"firewall\" failed (del): failed to set bridge addr; could not add IP address",
                e.getMessage());
        assertEquals(true, stdins.get(3).contains("\"prevResult\":{\"cniVersion\":\"0.4.0\",\"by\":\"add\"}"));
    }

    @Test
    void aFailedAddSaysWhichPluginAndWhy() {
        failing = "bridge";
        CniException e = assertThrows(CniException.class, () -> plugins().add(BridgeConfig.DEFAULT.plugins(), inv()));
        assertEquals("plugin type=\"bridge\" failed (add): failed to set bridge addr; could not add IP address",
                e.getMessage());
        assertEquals(List.of("ADD loopback", "ADD bridge"), calls);
    }

    @Test
    void aPluginNotInThePathIsLibcnisError() throws IOException {
        Files.delete(dir.resolve("portmap"));
        CniException e = assertThrows(CniException.class, () -> plugins().add(BridgeConfig.DEFAULT.plugins(), inv()));
        assertEquals("failed to find plugin \"portmap\" in path [" + dir.resolve("none") + ", " + dir + "]",
                e.getMessage());
        assertEquals(List.of("portmap"), plugins().missing(BridgeConfig.REQUIRED));
    }

    @Test
    void anErrorThatIsNotTheProtocolsIsWhatThePluginPrinted() {
        assertEquals("boom oops", CniPlugins.errorMessage(new CniPlugins.Output(2, "boom\n", "oops")));
        assertEquals("exit status 2", CniPlugins.errorMessage(new CniPlugins.Output(2, "", "")));
    }
}

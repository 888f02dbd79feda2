package org.drover.runner.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The host's attributes read from copies of a host's files, and from this machine's own. */
class HostFingerprintTest {

    static HostFiles fixture(String name) throws URISyntaxException {
        return new HostFiles(Path.of(HostFingerprintTest.class.getResource("/host/" + name).toURI()));
    }

    @Test
    void anUbuntuXeonHostWithCgroupsV2AndACpuset() throws Exception {
        Map<String, String> expected = new TreeMap<>();
        expected.put("kernel.name", "linux");
        expected.put("kernel.version", "5.15.0-1051-aws");
        expected.put("kernel.arch", "x86_64");
        expected.put("cpu.arch", "amd64");
        expected.put("os.name", "ubuntu");
        expected.put("os.version", "22.04");
        expected.put("unique.hostname", "ip-10-0-1-17");
        expected.put("unique.host_id", "6f1c2b9e-8d7a-4c3b-9e0f-1a2b3c4d5e6f");
        expected.put("cpu.modelname", "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz");
        expected.put("cpu.numcores", "4");
        expected.put("cpu.frequency", "3500");
        expected.put("cpu.totalcompute", "14000");
        expected.put("cpu.usablecompute", "10500");
        expected.put("cpu.reservablecores", "3");
        expected.put("memory.totalbytes", "16470437888");
        expected.put("os.signals", HostFingerprint.LINUX_SIGNALS);
        expected.put("os.cgroups.version", "2");
        assertEquals(expected, HostFingerprint.read(fixture("xeon"),
                Map.of("os.name", "Linux", "os.version", "unused", "os.arch", "amd64")::get));
    }

    /** No model name, no speed (ARM says neither), no arch file, no machine ID, cgroups v1. */
    @Test
    void anAmazonLinuxGravitonHost() throws Exception {
        Map<String, String> expected = new TreeMap<>();
        expected.put("kernel.name", "linux");
        expected.put("kernel.version", "6.1.79-99.164.amzn2023.aarch64");
        expected.put("kernel.arch", "aarch64");
        expected.put("cpu.arch", "arm64");
        expected.put("os.name", "amazon");
        expected.put("os.version", "2023");
        expected.put("unique.hostname", "graviton-1");
        expected.put("cpu.numcores", "2");
        expected.put("cpu.totalcompute", "0");
        expected.put("cpu.usablecompute", "0");
        expected.put("cpu.reservablecores", "2");
        expected.put("memory.totalbytes", "4051070976");
        expected.put("os.signals", HostFingerprint.LINUX_SIGNALS);
        expected.put("os.cgroups.version", "1");
        assertEquals(expected, HostFingerprint.read(fixture("graviton"),
                Map.of("os.name", "Linux", "os.version", "unused", "os.arch", "aarch64")::get));
    }

    @Test
    void signalsAreLinuxsThirtyFiveNamesSorted() {
        String[] names = HostFingerprint.LINUX_SIGNALS.split(",");
        assertEquals(35, names.length);
        assertEquals("SIGABRT", names[0]);
        assertEquals("SIGXFSZ", names[34]);
    }

    @Test
    void theDefaultRouteNamesTheInterface() throws Exception {
        assertEquals(Optional.of("ens5"), NetworkAddress.defaultRouteInterface(fixture("xeon")));
        assertEquals(Optional.empty(), NetworkAddress.defaultRouteInterface(fixture("graviton")));
    }

    @Test
    void cpuListsAreCounted() {
        assertEquals(1, CpuInfo.count("0"));
        assertEquals(7, CpuInfo.count("0-3,8,10-11\n"));
    }

    @Test
    void goSpellsTheArchitectures() {
        assertEquals("amd64", HostFingerprint.goArch("amd64"));
        assertEquals("arm64", HostFingerprint.goArch("aarch64"));
        assertEquals("386", HostFingerprint.goArch("x86"));
        assertEquals("linux", HostFingerprint.kernelName("Linux"));
        assertEquals("darwin", HostFingerprint.kernelName("Mac OS X"));
        assertEquals("windows", HostFingerprint.kernelName("Windows 11"));
    }

    /** This machine, read as the agent reads it: every attribute there, and each one plausible. */
    @Test
    void thisHost() {
        Map<String, String> a = HostFingerprint.read(HostFiles.HOST, System::getProperty);
        assertEquals("linux", a.get("kernel.name"));
        assertEquals(System.getProperty("os.version"), a.get("kernel.version"));
        assertTrue(a.get("kernel.arch").matches("x86_64|aarch64|[a-z0-9_]+"), a.get("kernel.arch"));
        assertEquals(HostFingerprint.goArch(System.getProperty("os.arch")), a.get("cpu.arch"));
        assertTrue(!a.get("os.name").isEmpty() && !a.get("os.version").isEmpty(), a.toString());
        assertTrue(!a.get("unique.hostname").isEmpty());
        int cores = Integer.parseInt(a.get("cpu.numcores"));
        assertTrue(cores >= Runtime.getRuntime().availableProcessors(), a.toString());
        int reservable = Integer.parseInt(a.get("cpu.reservablecores"));
        assertTrue(reservable >= 1 && reservable <= cores, a.toString());
        long mhz = Long.parseLong(a.getOrDefault("cpu.frequency", "0"));
        assertEquals(cores * mhz, Long.parseLong(a.get("cpu.totalcompute")));
        assertEquals(reservable * mhz, Long.parseLong(a.get("cpu.usablecompute")));
        long memory = Long.parseLong(a.get("memory.totalbytes"));
        assertTrue(memory > Runtime.getRuntime().maxMemory() / 4 && memory > 64L << 20, a.toString());
        assertEquals(HostFingerprint.LINUX_SIGNALS, a.get("os.signals"));
        String ip = NetworkAddress.of(HostFiles.HOST);
        assertTrue(ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), ip);
        Map<String, String> disk = NodeFingerprint.storage(Path.of(System.getProperty("java.io.tmpdir"), "x", "y"));
        assertTrue(Long.parseLong(disk.get("unique.storage.bytestotal")) > 0, disk.toString());
        assertTrue(!disk.get("unique.storage.volume").isEmpty(), disk.toString());
    }
}

package org.drover.runner.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Which interface and address an ADD gave the allocation, read as Nomad reads a CNI result. */
class CniResultTest {

    /** What Debian's bridge plugin 1.1.1 answered to an ADD (CNI 0.4.0). */
    static final String BRIDGE_RESULT = """
            {
                "cniVersion": "0.4.0",
                "interfaces": [
                    {"name": "nomad", "mac": "e2:e6:32:b1:de:8e"},
                    {"name": "veth52992869", "mac": "fa:e8:f5:6a:25:6d"},
                    {"name": "eth0", "mac": "06:6e:1c:de:30:48", "sandbox": "/var/run/netns/a1"}
                ],
                "ips": [
                    {"version": "4", "interface": 2, "address": "172.26.64.2/20", "gateway": "172.26.64.1"}
                ],
                "routes": [{"dst": "0.0.0.0/0"}],
                "dns": {}
            }
            """;

    @Test
    void theSandboxInterfaceAndItsAddressWithoutPrefix() {
        CniResult r = CniResult.parse(BRIDGE_RESULT);
        assertEquals("eth0", r.interfaceName());
        assertEquals("172.26.64.2", r.address());
        assertEquals(BRIDGE_RESULT, r.json());
    }

    @Test
    void anIpv4AddressIsPreferredToAnIpv6OneOfTheSameInterface() {
        CniResult r = CniResult.parse("""
                {"interfaces": [{"name": "eth0", "sandbox": "/n"}],
                 "ips": [{"interface": 0, "address": "fd00::2/64"}, {"interface": 0, "address": "10.1.0.2/24"}]}""");
        assertEquals("10.1.0.2", r.address());
    }

    @Test
    void withoutASandboxedAddressAnyInterfaceWithOneIsTaken() {
        CniResult r = CniResult.parse("""
                {"interfaces": [{"name": "b"}, {"name": "a"}],
                 "ips": [{"interface": 0, "address": "10.1.0.2/24"}, {"interface": 1, "address": "fd00::3/64"}]}""");
        assertEquals("a", r.interfaceName());
        assertEquals("fd00::3", r.address());
    }

    @Test
    void noInterfacesOrNoAddressIsNomadsError() {
        assertEquals("failed to configure network: no interfaces found",
                assertThrows(CniException.class, () -> CniResult.parse("{\"interfaces\": []}")).getMessage());
        assertEquals("failed to configure network: no interface with an address", assertThrows(CniException.class,
                () -> CniResult.parse("{\"interfaces\": [{\"name\": \"eth0\", \"sandbox\": \"/n\"}]}")).getMessage());
    }
}

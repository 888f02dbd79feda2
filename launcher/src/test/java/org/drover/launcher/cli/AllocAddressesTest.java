package org.drover.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code drover alloc status}'s addresses, from the allocation's JSON as the agent serves it. */
class AllocAddressesTest {

    private static String print(String shared) throws Exception {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            AllocCommand.addresses(out, new ObjectMapper().readTree(shared));
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void eachPlacedPortWithItsHostAddressAndWhereItMapsTo() throws Exception {
        assertEquals("""

                Allocation Addresses (mode = "bridge"):
                Label  Dynamic  Address
                *http  yes      10.1.2.3:23456 -> 8080
                *db    yes      10.1.2.3:5432
                """, print("""
                {"Networks": [{"Mode": "bridge", "IP": "10.1.2.3",
                               "ReservedPorts": [{"Label": "db", "Value": 5432}],
                               "DynamicPorts": [{"Label": "http", "Value": 23456, "To": 8080}]}],
                 "Ports": [{"Label": "http", "Value": 23456, "To": 8080, "HostIP": "10.1.2.3"},
                           {"Label": "db", "Value": 5432, "To": 0, "HostIP": "10.1.2.3"}]}
                """));
    }

    @Test
    void nothingWithoutAGroupNetworkOrPorts() throws Exception {
        assertEquals("", print("{\"Networks\": [], \"Ports\": []}"));
        assertEquals("", print("{\"Networks\": [{\"Mode\": \"host\", \"ReservedPorts\": [], \"DynamicPorts\": []}],"
                + " \"Ports\": []}"));
    }
}

package org.drover.runner.api.model;

import java.util.List;

/**
 * A {@code network}'s {@code dns} stanza: what the tasks' {@code resolv.conf} holds where the network
 * mode and the driver let Drover write it.
 */
public record Dns(List<String> servers, List<String> searches, List<String> options) {
    public Dns {
        servers = List.copyOf(servers);
        searches = List.copyOf(searches);
        options = List.copyOf(options);
    }
}

package org.drover.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drover.launcher.Drover;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code drover node status}'s flags in Nomad's single-dash spelling, beside every command's {@code -v}. */
class NodeCommandTest {

    static NodeCommand.Status parse(String... args) {
        CommandLine.ParseResult r = new CommandLine(new Drover()).parseArgs(args);
        return (NodeCommand.Status) r.subcommand().subcommand().commandSpec().userObject();
    }

    @Test
    void selfVerboseAndAnId() {
        NodeCommand.Status s = parse("node", "status", "-self", "-verbose", "-short", "-json");
        assertTrue(s.self && s.verbose && s.shortForm && s.client.json);
        assertEquals("3f2b", parse("node", "status", "--os", "-quiet", "3f2b").id);
    }
}

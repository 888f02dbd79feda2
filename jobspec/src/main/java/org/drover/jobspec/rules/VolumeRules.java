package org.drover.jobspec.rules;

import java.util.Map;
import java.util.Set;

/** A group's volume requests ({@code VolumeRequest.Validate}) and a task's mounts of them. */
final class VolumeRules {

    private static final Set<String> HOST_MODES = Set.of("", "single-node-reader-only", "single-node-writer",
            "single-node-single-writer", "single-node-multi-writer");
    private static final Set<String> PROPAGATION = Set.of("", "private", "host-to-task", "bidirectional");
    private static final Set<String> SELINUX = Set.of("", "z", "Z");

    private VolumeRules() {
    }

    static void volumes(Obj g, JobContext ctx, long count, long canaries, Problems p) {
        for (Map.Entry<String, Obj> e : g.keyed("Volumes").entrySet()) {
            volume(e.getValue(), ctx, count, canaries, p);
        }
    }

    private static void volume(Obj v, JobContext ctx, long count, long canaries, Problems p) {
        String type = v.str("Type", "");
        if (!type.equals("host") && !type.equals("csi")) {
            p.add(v.at("Type"), "volume has unrecognized type " + type);
            return;
        }
        if (v.str("Source", "").isEmpty()) {
            p.add(v.at("Source"), "volume has an empty source");
        }
        if (v.isTrue("PerAlloc")) {
            if (ctx.systemLike()) {
                p.add(v.at("PerAlloc"), "volume cannot be per_alloc for system or sysbatch jobs");
            }
            if (canaries > 0) {
                p.add(v.at("PerAlloc"), "volume cannot be per_alloc when canaries are in use");
            }
            if (v.isTrue("Sticky")) {
                p.add(v.at("PerAlloc"), "volume cannot be per_alloc and sticky at the same time");
            }
        }
        String access = v.str("AccessMode", "");
        boolean readOnly = v.isTrue("ReadOnly");
        if (type.equals("host")) {
            if (v.has("MountOptions")) {
                p.add(v.at("MountOptions"), "host volumes cannot have mount options");
            }
            if (access.equals("single-node-reader-only") && !readOnly) {
                p.add(v.at("ReadOnly"), access + " volumes must be read-only");
            } else if (!HOST_MODES.contains(access)) {
                p.add(v.at("AccessMode"), "host volumes cannot be mounted with " + access + " access mode");
            }
        } else {
            csi(v, access, readOnly, count, p);
        }
    }

    private static void csi(Obj v, String access, boolean readOnly, long count, Problems p) {
        String attachment = v.str("AttachmentMode", "");
        if (attachment.isEmpty()) {
            p.add(v.at("AttachmentMode"), "CSI volumes must have an attachment mode");
        } else if (attachment.equals("block-device") && v.has("MountOptions")) {
            p.add(v.at("MountOptions"), "block devices cannot have mount options");
        }
        boolean shared = count > 1 && !v.isTrue("PerAlloc");
        switch (access) {
            case "" -> p.add(v.at("AccessMode"), "CSI volumes must have an access mode");
            case "single-node-reader-only" -> {
                if (!readOnly) {
                    p.add(v.at("ReadOnly"), access + " volumes must be read-only");
                }
                if (shared) {
                    p.add(v.at("AccessMode"), "volume with " + access + " access mode allows only one reader");
                }
            }
            case "single-node-writer" -> {
                if (shared) {
                    p.add(v.at("AccessMode"), "volume with " + access
                            + " access mode allows only one reader or writer");
                }
            }
            case "multi-node-reader-only" -> {
                if (!readOnly) {
                    p.add(v.at("ReadOnly"), access + " volumes must be read-only");
                }
            }
            case "multi-node-single-writer" -> {
                if (!readOnly && shared) {
                    p.add(v.at("AccessMode"), "volume with " + access + " access mode allows only one writer");
                }
            }
            default -> {
                // multi-node-multi-writer, and modes Nomad leaves to the CSI plugin to refuse
            }
        }
    }

    static void mounts(Obj t, Set<String> declared, Problems p) {
        var mounts = t.list("VolumeMounts");
        for (int i = 0; i < mounts.size(); i++) {
            Obj m = mounts.get(i);
            String volume = m.str("Volume", "");
            if (!declared.contains(volume)) {
                p.add(m.at("Volume"), "Volume Mount (" + i + ") references undefined volume " + volume);
            }
            if (volume.isEmpty()) {
                p.add(m.at("Volume"), "volume mount references an empty volume");
            }
            String propagation = m.str("PropagationMode", "");
            if (!PROPAGATION.contains(propagation)) {
                p.add(m.at("PropagationMode"), "volume mount has an invalid propagation mode: " + Problems.q(propagation));
            }
            String label = m.str("SELinuxLabel", "");
            if (!SELINUX.contains(label)) {
                p.add(m.at("SELinuxLabel"), "volume mount has an invalid SELinux label: \"" + label + "\"");
            }
        }
    }
}

package org.drover.conformance;

/** exec (a cgroup per task, run as nobody) keeps the driver contract. */
public class ExecConformanceIT extends RawExecConformanceIT {

    @Override
    protected String driverName() {
        return "exec";
    }
}

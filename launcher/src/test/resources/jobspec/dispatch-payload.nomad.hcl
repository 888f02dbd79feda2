# Where a dispatched job's payload is written for the task (the job's
# parameterized block is written with the job's stanzas).
job "dispatch-payload" {
  datacenters = ["dc1"]
  type        = "batch"

  group "work" {
    task "process" {
      driver = "raw_exec"

      config {
        command = "/usr/local/bin/process"
        args    = ["local/input.json"]
      }

      dispatch_payload {
        file = "input.json"
      }
    }
  }
}

# How a task's standard output and error are kept: rotated files, or none.
job "logs" {
  datacenters = ["dc1"]
  type        = "batch"

  group "jobs" {
    # Only batch and sysbatch groups may set it.
    max_run_duration = "24h"

    task "rotated" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }

      logs {
        max_files     = 3
        max_file_size = 20
        disabled      = false
      }
    }

    # Nomad still reads "enabled", which "disabled" replaced in 1.5.4.
    task "quiet" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }

      logs {
        enabled = false
      }
    }
  }
}

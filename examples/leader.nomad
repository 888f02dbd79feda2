# Two tasks in one group: when the leader finishes, Drover stops its sidecar
# ("Leader Task Dead"), and the allocation completes.
#   drover run examples/leader.nomad
job "leader" {
  type = "batch"

  group "pair" {
    task "main" {
      driver = "raw_exec"
      leader = true

      config {
        command = "/bin/sh"
        args    = ["-c", "echo main working; sleep 2; echo main done"]
      }
    }

    task "sidecar" {
      driver = "raw_exec"

      config {
        command = "/bin/sh"
        args    = ["-c", "trap 'echo sidecar stopping; exit 0' INT TERM; echo sidecar up; while :; do sleep 0.2; done"]
      }

      kill_timeout = "5s"
    }
  }
}

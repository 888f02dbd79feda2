# A service job with a restart policy: a worker that beats once a second and,
# now and then, crashes; Drover restarts it within the policy.
#   drover run -detach examples/service.nomad && drover status heartbeat
job "heartbeat" {
  type = "service"

  group "workers" {
    count = 2

    restart {
      attempts = 3
      interval = "5m"
      delay    = "5s"
      mode     = "delay"
    }

    task "beat" {
      driver = "raw_exec"

      config {
        command = "/bin/sh"
        args    = ["-c", "i=0; while [ $i -lt 30 ]; do i=$((i+1)); echo \"beat $i from ${NOMAD_ALLOC_NAME}\"; sleep 1; done; echo 'tired' >&2; exit 1"]
      }

      kill_timeout = "10s"
      kill_signal  = "SIGTERM"

      logs {
        max_files     = 3
        max_file_size = 5
      }

      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}

# Commands an operator may run in a task, and the hours the task may run in.
job "action-schedule" {
  datacenters = ["dc1"]
  type        = "service"

  group "app" {
    task "server" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      action "flush-cache" {
        command = "/bin/sh"
        args    = ["-c", "rm -rf local/cache/*"]
      }

      action "version" {
        command = "/bin/cat"
      }

      schedule {
        cron {
          start    = "0 9 * * 1-5"
          end      = "0 17"
          timezone = "Europe/Paris"
        }
      }
    }
  }
}

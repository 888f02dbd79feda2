# The fields every task has: its driver and how it is run, stopped and placed.
job "task-basics" {
  datacenters = ["dc1"]
  type        = "service"

  group "web" {
    task "server" {
      driver = "raw_exec"
      user   = "nobody"
      kind   = "worker"
      leader = true

      config {
        command = "/bin/sh"
        args    = ["-c", "exec sleep 3600"]
      }

      env {
        GREETING = "hello"
        PORT     = "8080"
      }

      meta = {
        owner = "platform"
        "team.name" = "edge"
      }

      kill_timeout   = "20s"
      kill_signal    = "SIGINT"
      shutdown_delay = "5s"

      constraint {
        attribute = "${attr.kernel.name}"
        operator  = "="
        value     = "linux"
      }

      affinity {
        attribute = "${node.datacenter}"
        operator  = "="
        value     = "dc1"
        weight    = 50
      }

      restart {
        attempts         = 3
        interval         = "10m"
        delay            = "30s"
        mode             = "delay"
        render_templates = true
      }
    }

    task "helper" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }

      env = {
        MODE = "helper"
      }

      meta {
        role = "helper"
      }
    }
  }
}

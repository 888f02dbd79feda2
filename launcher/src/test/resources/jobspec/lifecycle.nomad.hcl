# Tasks that run around the main one: before it, beside it, and after it.
job "lifecycle" {
  datacenters = ["dc1"]
  type        = "service"

  group "app" {
    task "init" {
      driver = "raw_exec"

      lifecycle {
        hook    = "prestart"
        sidecar = false
      }

      config {
        command = "/bin/true"
      }
    }

    task "log-shipper" {
      driver = "raw_exec"

      lifecycle {
        hook    = "poststart"
        sidecar = true
      }

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }
    }

    task "main" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }
    }

    task "cleanup" {
      driver = "raw_exec"

      lifecycle {
        hook = "poststop"
      }

      config {
        command = "/bin/true"
      }
    }
  }
}

# Files a task gets rendered before it starts, and what happens when they change.
job "template" {
  datacenters = ["dc1"]
  type        = "service"

  group "app" {
    task "server" {
      driver = "raw_exec"

      config {
        command = "/bin/sh"
        args    = ["-c", "exec sleep 3600"]
      }

      template {
        data                 = <<EOT
listen = {{ env "NOMAD_PORT_http" }}
EOT
        destination          = "local/app.conf"
        change_mode          = "signal"
        change_signal        = "SIGHUP"
        perms                = "0640"
        uid                  = 1000
        gid                  = 1000
        splay                = "10s"
        error_on_missing_key = true
        left_delimiter       = "{{"
        right_delimiter      = "}}"

        wait {
          min = "2s"
          max = "1m"
        }
      }

      template {
        source          = "local/reload.tpl"
        destination     = "local/reload.conf"
        change_mode     = "script"
        perms           = "0644"
        splay           = "5s"
        vault_grace     = "15s"
        error_on_missing_key = false

        change_script {
          command             = "/local/reload.sh"
          args                = ["--graceful"]
          timeout             = "20s"
          fail_on_error       = true
          run_on_first_render = false
        }
      }

      template {
        data                 = "LEVEL=debug\n"
        destination          = "secrets/app.env"
        env                  = true
        once                 = true
        change_mode          = "noop"
        perms                = "0600"
        splay                = "0s"
        error_on_missing_key = false
      }
    }
  }
}

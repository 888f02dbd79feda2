# A service as Nomad's job specification writes one: a group with a port and a
# service check, a task with its config, env, a template and resources.
job "web" {
  datacenters = ["dc1", "dc2"]
  type        = "service"

  meta = {
    owner = "frontend"
    tier  = "edge"
  }

  group "frontend" {
    count = 2

    network {
      port "http" {
        to = 8080
      }
    }

    service {
      name = "web"
      port = "http"
      tags = ["urlprefix-/", "v${NOMAD_ALLOC_INDEX}"]

      check {
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
      }
    }

    restart {
      attempts = 2
      interval = "30m"
      delay    = "15s"
      mode     = "fail"
    }

    task "server" {
      driver = "raw_exec"

      config {
        command = "/bin/sh"
        args = [
          "-c",
          "echo serving on ${NOMAD_PORT_http}; exec sleep 3600",
        ]
      }

      env {
        LISTEN = "0.0.0.0:${NOMAD_PORT_http}"
        LABELS = "{\"a\": \"${NOMAD_JOB_NAME}\"}"
      }

      template {
        data        = <<EOH
server {
  listen {{ env "NOMAD_PORT_http" }};
}
EOH
        destination = "local/site.conf"
      }

      /* The kill timeout leaves the server time to drain. */
      kill_timeout = "20s"
      logs { max_files = 3 }

      resources {
        cpu    = 200 // MHz
        memory = 128
      }
    }
  }
}

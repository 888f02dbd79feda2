# Services a group and a task register, with every kind of health check.
job "service-checks" {
  datacenters = ["dc1"]
  type        = "service"

  group "api" {
    network {
      port "http" {}
      port "grpc" {}
      port "admin" {}
    }

    service {
      provider            = "consul"
      cluster             = "default"
      name                = "api"
      port                = "http"
      tags                = ["v1", "public"]
      canary_tags         = ["canary"]
      enable_tag_override = true
      address_mode        = "auto"
      task                = "server"
      on_update           = "require_healthy"

      meta {
        version = "1"
      }

      canary_meta {
        version = "2"
      }

      tagged_addresses {
        wan = "203.0.113.10"
      }

      weights {
        passing = 10
        warning = 1
      }

      identity {
        aud = ["consul.io"]
        ttl = "1h"
      }

      check_restart {
        limit           = 3
        grace           = "90s"
        ignore_warnings = true
      }

      check {
        name                     = "api health"
        type                     = "http"
        protocol                 = "https"
        port                     = "http"
        path                     = "/health"
        method                   = "POST"
        body                     = "{\"deep\": true}"
        address_mode             = "host"
        interval                 = "10s"
        timeout                  = "2s"
        initial_status           = "passing"
        success_before_passing   = 2
        failures_before_critical = 3
        failures_before_warning  = 1
        tls_server_name          = "api.internal"
        tls_skip_verify          = true
        notes                    = "answers 200 when the database is reachable"
        on_update                = "ignore_warnings"
        expose                   = false

        header {
          Authorization = ["Basic ZHJvdmVyOmRyb3Zlcg=="]
          X-Trace       = ["on", "verbose"]
        }

        check_restart {
          limit           = 2
          grace           = "30s"
          ignore_warnings = true
        }
      }

      check {
        type         = "grpc"
        port         = "grpc"
        grpc_service = "api.v1.Health"
        grpc_use_tls = true
        interval     = "15s"
        timeout      = "3s"
      }
    }

    task "server" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      service {
        provider  = "consul"
        name      = "server-admin"
        port      = "admin"
        address   = "127.0.0.1"
        kind      = "api-gateway"

        check {
          type      = "tcp"
          port      = "admin"
          advertise = "127.0.0.1"
          interval  = "30s"
          timeout   = "1s"
        }

        check {
          type     = "script"
          name     = "disk"
          command  = "/usr/local/bin/check-disk"
          args     = ["--min-free", "10%"]
          task     = "server"
          interval = "1m"
          timeout  = "5s"
        }
      }
    }
  }
}

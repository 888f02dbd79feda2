# A job in the shape `nomad job init` writes: one redis task in docker behind
# a group port, registered as a service, with its update, migrate, restart and
# disk settings spelled out.
job "kv" {
  datacenters = ["*"]
  type        = "service"

  update {
    max_parallel      = 1
    min_healthy_time  = "10s"
    healthy_deadline  = "3m"
    progress_deadline = "10m"
    auto_revert       = false
    canary            = 0
  }

  migrate {
    max_parallel     = 1
    health_check     = "checks"
    min_healthy_time = "10s"
    healthy_deadline = "5m"
  }

  ui {
    description = "A key-value store"

    link {
      label = "About"
      url   = "https://example.com/kv"
    }
  }

  group "store" {
    count = 1

    network {
      port "db" {
        to = 6379
      }
    }

    service {
      name = "kv-store"
      port = "db"
    }

    restart {
      attempts = 2
      interval = "30m"
      delay    = "15s"
      mode     = "fail"
    }

    ephemeral_disk {
      size = 300
    }

    task "redis" {
      driver = "docker"

      config {
        image          = "redis:7"
        ports          = ["db"]
        auth_soft_fail = true
      }

      shutdown_delay = "10s"

      resources {
        cpu    = 500
        memory = 256
      }
    }
  }
}

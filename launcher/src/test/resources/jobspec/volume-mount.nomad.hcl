# Where a task sees the volumes its group asks for (the group's volume blocks
# are declared beside them).
job "volume-mount" {
  datacenters = ["dc1"]
  type        = "service"

  group "db" {
    volume "data" {
      type            = "csi"
      source          = "pg-data"
      access_mode     = "single-node-writer"
      attachment_mode = "file-system"
      # One volume per allocation: allowed without canaries.
      per_alloc       = true
    }

    volume "certs" {
      type      = "host"
      source    = "db-certs"
      read_only = true
    }

    task "postgres" {
      driver = "raw_exec"

      config {
        command = "/usr/bin/postgres"
      }

      volume_mount {
        volume           = "data"
        destination      = "/var/lib/postgresql"
        read_only        = false
        propagation_mode = "private"
        selinux_label    = "Z"
      }

      volume_mount {
        volume      = "certs"
        destination = "/etc/ssl/db"
        read_only   = true
      }
    }
  }
}

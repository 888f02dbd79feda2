# Where a task sees the volumes its group asks for (the group's volume blocks
# are written with the group's stanzas).
job "volume-mount" {
  datacenters = ["dc1"]
  type        = "service"

  group "db" {
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

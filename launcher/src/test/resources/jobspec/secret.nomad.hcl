# Secrets a task gets from a provider, as environment variables.
job "secret" {
  datacenters = ["dc1"]
  type        = "service"

  group "app" {
    task "server" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      secret "db" {
        provider = "vault"
        path     = "kv/data/db"

        config {
          engine = "kv_v2"
        }

        env {
          DB_PASSWORD = "password"
        }
      }

      secret "settings" {
        provider = "nomad"
        path     = "nomad/jobs/secret/settings"
      }
    }
  }
}

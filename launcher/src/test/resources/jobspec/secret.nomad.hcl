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

      vault {
        role = "server"
      }

      secret "db" {
        provider = "vault"
        path     = "kv/data/db"

        config {
          engine = "kv_v2"
        }
      }

      # Only a custom provider plugin takes an env block.
      secret "token" {
        provider = "keyring"
        path     = "apps/server/token"

        env {
          TOKEN_SCOPE = "read"
        }
      }

      secret "settings" {
        provider = "nomad"
        path     = "nomad/jobs/secret/settings"
      }
    }
  }
}

# Workload identities: the task's default one (an identity block without a
# name, or named "default", which the API holds apart), and named ones for
# other audiences.
job "identity" {
  datacenters = ["dc1"]
  type        = "service"

  group "app" {
    task "server" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      identity {
        env  = true
        file = true
      }

      identity {
        name          = "vault_default"
        aud           = ["vault.io"]
        ttl           = "1h"
        change_mode   = "signal"
        change_signal = "SIGHUP"
        file          = true
        filepath      = "secrets/vault.jwt"
      }

      identity {
        name         = "consul_service"
        aud          = ["consul.io"]
        service_name = "api"
        env          = false
        extra_claims = ["unique_id"]
        change_mode  = "restart"
      }
    }

    task "worker" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      identity {
        name = "aws"
        aud  = ["sts.amazonaws.com"]
        file = true
      }

      identity {
        name = "default"
        aud  = ["nomad.io"]
        env  = true
      }
    }
  }
}

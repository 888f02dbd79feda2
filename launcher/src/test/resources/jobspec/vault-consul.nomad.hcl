# A task's Vault token and Consul settings.
job "vault-consul" {
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
        policies               = ["app-read", "app-write"]
        role                   = "app"
        namespace              = "engineering"
        cluster                = "default"
        env                    = true
        disable_file           = false
        change_mode            = "signal"
        change_signal          = "SIGUSR1"
        allow_token_expiration = false
      }

      consul {
        namespace = "apps"
        cluster   = "default"
        partition = "web"
      }
    }
  }
}

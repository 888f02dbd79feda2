# A task's vertical scaling policies: the label names the resource, and Nomad
# writes it into the policy's type, which may also be written if it agrees.
job "task-scaling" {
  datacenters = ["dc1"]
  type        = "service"

  group "app" {
    task "server" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      scaling "cpu" {
        enabled = true
        min     = 100
        max     = 2000

        policy {
          cooldown = "5m"
        }
      }

      scaling "mem" {
        type    = "vertical_mem"
        enabled = false
        min     = 64
        max     = 1024
      }
    }
  }
}

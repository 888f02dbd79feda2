# A driver's config as Nomad's job-file reader hands it on: an attribute keeps
# its value, and a block inside config becomes a list of objects, even when it
# is written once.
job "task-config" {
  datacenters = ["dc1"]
  type        = "service"

  group "web" {
    task "nginx" {
      driver = "docker"

      config {
        image = "nginx:1.25"
        ports = ["http"]

        labels = {
          tier = "edge"
        }

        mount {
          type     = "bind"
          source   = "local/site"
          target   = "/usr/share/nginx/html"
          readonly = true
        }

        mount {
          type   = "tmpfs"
          target = "/var/cache/nginx"
        }

        logging {
          type = "journald"

          config {
            tag = "nginx"
          }
        }
      }
    }
  }
}

# Files fetched into the task's directory before it starts.
job "artifact" {
  datacenters = ["dc1"]
  type        = "batch"

  group "fetch" {
    task "run" {
      driver = "raw_exec"

      config {
        command = "local/bin/tool"
      }

      artifact {
        source      = "https://example.com/tool.tar.gz"
        destination = "local/bin"
        mode        = "any"
        chown       = true
        insecure    = false

        options {
          checksum = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
          archive  = "tar.gz"
        }

        headers {
          User-Agent    = "drover"
          Authorization = "Bearer token"
        }
      }

      artifact {
        source      = "git::https://example.com/config.git"
        destination = "local/config"
        mode        = "dir"
      }
    }
  }
}

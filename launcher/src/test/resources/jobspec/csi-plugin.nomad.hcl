# A task that is a storage plugin for the node it runs on.
job "csi-plugin" {
  datacenters = ["dc1"]
  type        = "system"

  group "nodes" {
    task "plugin" {
      driver = "docker"

      config {
        image      = "example/csi-driver:1.0"
        privileged = true
      }

      csi_plugin {
        id                     = "ebs"
        type                   = "node"
        mount_dir              = "/csi"
        stage_publish_base_dir = "/local/csi"
        health_timeout         = "1m"
      }
    }
  }
}

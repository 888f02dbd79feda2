# What a task asks of its node: compute, memory, devices, NUMA, and the
# network Nomad reads inside resources for jobs written before group networks.
job "resources" {
  datacenters = ["dc1"]
  type        = "batch"

  group "compute" {
    task "shares" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }

      resources {
        cpu        = 500
        memory     = 256
        memory_max = 512
        iops       = 0
        secrets    = 16

        device "nvidia/gpu" {
          count = 2

          constraint {
            attribute = "${device.attr.memory}"
            operator  = ">="
            value     = "2 GiB"
          }

          affinity {
            attribute = "${device.attr.cuda_cores}"
            operator  = ">="
            value     = "4000"
            weight    = 75
          }
        }

        device "fpga" {}

        network {
          mbits    = 10
          mode     = "host"
          device   = "eth0"
          cidr     = "10.0.0.0/8"
          ip       = "10.1.2.3"
          hostname = "shares"

          port "http" {
            to               = 8080
            host_network     = "public"
            ignore_collision = false
          }

          port "admin" {
            static           = 9090
            ignore_collision = true
          }
        }
      }
    }

    task "pinned" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }

      resources {
        cores  = 2
        memory = 128

        numa {
          affinity = "require"
          devices  = ["nvidia/gpu"]
        }

        network {
          mode = "bridge"

          dns {
            servers  = ["10.0.0.53"]
            searches = ["internal"]
            options  = ["ndots:2"]
          }

          cni {
            args = {
              IgnoreUnknown = "true"
            }
          }

          reserved_ports "metrics" {
            static = 9100
          }
        }
      }
    }
  }
}

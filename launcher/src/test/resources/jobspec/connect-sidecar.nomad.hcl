# Consul service mesh: a service with its sidecar proxy, the task the proxy
# runs in, and a service that speaks the mesh natively.
job "connect-sidecar" {
  datacenters = ["dc1"]
  type        = "service"

  group "dashboard" {
    service {
      name = "count-dashboard"
      port = "9002"

      check {
        name     = "dashboard-alive"
        type     = "http"
        path     = "/health"
        expose   = true
        interval = "10s"
        timeout  = "2s"
      }

      connect {
        sidecar_service {
          tags                      = ["mesh"]
          port                      = "connect-proxy"
          disable_default_tcp_check = true

          meta {
            proxy = "envoy"
          }

          proxy {
            local_service_address = "127.0.0.1"
            local_service_port    = 9002

            config {
              protocol = "http"
            }

            upstreams {
              destination_name       = "count-api"
              destination_namespace  = "default"
              destination_peer       = "other-cluster"
              destination_partition  = "default"
              destination_type       = "service"
              local_bind_port        = 8080
              local_bind_address     = "127.0.0.1"
              datacenter             = "dc2"

              mesh_gateway {
                mode = "local"
              }

              config {
                connect_timeout_ms = 5000

                limits {
                  max_connections = 100
                }
              }
            }

            upstreams {
              destination_name       = "cache"
              local_bind_socket_path = "/alloc/tmp/cache.sock"
              local_bind_socket_mode = "0700"
            }

            expose {
              path {
                path            = "/health"
                protocol        = "http"
                local_path_port = 9002
                listener_port   = "expose"
              }

              path {
                path            = "/metrics"
                protocol        = "http2"
                local_path_port = 9003
                listener_port   = "metrics"
              }
            }

            transparent_proxy {
              uid                    = "101"
              outbound_port          = 15001
              exclude_inbound_ports  = ["9000", "admin"]
              exclude_outbound_ports = [5432, 6379]
              exclude_outbound_cidrs = ["10.0.0.0/8"]
              exclude_uids           = ["0"]
              no_dns                 = true
            }
          }
        }

        sidecar_task {
          name           = "proxy"
          driver         = "docker"
          user           = "envoy"
          kill_timeout   = "10s"
          kill_signal    = "SIGTERM"
          shutdown_delay = "2s"

          config {
            image = "envoyproxy/envoy:v1.29"
          }

          env {
            ENVOY_LOG_LEVEL = "info"
          }

          meta {
            role = "proxy"
          }

          resources {
            cpu    = 250
            memory = 128
          }

          logs {
            max_files     = 2
            max_file_size = 5
          }

          volume_mount {
            volume      = "envoy-config"
            destination = "/etc/envoy"
            read_only   = true
          }

          identity {
            name = "consul_default"
            aud  = ["consul.io"]
            ttl  = "1h"
          }
        }
      }
    }

    task "dashboard" {
      driver = "docker"

      config {
        image = "hashicorpdev/counter-dashboard:v3"
      }
    }
  }

  group "native" {
    service {
      name = "native-api"
      port = "9001"
      task = "api"

      connect {
        native = true
      }
    }

    task "api" {
      driver = "docker"

      config {
        image = "example/native-api:1.0"
      }
    }
  }
}

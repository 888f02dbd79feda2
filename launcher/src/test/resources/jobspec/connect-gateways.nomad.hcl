# Consul service mesh gateways: ingress, terminating and mesh, each with its
# Envoy proxy settings.
job "connect-gateways" {
  datacenters = ["dc1"]
  type        = "service"

  group "ingress" {
    service {
      name = "ingress-gateway"
      port = "8080"

      connect {
        gateway {
          proxy {
            connect_timeout                     = "5s"
            envoy_gateway_bind_tagged_addresses = false
            envoy_gateway_no_default_bind       = true
            envoy_dns_discovery_type            = "STRICT_DNS"

            envoy_gateway_bind_addresses "web" {
              address = "0.0.0.0"
              port    = 8080
            }

            envoy_gateway_bind_addresses "admin" {
              address = "127.0.0.1"
              port    = 19000
            }

            config {
              envoy_prometheus_bind_addr = "0.0.0.0:9102"
            }
          }

          ingress {
            tls {
              enabled         = true
              tls_min_version = "TLSv1_2"
              tls_max_version = "TLSv1_3"
              cipher_suites   = ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"]

              sds {
                cluster_name  = "sds-cluster"
                cert_resource = "ingress-cert"
              }
            }

            listener {
              port     = 8080
              protocol = "http"

              service {
                name                    = "web"
                hosts                   = ["web.example.com"]
                max_connections         = 100
                max_pending_requests    = 50
                max_concurrent_requests = 25

                tls {
                  enabled = true
                }

                request_headers {
                  add {
                    X-Gateway = "ingress"
                  }
                  set {
                    X-Forwarded-Proto = "https"
                  }
                  remove = ["X-Debug"]
                }

                response_headers {
                  remove = ["Server"]
                }
              }
            }

            listener {
              port     = 9090
              protocol = "tcp"

              service {
                name = "db"
              }
            }
          }
        }
      }
    }

    task "placeholder" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }
    }
  }

  group "terminating" {
    service {
      name = "terminating-gateway"

      connect {
        gateway {
          proxy {}

          terminating {
            service {
              name      = "billing"
              ca_file   = "/etc/certs/ca.pem"
              cert_file = "/etc/certs/billing.pem"
              key_file  = "/etc/certs/billing-key.pem"
              sni       = "billing.example.com"
            }

            service {
              name = "legacy"
            }
          }
        }
      }
    }

    task "placeholder" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }
    }
  }

  group "mesh" {
    service {
      name = "mesh-gateway"
      port = "mesh_wan"

      connect {
        gateway {
          mesh {}
        }
      }
    }

    task "placeholder" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }
    }
  }
}

# Every job- and group-level stanza of Nomad's job specification, each field
# set; stanzas.json is the same job in the API's form.
job "shop" {
  id           = "shop"
  name         = "Shop"
  type         = "service"
  region       = "europe"
  namespace    = "retail"
  datacenters  = ["eu-1", "eu-2"]
  node_pool    = "edge"
  priority     = 70
  all_at_once  = true
  consul_token = "c0ffee"
  vault_token  = "5ec7e7"

  meta {
    owner = "shop"
  }

  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }

  constraint {
    distinct_hosts = true
  }

  affinity {
    attribute = "${node.datacenter}"
    value     = "eu-1"
    weight    = 50
  }

  spread {
    attribute = "${node.datacenter}"
    weight    = 100

    target "eu-1" {
      percent = 60
    }
  }

  update {
    stagger           = "30s"
    max_parallel      = 2
    health_check      = "checks"
    min_healthy_time  = "10s"
    healthy_deadline  = "5m"
    progress_deadline = "10m"
    canary            = 1
    auto_revert       = true
    auto_promote      = true
  }

  migrate {
    max_parallel     = 1
    health_check     = "task_states"
    min_healthy_time = "15s"
    healthy_deadline = "4m"
  }

  reschedule {
    attempts       = 3
    interval       = "1h"
    delay          = "30s"
    delay_function = "exponential"
    max_delay      = "10m"
    unlimited      = false
  }

  multiregion {
    strategy {
      max_parallel = 1
      on_failure   = "fail_all"
    }

    region "europe" {
      count       = 1
      datacenters = ["eu-1"]
      node_pool   = "edge"

      meta {
        tier = "one"
      }
    }
  }

  ui {
    description = "The shop"

    link {
      label = "Runbook"
      url   = "https://example.com/runbook"
    }
  }

  vault {
    policies      = ["shop"]
    change_mode   = "signal"
    change_signal = "SIGHUP"
  }

  group "web" {
    count            = 2
    shutdown_delay   = "5s"

    meta = {
      tier = "front"
    }

    constraint {
      attribute = "${meta.rack}"
      operator  = "regexp"
      value     = "r[0-9]+"
    }

    constraint {
      attribute = "${attr.nomad.version}"
      version   = ">= 1.2"
    }

    constraint {
      distinct_property = "${meta.rack}"
      value             = "2"
    }

    affinity {
      attribute = "${meta.rack}"
      regexp    = "r1"
      weight    = -50
    }

    spread {
      attribute = "${meta.rack}"
    }

    volume "data" {
      type      = "host"
      source    = "shop-data"
      read_only = true
      sticky    = true
    }

    volume "orders" {
      type            = "csi"
      source          = "orders"
      access_mode     = "multi-node-multi-writer"
      attachment_mode = "file-system"

      mount_options {
        fs_type     = "ext4"
        mount_flags = ["noatime"]
      }
    }

    restart {
      attempts         = 1
      interval         = "10m"
      delay            = "20s"
      mode             = "delay"
      render_templates = true
    }

    disconnect {
      lost_after = "1h"
      replace    = true
      reconcile  = "keep_original"
    }

    reschedule {
      attempts  = 0
      unlimited = true
    }

    ephemeral_disk {
      sticky  = true
      migrate = true
      size    = 500
    }

    update {
      max_parallel = 1
    }

    migrate {
      max_parallel = 2
    }

    network {
      mode     = "bridge"
      hostname = "web"

      port "http" {
        to = 8080
      }

      port "admin" {
        static           = 9000
        host_network     = "private"
        ignore_collision = false
      }

      dns {
        servers  = ["1.1.1.1"]
        searches = ["shop.internal"]
        options  = ["ndots:2"]
      }
    }

    service {
      name = "web"
      port = "http"
    }

    scaling {
      min     = 1
      max     = 4
      enabled = true

      policy {
        cooldown = "1m"
      }
    }

    consul {
      namespace = "retail"
      cluster   = "default"
      partition = "shop"
    }

    vault {
      policies = ["web"]
    }

    task "server" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }

      resources {
        cpu    = 100
        memory = 64
      }
    }
  }

  group "worker" {
    stop_after_client_disconnect = "2m"
    prevent_reschedule_on_lost   = true

    network {
      mode = "cni/shop"

      cni {
        args = {
          tier = "back"
        }
      }
    }

    task "work" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }
    }
  }

  group "queue" {
    max_client_disconnect = "1h"

    task "drain" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }
    }
  }

  group "audit" {
    disconnect {
      stop_on_client_after = "3m"
    }

    task "log" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }
    }
  }
}

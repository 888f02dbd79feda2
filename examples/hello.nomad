# A batch job on raw_exec: it prints a greeting and who it is, then exits.
#   drover run examples/hello.nomad
job "hello" {
  type = "batch"

  group "greeter" {
    task "hello" {
      driver = "raw_exec"

      config {
        command = "/bin/sh"
        args = ["-c", "echo \"$GREETING\"; echo \"I am task $NOMAD_TASK_NAME of group $NOMAD_GROUP_NAME in job $NOMAD_JOB_NAME\"; echo \"allocation $NOMAD_ALLOC_NAME ($NOMAD_ALLOC_ID) in $NOMAD_REGION/$NOMAD_DC, ${NOMAD_CPU_LIMIT} MHz, ${NOMAD_MEMORY_LIMIT} MB\""]
      }

      env {
        GREETING = "Hello from Drover, ${NOMAD_JOB_NAME}!"
      }

      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}

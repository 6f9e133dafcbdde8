# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_pull_request_merge.example
  identity = {
    repository      = "example-repo"
    pull_request_id = "4on8oopksdufd20d4kb0"
  }
}

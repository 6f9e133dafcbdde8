# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_commit.feature
  identity = {
    repository = "example"
    commit_id  = "4a1f6d0c7e2b9a8f5c3d1e0b7a6f4c2d9e8b1a0c3f5d7e9b2a4c6e8f0a1b3c5d"
  }
}

# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_branch.feature
  identity = {
    repository = "example"
    name       = "feature"
  }
}

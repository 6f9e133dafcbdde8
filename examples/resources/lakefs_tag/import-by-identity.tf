# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_tag.v1
  identity = {
    repository = "example"
    id         = "v1.0.0"
  }
}

# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_object.data
  identity = {
    repository = "example"
    branch     = "feature"
    path       = "data/sample.csv"
  }
}

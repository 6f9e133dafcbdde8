# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_object_user_metadata.report
  identity = {
    repository = "analytics"
    branch     = "main"
    path       = "reports/2024/q1.parquet"
  }
}

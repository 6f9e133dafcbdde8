# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_user_external_principal.etl
  identity = {
    principal_id = "arn:aws:iam::123456789012:role/etl/lakefs-writer"
  }
}

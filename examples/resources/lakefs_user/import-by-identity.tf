# Terraform 1.12 and later.
import {
  to       = lakefs_user.etl
  identity = { id = "etl-bot" }
}

# Terraform 1.12 and later.
import {
  to       = lakefs_group.analysts
  identity = { id = "analysts" }
}

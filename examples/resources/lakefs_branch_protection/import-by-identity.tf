# Terraform 1.12 and later: the import takes over all of the repository's rules.
import {
  to = lakefs_branch_protection.example
  identity = {
    repository = "example"
  }
}

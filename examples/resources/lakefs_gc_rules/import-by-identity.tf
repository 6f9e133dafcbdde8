# Terraform 1.12 and later: the repository whose garbage collection rules to manage.
import {
  to = lakefs_gc_rules.analytics
  identity = {
    repository = "analytics"
  }
}

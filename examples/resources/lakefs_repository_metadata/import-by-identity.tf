# Terraform 1.12 and later: the import takes over all of the repository's metadata but lakeFS's own keys.
import {
  to = lakefs_repository_metadata.analytics
  identity = {
    repository = "analytics"
  }
}

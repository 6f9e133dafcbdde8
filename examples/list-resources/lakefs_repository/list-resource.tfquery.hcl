# terraform query -generate-config-out=repositories.tf writes a resource and an import block per repository.
list "lakefs_repository" "analytics" {
  provider = lakefs
  config {
    prefix = "analytics-"
  }
}

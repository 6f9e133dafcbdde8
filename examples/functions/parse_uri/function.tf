# lakefs://<repository>/<ref>/<path>, read as lakectl reads it.
locals {
  source = provider::lakefs::parse_uri("lakefs://analytics/main~1/raw/2024 events/")
}

output "repository" {
  value = local.source.repository # "analytics"
}

output "ref" {
  value = local.source.ref # "main~1"
}

output "path" {
  value = local.source.path # "raw/2024 events/" (a "directory" keeps its trailing slash)
}

# A repository and a ref only: path is "".
output "branch_root" {
  value = provider::lakefs::parse_uri("lakefs://analytics/main") # { repository = "analytics", ref = "main", path = "" }
}

# A repository alone: ref and path are "".
output "repository_only" {
  value = provider::lakefs::parse_uri("lakefs://analytics") # { repository = "analytics", ref = "", path = "" }
}

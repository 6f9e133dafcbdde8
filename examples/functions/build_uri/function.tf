# The URI of an object on a branch, for lakectl or a lakeFS client.
output "object_uri" {
  value = provider::lakefs::build_uri(lakefs_repository.example.name, lakefs_branch.feature.name, "raw/2024 events/day 1.csv")
  # "lakefs://example/feature/raw/2024 events/day 1.csv"
}

# A "directory": keep the trailing slash.
output "prefix_uri" {
  value = provider::lakefs::build_uri("analytics", "main~1", "raw/") # "lakefs://analytics/main~1/raw/"
}

# The root of a ref: path "" keeps lakeFS's trailing slash, which lakectl accepts for a ref, a branch or a path.
output "commit_root_uri" {
  value = provider::lakefs::build_uri("analytics", lakefs_commit.feature.commit_id, "") # "lakefs://analytics/<commit id>/"
}

# Without the trailing slash.
output "branch_uri" {
  value = trimsuffix(provider::lakefs::build_uri("analytics", "main", ""), "/") # "lakefs://analytics/main"
}

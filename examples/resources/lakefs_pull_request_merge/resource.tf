resource "lakefs_pull_request" "example" {
  repository         = "example-repo"
  source_branch      = "feature"
  destination_branch = "main"
  title              = "Add the 2024 data"
}

# Applying this merges the pull request. Destroying it only forgets the merge: a merge cannot be undone.
resource "lakefs_pull_request_merge" "example" {
  repository      = lakefs_pull_request.example.repository
  pull_request_id = lakefs_pull_request.example.id
}

output "merge_commit" {
  value = lakefs_pull_request_merge.example.merged_commit_id
}

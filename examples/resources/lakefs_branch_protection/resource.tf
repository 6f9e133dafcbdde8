resource "lakefs_repository" "example" {
  name              = "example"
  storage_namespace = "s3://my-bucket/lakefs/example"
}

# Every branch protection rule of the repository: main and the release branches take merges only.
resource "lakefs_branch_protection" "example" {
  repository = lakefs_repository.example.name
  rules = [
    { pattern = lakefs_repository.example.default_branch },
    { pattern = "release-*" },
  ]
}

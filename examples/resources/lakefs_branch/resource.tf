resource "lakefs_repository" "example" {
  name              = "example"
  storage_namespace = "s3://my-bucket/lakefs/example"
}

# A feature branch from the default branch. commit_id follows the branch head.
resource "lakefs_branch" "feature" {
  repository = lakefs_repository.example.name
  name       = "feature"
  source     = lakefs_repository.example.default_branch
}

resource "lakefs_repository" "example" {
  name              = "example-repo"
  storage_namespace = "s3://example-bucket/repos/example-repo"
  default_branch    = "main"
}

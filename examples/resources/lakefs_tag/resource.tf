resource "lakefs_repository" "example" {
  name              = "example"
  storage_namespace = "s3://my-bucket/lakefs/example"
}

# Tag the current head of main. The tag stays on that commit when main moves on.
resource "lakefs_tag" "v1" {
  repository = lakefs_repository.example.name
  id         = "v1.0.0"
  ref        = lakefs_repository.example.default_branch
}

output "v1_commit" {
  value = lakefs_tag.v1.commit_id
}

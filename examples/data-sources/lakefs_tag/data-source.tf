data "lakefs_tag" "v1" {
  repository = "example"
  id         = "v1.0.0"
}

output "v1_commit" {
  value = data.lakefs_tag.v1.commit_id
}

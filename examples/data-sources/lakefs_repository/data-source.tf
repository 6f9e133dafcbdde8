data "lakefs_repository" "example" {
  name = "example"
}

output "default_branch" {
  value = data.lakefs_repository.example.default_branch
}

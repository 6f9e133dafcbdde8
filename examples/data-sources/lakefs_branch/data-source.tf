data "lakefs_branch" "main" {
  repository = "example"
  name       = "main"
}

output "main_head" {
  value = data.lakefs_branch.main.commit_id
}

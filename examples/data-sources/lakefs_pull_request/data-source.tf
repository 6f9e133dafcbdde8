data "lakefs_pull_request" "example" {
  repository = "example-repo"
  id         = "4on8oopksdufd20d4kb0"
}

output "pull_request_status" {
  value = data.lakefs_pull_request.example.status
}

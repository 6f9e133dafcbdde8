# Every open pull request of the repository, newest first.
data "lakefs_pull_requests" "open" {
  repository = "example-repo"
  status     = "open"
}

output "open_pull_requests" {
  value = [for pr in data.lakefs_pull_requests.open.pull_requests : "${pr.title} (${pr.source_branch} -> ${pr.destination_branch})"]
}

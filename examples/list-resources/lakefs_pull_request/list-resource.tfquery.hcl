list "lakefs_pull_request" "open" {
  provider = lakefs
  config {
    repository = "example"
    status     = "open"
  }
}

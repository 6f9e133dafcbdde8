# Apply a hotfix commit of the dev branch to main: terraform apply -invoke=action.lakefs_cherry_pick.hotfix
# Every invocation commits, also when main has the changes already.
action "lakefs_cherry_pick" "hotfix" {
  config {
    repository = "example"
    branch     = "main"
    ref        = "dev"
    metadata = {
      ticket = "DATA-42"
    }
  }
}

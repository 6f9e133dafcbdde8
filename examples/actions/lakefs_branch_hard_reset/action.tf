# Move the staging branch back to main's head: terraform apply -invoke=action.lakefs_branch_hard_reset.staging
action "lakefs_branch_hard_reset" "staging" {
  config {
    repository = "example"
    branch     = "staging"
    ref        = "main"
  }
}

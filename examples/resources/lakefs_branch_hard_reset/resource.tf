# Move the branch "staging" back to the release tag v1.4.0, once. Later commits on "staging" do not
# plan another reset; change triggers to reset again. Uncommitted changes on the branch are kept.
resource "lakefs_branch_hard_reset" "staging_to_release" {
  repository = "analytics"
  branch     = "staging"
  ref        = "v1.4.0"

  triggers = {
    reason = "rollback-2024-05-02"
  }
}

# Drop the last commit of a branch in a read-only repository (force bypasses only the read-only check).
resource "lakefs_branch_hard_reset" "drop_last_commit" {
  repository = "archive"
  branch     = "main"
  ref        = "main~1"
  force      = true
}

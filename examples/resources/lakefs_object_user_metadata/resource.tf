# The complete user metadata of one object on a branch. lakeFS replaces the whole map on every change.
resource "lakefs_object_user_metadata" "report" {
  repository = "analytics"
  branch     = "main"
  path       = "reports/2024/q1.parquet"

  metadata = {
    Owner          = "data-platform"
    classification = "internal"
  }
}

# Each change is an uncommitted change on the branch: commit it to record it in history,
# for example with the lakefs_commit resource.

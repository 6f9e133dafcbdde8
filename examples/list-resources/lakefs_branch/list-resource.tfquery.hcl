# Each result's source is the branch's head commit: lakeFS keeps no record of where a branch started.
list "lakefs_branch" "features" {
  provider = lakefs
  config {
    repository = "example"
    prefix     = "feature-"
  }
}

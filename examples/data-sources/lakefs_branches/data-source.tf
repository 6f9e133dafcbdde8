# The feature branches of a repository and their heads.
data "lakefs_branches" "features" {
  repository = "example-repo"
  prefix     = "feature-"
}

output "feature_heads" {
  value = { for b in data.lakefs_branches.features.branches : b.name => b.commit_id }
}

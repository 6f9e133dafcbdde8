# Merge a branch (or a tag or commit) into another: terraform apply -invoke=action.lakefs_merge.release
action "lakefs_merge" "release" {
  config {
    repository         = "example"
    source_ref         = "feature"
    destination_branch = "main"
    message            = "Release sample data"
    strategy           = "source-wins"
  }
}

# Or merge a pull request, here right after it is opened (Terraform 1.14+).
action "lakefs_merge" "pull_request" {
  config {
    repository      = lakefs_pull_request.feature.repository
    pull_request_id = lakefs_pull_request.feature.id
  }
}

resource "lakefs_pull_request" "feature" {
  repository         = "example"
  source_branch      = "feature"
  destination_branch = "main"
  title              = "Sample data"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.lakefs_merge.pull_request]
    }
  }
}

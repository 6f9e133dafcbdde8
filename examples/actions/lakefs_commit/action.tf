# Commit the feature branch after each upload of the object (Terraform 1.14+), or on demand:
#   terraform apply -invoke=action.lakefs_commit.feature
action "lakefs_commit" "feature" {
  config {
    repository = "example"
    branch     = "feature"
    message    = "Update sample data"
    metadata = {
      source = "terraform"
    }
  }
}

resource "lakefs_object" "data" {
  repository = "example"
  branch     = "feature"
  path       = "data/sample.csv"
  source     = "${path.module}/sample.csv"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.lakefs_commit.feature]
    }
  }
}

# Undo the last commit of main: terraform apply -invoke=action.lakefs_revert.last
# The ref is resolved once, before the revert: "main" is main's head at that moment.
action "lakefs_revert" "last" {
  config {
    repository = "example"
    branch     = "main"
    ref        = "main"
    message    = "Roll back the last load"
  }
}

# Undo what a merge brought into main (a merge commit needs parent_number; 1 is the branch merged into).
action "lakefs_revert" "merge" {
  config {
    repository    = "example"
    branch        = "main"
    ref           = "a1b2c3d4e5f6"
    parent_number = 1
  }
}

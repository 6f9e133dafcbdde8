# The commit at the head of main, and the one before it.
data "lakefs_commit" "head" {
  repository = "example-repo"
  ref        = "main"
}

data "lakefs_commit" "previous" {
  repository = "example-repo"
  ref        = "main~1"
}

output "head" {
  value = "${data.lakefs_commit.head.id} by ${data.lakefs_commit.head.committer} at ${data.lakefs_commit.head.creation_date}: ${data.lakefs_commit.head.message}"
}

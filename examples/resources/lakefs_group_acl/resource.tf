resource "lakefs_group" "engineers" {
  id = "engineers"
}

# Members of engineers may read and write every repository.
resource "lakefs_group_acl" "engineers" {
  group_id   = lakefs_group.engineers.id
  permission = "Write"
}

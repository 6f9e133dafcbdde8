# The ACL server's built-in administrators group and who is in it.
data "lakefs_group" "admins" {
  id = "Admins"
}

output "admins" {
  value = data.lakefs_group.admins.members
}

resource "lakefs_user" "alice" {
  id = "alice"
}

resource "lakefs_group" "analysts" {
  id = "analysts"
}

# alice is in analysts; the group's other members are left alone.
resource "lakefs_group_membership" "alice_analysts" {
  group_id = lakefs_group.analysts.id
  user_id  = lakefs_user.alice.id
}

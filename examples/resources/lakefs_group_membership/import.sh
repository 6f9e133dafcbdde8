# Import by <group_id>/<user_id>.
terraform import lakefs_group_membership.alice_analysts analysts/alice

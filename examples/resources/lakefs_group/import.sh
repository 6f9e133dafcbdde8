# Import by group name.
terraform import lakefs_group.analysts analysts

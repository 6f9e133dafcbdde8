# Import by group name; a group without an ACL cannot be imported.
terraform import lakefs_group_acl.engineers engineers

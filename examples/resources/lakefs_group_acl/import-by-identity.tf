# Terraform 1.12 and later; a group without an ACL cannot be imported.
import {
  to       = lakefs_group_acl.engineers
  identity = { group_id = "engineers" }
}

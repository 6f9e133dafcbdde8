# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_group_membership.alice_analysts
  identity = {
    group_id = "analysts"
    user_id  = "alice"
  }
}

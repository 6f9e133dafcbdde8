# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_group_policy_attachment.analysts_read_data
  identity = {
    group_id  = "analysts"
    policy_id = "DataReaders"
  }
}

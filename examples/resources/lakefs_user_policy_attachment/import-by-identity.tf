# Terraform 1.12 and later: the identity names each part, so nothing is split on "/".
import {
  to = lakefs_user_policy_attachment.etl_reads_data
  identity = {
    user_id   = "etl-bot"
    policy_id = "DataReaders"
  }
}

# Terraform 1.12 and later.
import {
  to       = lakefs_policy.data_readers
  identity = { id = "DataReaders" }
}

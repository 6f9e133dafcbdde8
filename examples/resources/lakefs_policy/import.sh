# Import by policy id.
terraform import lakefs_policy.data_readers DataReaders

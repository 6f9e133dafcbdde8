# Import by <group_id>/<policy_id>.
terraform import lakefs_group_policy_attachment.analysts_read_data analysts/DataReaders

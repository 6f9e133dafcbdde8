# Import by <user_id>/<policy_id>.
terraform import lakefs_user_policy_attachment.etl_reads_data etl-bot/DataReaders

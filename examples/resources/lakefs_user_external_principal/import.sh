# Import by principal id (the ARN, as is).
terraform import lakefs_user_external_principal.etl 'arn:aws:iam::123456789012:role/etl/lakefs-writer'

# Import by <user_id>/<access_key_id>. The secret is unknown after an import: lakeFS shows it only once.
terraform import lakefs_user_credentials.etl etl-bot/AKIAJEXAMPLEKEY12345

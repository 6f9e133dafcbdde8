package testserver

import "net/http"

// coreOperations is the route table (contract Appendix A) with the request validation
// each operation gets from the OpenAPI spec.
func coreOperations() []*operation {
	force := qBool("force")
	str := func(n string) field { return field{name: n, kind: fString} }
	reqStr := func(n string) field { return field{name: n, kind: fString, required: true} }
	boolF := func(n string) field { return field{name: n, kind: fBool} }
	intF := func(n string) field { return field{name: n, kind: fInt} }
	strMap := func(n string) field { return field{name: n, kind: fStrMap} }
	withPage := func(ps ...param) []param { return append(pageParams(), ps...) }
	prStatus := []string{"open", "closed", "merged"}

	return []*operation{
		// auth and session (§4)
		{ID: "login", public: true, Method: http.MethodPost, Path: "/auth/login",
			body: &bodySpec{fields: []field{reqStr("access_key_id"), reqStr("secret_access_key")}}, handler: (*Server).login},
		{ID: "getCurrentUser", Method: http.MethodGet, Path: "/user", handler: (*Server).getCurrentUser},
		{ID: "externalPrincipalLogin", public: true, Method: http.MethodPost, Path: "/auth/external/principal/login",
			body:    &bodySpec{fields: []field{{name: "identityRequest", kind: fObject, required: true}, intF("token_expiration_duration")}},
			handler: (*Server).notImplementedPreAuth},
		{ID: "stsLogin", public: true, Method: http.MethodPost, Path: "/sts/login",
			body:    &bodySpec{required: true, fields: []field{reqStr("code"), reqStr("state"), reqStr("redirect_uri"), intF("ttl_seconds")}},
			handler: (*Server).notImplementedPreAuth},

		// config and setup (§5, §4.5)
		{ID: "getConfig", Method: http.MethodGet, Path: "/config", handler: (*Server).getConfig},
		{ID: "getLakeFSVersion", Method: http.MethodGet, Path: "/config/version", handler: (*Server).getLakeFSVersion},
		{ID: "healthCheck", public: true, Method: http.MethodGet, Path: "/healthcheck", handler: (*Server).healthCheck},
		{ID: "getSetupState", public: true, Method: http.MethodGet, Path: "/setup_lakefs", handler: (*Server).getSetupState},

		// users (§6)
		{ID: "createUser", Method: http.MethodPost, Path: "/auth/users",
			body: &bodySpec{fields: []field{reqStr("id"), boolF("invite_user")}}, handler: (*Server).createUser},
		{ID: "listUsers", Method: http.MethodGet, Path: "/auth/users", query: pageParams(), handler: userLocked((*Server).listUsers)},
		{ID: "getUser", Method: http.MethodGet, Path: "/auth/users/{userId}", handler: userLocked((*Server).getUser)},
		{ID: "deleteUser", Method: http.MethodDelete, Path: "/auth/users/{userId}", handler: userLocked((*Server).deleteUser)},
		{ID: "createUserExternalPrincipal", Method: http.MethodPost, Path: "/auth/users/{userId}/external/principals",
			query: []param{qReq("principalId")}, body: &bodySpec{fields: []field{{name: "settings", kind: fObject}}},
			handler: (*Server).notImplementedPreAuth},
		{ID: "deleteUserExternalPrincipal", Method: http.MethodDelete, Path: "/auth/users/{userId}/external/principals",
			query: []param{qReq("principalId")}, handler: (*Server).notImplementedPreAuth},
		{ID: "listUserExternalPrincipals", Method: http.MethodGet, Path: "/auth/users/{userId}/external/principals/ls",
			query: pageParams(), handler: (*Server).notImplementedPreAuth},
		{ID: "getExternalPrincipal", Method: http.MethodGet, Path: "/auth/external/principals",
			query: []param{qReq("principalId")}, handler: (*Server).notImplementedPreAuth},

		// groups, memberships, group ACLs (groups.go; OSS answers 501 after authentication)
		{ID: "listGroups", Method: http.MethodGet, Path: "/auth/groups", query: pageParams(), handler: (*Server).notImplementedAfterAuth},
		{ID: "createGroup", Method: http.MethodPost, Path: "/auth/groups",
			body: &bodySpec{fields: []field{reqStr("id"), str("description")}}, handler: (*Server).createGroupOSS},
		{ID: "getGroup", Method: http.MethodGet, Path: "/auth/groups/{groupId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "deleteGroup", Method: http.MethodDelete, Path: "/auth/groups/{groupId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "listGroupMembers", Method: http.MethodGet, Path: "/auth/groups/{groupId}/members", query: pageParams(), handler: (*Server).notImplementedAfterAuth},
		{ID: "addGroupMembership", Method: http.MethodPut, Path: "/auth/groups/{groupId}/members/{userId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "deleteGroupMembership", Method: http.MethodDelete, Path: "/auth/groups/{groupId}/members/{userId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "listUserGroups", Method: http.MethodGet, Path: "/auth/users/{userId}/groups", query: pageParams(), handler: (*Server).notImplementedAfterAuth},
		{ID: "getGroupACL", Method: http.MethodGet, Path: "/auth/groups/{groupId}/acl", handler: (*Server).notImplementedAfterAuth},
		{ID: "setGroupACL", Method: http.MethodPost, Path: "/auth/groups/{groupId}/acl",
			body: &bodySpec{required: true, fields: []field{reqStr("permission")}}, handler: (*Server).notImplementedAfterAuth},

		// credentials (credentials.go; OSS has its single key)
		{ID: "listUserCredentials", Method: http.MethodGet, Path: "/auth/users/{userId}/credentials", query: pageParams(), handler: (*Server).notImplementedAfterAuth},
		{ID: "createCredentials", Method: http.MethodPost, Path: "/auth/users/{userId}/credentials", handler: userLocked((*Server).createCredentialsOSS)},
		{ID: "getCredentials", Method: http.MethodGet, Path: "/auth/users/{userId}/credentials/{accessKeyId}", handler: userLocked((*Server).getCredentials)},
		{ID: "deleteCredentials", Method: http.MethodDelete, Path: "/auth/users/{userId}/credentials/{accessKeyId}", handler: (*Server).notImplementedAfterAuth},

		// policies (policies.go; OSS answers 501 after authentication, the ACL server before it)
		{ID: "listPolicies", Method: http.MethodGet, Path: "/auth/policies", query: pageParams(), handler: (*Server).notImplementedAfterAuth},
		{ID: "createPolicy", Method: http.MethodPost, Path: "/auth/policies",
			body: &bodySpec{required: true, fields: policyBodyFields()}, handler: (*Server).notImplementedAfterAuth},
		{ID: "getPolicy", Method: http.MethodGet, Path: "/auth/policies/{policyId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "updatePolicy", Method: http.MethodPut, Path: "/auth/policies/{policyId}",
			body: &bodySpec{required: true, fields: policyBodyFields()}, handler: (*Server).notImplementedAfterAuth},
		{ID: "deletePolicy", Method: http.MethodDelete, Path: "/auth/policies/{policyId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "listUserPolicies", Method: http.MethodGet, Path: "/auth/users/{userId}/policies", query: withPage(qBool("effective")),
			handler: (*Server).notImplementedAfterAuth},
		{ID: "attachPolicyToUser", Method: http.MethodPut, Path: "/auth/users/{userId}/policies/{policyId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "detachPolicyFromUser", Method: http.MethodDelete, Path: "/auth/users/{userId}/policies/{policyId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "listGroupPolicies", Method: http.MethodGet, Path: "/auth/groups/{groupId}/policies", query: pageParams(), handler: (*Server).notImplementedAfterAuth},
		{ID: "attachPolicyToGroup", Method: http.MethodPut, Path: "/auth/groups/{groupId}/policies/{policyId}", handler: (*Server).notImplementedAfterAuth},
		{ID: "detachPolicyFromGroup", Method: http.MethodDelete, Path: "/auth/groups/{groupId}/policies/{policyId}", handler: (*Server).notImplementedAfterAuth},

		// repositories (§7)
		{ID: "createRepository", Method: http.MethodPost, Path: "/repositories", query: []param{qBool("bare")},
			body: &bodySpec{required: true, fields: []field{
				{name: "name", kind: fString, required: true, pattern: reRepoID},
				{name: "storage_namespace", kind: fString, required: true, pattern: reNamespace},
				str("default_branch"), str("storage_id"), boolF("sample_data"), boolF("read_only")}},
			handler: userLocked((*Server).createRepository)},
		{ID: "listRepositories", Method: http.MethodGet, Path: "/repositories", query: withPage(qEmptyOK("search")), handler: userLocked((*Server).listRepositories)},
		{ID: "getRepository", Method: http.MethodGet, Path: "/repositories/{repository}", handler: userLocked((*Server).getRepository)},
		{ID: "deleteRepository", Method: http.MethodDelete, Path: "/repositories/{repository}", query: []param{force}, handler: userLocked((*Server).deleteRepository)},

		// branches (§8)
		{ID: "createBranch", Method: http.MethodPost, Path: "/repositories/{repository}/branches",
			body:    &bodySpec{required: true, fields: []field{reqStr("name"), reqStr("source"), boolF("force"), boolF("hidden")}},
			handler: userLocked((*Server).createBranch)},
		{ID: "listBranches", Method: http.MethodGet, Path: "/repositories/{repository}/branches", query: withPage(qBool("show_hidden")), handler: userLocked((*Server).listBranches)},
		{ID: "getBranch", Method: http.MethodGet, Path: "/repositories/{repository}/branches/{branch}", handler: userLocked((*Server).getBranch)},
		{ID: "deleteBranch", Method: http.MethodDelete, Path: "/repositories/{repository}/branches/{branch}", query: []param{force}, handler: userLocked((*Server).deleteBranch)},
		{ID: "hardResetBranch", Method: http.MethodPut, Path: "/repositories/{repository}/branches/{branch}/hard_reset",
			query: []param{qReq("ref"), force}, handler: userLocked((*Server).hardResetBranch)},

		// tags (not in the contract, but real lakeFS has them)
		{ID: "createTag", Method: http.MethodPost, Path: "/repositories/{repository}/tags",
			body: &bodySpec{required: true, fields: []field{reqStr("id"), reqStr("ref"), boolF("force")}}, handler: userLocked((*Server).createTag)},
		{ID: "listTags", Method: http.MethodGet, Path: "/repositories/{repository}/tags", query: pageParams(), handler: userLocked((*Server).listTags)},
		{ID: "getTag", Method: http.MethodGet, Path: "/repositories/{repository}/tags/{tag}", handler: userLocked((*Server).getTag)},
		{ID: "deleteTag", Method: http.MethodDelete, Path: "/repositories/{repository}/tags/{tag}", query: []param{force}, handler: userLocked((*Server).deleteTag)},

		// objects (§9)
		{ID: "uploadObject", Method: http.MethodPost, Path: "/repositories/{repository}/branches/{branch}/objects",
			query: []param{qReq("path"), qStr("storageClass"), force}, handler: (*Server).uploadObject},
		{ID: "deleteObject", Method: http.MethodDelete, Path: "/repositories/{repository}/branches/{branch}/objects",
			query: []param{qReq("path"), force, qBool("no_tombstone")}, handler: userLocked((*Server).deleteObject)},
		{ID: "statObject", Method: http.MethodGet, Path: "/repositories/{repository}/refs/{ref}/objects/stat",
			query: []param{qReq("path"), qBool("user_metadata"), qBool("presign")}, handler: (*Server).statObject},
		{ID: "getObject", Method: http.MethodGet, Path: "/repositories/{repository}/refs/{ref}/objects",
			query: []param{qReq("path"), qBool("presign")}, handler: (*Server).getObject},
		{ID: "headObject", Method: http.MethodHead, Path: "/repositories/{repository}/refs/{ref}/objects",
			query: []param{qReq("path")}, handler: (*Server).headObject},
		{ID: "listObjects", Method: http.MethodGet, Path: "/repositories/{repository}/refs/{ref}/objects/ls",
			query: withPage(qEmptyOK("delimiter"), qBool("user_metadata"), qBool("presign")), handler: userLocked((*Server).listObjects)},
		{ID: "updateObjectUserMetadata", Method: http.MethodPut, Path: "/repositories/{repository}/branches/{branch}/objects/stat/user_metadata",
			query: []param{qReq("path")}, body: &bodySpec{required: true, fields: []field{{name: "set", kind: fStrMap, required: true}}},
			handler: userLocked((*Server).updateObjectUserMetadata)},

		// presigned multipart (§10.3): OSS/local answers 501 after the repository lookup.
		{ID: "createPresignMultipartUpload", Method: http.MethodPost, Path: "/repositories/{repository}/branches/{branch}/staging/pmpu",
			query: []param{qReq("path"), qInt("parts")}, handler: (*Server).presignMultipartUnsupported},
		{ID: "completePresignMultipartUpload", Method: http.MethodPut, Path: "/repositories/{repository}/branches/{branch}/staging/pmpu/{uploadId}",
			query: []param{qReq("path")},
			body: &bodySpec{fields: []field{reqStr("physical_address"), {name: "parts", kind: fArray, required: true},
				strMap("user_metadata"), str("content_type")}},
			handler: (*Server).presignMultipartUnsupported},
		// uploadPart (since v1.55) makes no support check: on local it fails on the address or the presign.
		{ID: "uploadPart", Method: http.MethodPut, Path: "/repositories/{repository}/branches/{branch}/staging/pmpu/{uploadId}/parts/{partNumber}",
			query: []param{qReq("path")}, body: &bodySpec{required: true, fields: []field{reqStr("physical_address")}},
			handler: (*Server).uploadPartUnsupported, since: "1.55.0"},
		{ID: "abortPresignMultipartUpload", Method: http.MethodDelete, Path: "/repositories/{repository}/branches/{branch}/staging/pmpu/{uploadId}",
			query: []param{qReq("path")}, body: &bodySpec{fields: []field{reqStr("physical_address")}},
			handler: (*Server).presignMultipartUnsupported},

		// commits, diff, merge (§11)
		{ID: "commit", Method: http.MethodPost, Path: "/repositories/{repository}/branches/{branch}/commits", query: []param{qStr("source_metarange")},
			body:    &bodySpec{required: true, fields: []field{reqStr("message"), strMap("metadata"), intF("date"), boolF("allow_empty"), boolF("force")}},
			handler: (*Server).commit},
		{ID: "getCommit", Method: http.MethodGet, Path: "/repositories/{repository}/commits/{commitId}", handler: userLocked((*Server).getCommit)},
		{ID: "logCommits", Method: http.MethodGet, Path: "/repositories/{repository}/refs/{ref}/commits",
			query: []param{qEmptyOK("after"), {name: "amount", kind: pInt, min: intp(-1), max: intp(1000)},
				{name: "objects", multi: true}, {name: "prefixes", multi: true}, qBool("limit"), qBool("first_parent"),
				qEmptyOK("since"), qEmptyOK("stop_at")},
			handler: userLocked((*Server).logCommits)},
		{ID: "diffBranch", Method: http.MethodGet, Path: "/repositories/{repository}/branches/{branch}/diff",
			query: withPage(qEmptyOK("delimiter")), handler: userLocked((*Server).diffBranch)},
		{ID: "mergeIntoBranch", Method: http.MethodPost, Path: "/repositories/{repository}/refs/{sourceRef}/merge/{destinationBranch}",
			body:    &bodySpec{fields: []field{str("message"), strMap("metadata"), str("strategy"), boolF("force"), boolF("allow_empty"), boolF("squash_merge")}},
			handler: userLocked((*Server).mergeIntoBranch)},
		{ID: "revertBranch", Method: http.MethodPost, Path: "/repositories/{repository}/branches/{branch}/revert",
			body: &bodySpec{required: true, fields: []field{reqStr("ref"), {name: "parent_number", kind: fInt, required: true},
				{name: "commit_overrides", kind: fObject}, boolF("force"), boolF("allow_empty")}},
			handler: (*Server).revertBranch},
		{ID: "cherryPick", Method: http.MethodPost, Path: "/repositories/{repository}/branches/{branch}/cherry-pick",
			body:    &bodySpec{required: true, fields: []field{reqStr("ref"), intF("parent_number"), {name: "commit_overrides", kind: fObject}, boolF("force")}},
			handler: (*Server).cherryPick},

		// pull requests (§12)
		{ID: "createPullRequest", Method: http.MethodPost, Path: "/repositories/{repository}/pulls",
			body:    &bodySpec{required: true, fields: []field{reqStr("title"), str("description"), reqStr("source_branch"), reqStr("destination_branch")}},
			handler: userLocked((*Server).createPullRequest)},
		{ID: "listPullRequests", Method: http.MethodGet, Path: "/repositories/{repository}/pulls",
			query: withPage(qEnum("status", "open", "closed", "all")), handler: userLocked((*Server).listPullRequests)},
		{ID: "getPullRequest", Method: http.MethodGet, Path: "/repositories/{repository}/pulls/{pull_request}", handler: userLocked((*Server).getPullRequest)},
		{ID: "updatePullRequest", Method: http.MethodPatch, Path: "/repositories/{repository}/pulls/{pull_request}",
			body:    &bodySpec{required: true, fields: []field{str("title"), str("description"), {name: "status", kind: fString, enum: prStatus}}},
			handler: userLocked((*Server).updatePullRequest)},
		{ID: "mergePullRequest", Method: http.MethodPut, Path: "/repositories/{repository}/pulls/{pull_request}/merge", handler: (*Server).mergePullRequest},
	}
}

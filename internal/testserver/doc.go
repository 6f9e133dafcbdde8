// Package testserver is an in-memory double of the lakeFS REST API (base path /api/v1).
//
// It follows the contract in /work/shared/lakefs-api/contract.md and copies the real
// server's behaviour where it differs from swagger.yml (contract §13, "SPEC≠IMPL"), so the
// provider's acceptance tests can run against it or against a real lakeFS.
//
// Request pipeline (contract §1.1), in router.go:
//
//	routing (404 "invalid API endpoint", never 405) → request counter → injected faults →
//	OpenAPI-like validation of query and JSON body (validate.go, before auth) →
//	authentication (auth.go; skipped for `security: []` operations) → handler.
//
// Handlers return *apiError values carrying the status and literal message of §1.5.
// All state lives in one struct (state.go) behind Server.mu.
//
// Most handlers are registered as userLocked(h) (router.go): 401 without a user, then h with Server.mu held, so h
// says only what is particular to its operation. The shared steps of a handler: settingsRepo, repoByID, repoBranch,
// repoAtRef (the parents, 400/404 the lakeFS way), writeFound and deleteFound (an item or its 404), checkWritable
// (protected branch, read-only), pageOf, authPage and writePage/writeAuthPage (listings), addLink and removeLink
// (memberships, attachments).
//
// Extension points for edition- or option-specific behaviour (used from init() in
// other files of this package):
//
//   - registerEditionHandler(EditionEnterprise, "createUserExternalPrincipal", h) swaps the
//     handler of an operation in the route table (operations.go) for one edition;
//   - registerMultipartHandler("createPresignMultipartUpload", h) swaps it when
//     Options.PresignedMultipart is set;
//   - registerOperation(&operation{...}) adds an API route the core table lacks.
//
// Editions (server.go): EditionOSS is lakeFS OSS alone, EditionACL lakeFS OSS wired to lakeFS's ACL auth server
// (users, groups, group ACLs, credentials), EditionEnterprise everything (policies, external principals).
//
// Not emulated on purpose: the repository cache that keeps a deleted repository visible for ~7 s (§7.3), the auth
// caches that keep a deleted user readable and deleted keys valid for ~20 s (§6.3), the cache that delays branch
// protection rules for writes by a few seconds, hooks, authorization by group ACLs and policies (RBAC: every
// authenticated user may do everything).
//
// Behaviour beyond the contract (tags, branch protection, GC rules, repository metadata) was
// checked against lakeFS 1.84; where that server differs from swagger.yml it is listed in QUIRKS.md.
package testserver

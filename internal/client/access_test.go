package client_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Users, groups, memberships, group ACLs, credentials and policies against the double.

func editionClient(t *testing.T, ed testserver.Edition) (*client.Client, *testserver.Server) {
	return startDouble(t, testserver.Options{Edition: ed}, quickRetries)
}

func groupIDs(gs []client.Group) string {
	ids := make([]string, len(gs))
	for i, g := range gs {
		ids[i] = g.ID
	}
	return strings.Join(ids, ",")
}

func userIDs(us []client.User) string {
	ids := make([]string, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return strings.Join(ids, ",")
}

func TestUsersAndGroups(t *testing.T) {
	c, srv := editionClient(t, testserver.EditionACL)
	ctx := context.Background()
	for i := range 5 {
		if _, err := c.CreateUser(ctx, client.UserCreation{ID: fmt.Sprintf("u%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateUser(ctx, client.UserCreation{ID: "u1"}); !client.IsConflict(err) {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := c.CreateUser(ctx, client.UserCreation{ID: "a/b"}); !client.IsBadRequest(err) || client.Message(err) != "invalid request" {
		t.Fatalf("bad id: %v", err)
	}
	// Pages of 1000; a prefix works because next_offset and after are both relative to it.
	users, err := c.ListAllUsers(ctx, "u")
	if err != nil || userIDs(users) != "u0,u1,u2,u3,u4" {
		t.Fatalf("%v %v", userIDs(users), err)
	}
	page, err := c.ListUsers(ctx, client.ListOptions{Prefix: "u", Amount: 2})
	if err != nil || !page.Pagination.HasMore || page.Pagination.NextOffset != "1" {
		t.Fatalf("%+v %v", page, err)
	}

	desc := "the team"
	g, err := c.CreateGroup(ctx, client.GroupCreation{ID: "team", Description: &desc})
	if err != nil || g.ID != "team" || g.Name == nil || *g.Name != "team" || g.Description == nil || *g.Description != desc {
		t.Fatalf("%+v %v", g, err)
	}
	if _, err := c.CreateGroup(ctx, client.GroupCreation{ID: "team"}); !client.IsConflict(err) {
		t.Fatalf("duplicate group: %v", err)
	}
	got, err := c.GetGroup(ctx, "team")
	if err != nil || got.Name != nil || *got.Description != desc {
		t.Fatalf("%+v %v", got, err)
	}
	groups, err := c.ListAllGroups(ctx, "")
	if err != nil || groupIDs(groups) != "Admins,Readers,Supers,Writers,team" {
		t.Fatalf("%s %v", groupIDs(groups), err)
	}

	// Memberships: the add is never replayed once it may have reached the server.
	if err := c.AddGroupMembership(ctx, "team", "u1"); err != nil {
		t.Fatal(err)
	}
	if err := c.AddGroupMembership(ctx, "team", "u1"); !client.IsConflict(err) {
		t.Fatalf("twice: %v", err)
	}
	srv.ResetCounters()
	srv.InjectFault(testserver.Fault{Operation: "addGroupMembership", Kind: testserver.FaultResetAfterHandler, Count: 1})
	if err := c.AddGroupMembership(ctx, "team", "u2"); !client.IsOutcomeUnknown(err) {
		t.Fatalf("reset after add: %v", err)
	}
	if n := srv.RequestCount("addGroupMembership"); n != 1 {
		t.Fatalf("sent %d times", n)
	}
	members, err := c.ListAllGroupMembers(ctx, "team", "")
	if err != nil || userIDs(members) != "u1,u2" {
		t.Fatalf("%s %v", userIDs(members), err)
	}
	mine, err := c.ListAllUserGroups(ctx, "u1")
	if err != nil || groupIDs(mine) != "team" || mine[0].Description != nil {
		t.Fatalf("%+v %v", mine, err)
	}
	if err := c.DeleteGroupMembership(ctx, "team", "u2"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteGroupMembership(ctx, "team", "u2"); err != nil {
		t.Fatalf("not a member: %v", err)
	}
	if _, err := c.ListAllGroupMembers(ctx, "nope", ""); !client.IsNotFound(err) {
		t.Fatalf("missing group: %v", err)
	}

	// Group ACLs.
	acl, err := c.GetGroupACL(ctx, "team")
	if err != nil || acl.Permission != "" {
		t.Fatalf("%+v %v", acl, err)
	}
	if err := c.SetGroupACL(ctx, "team", client.ACL{Permission: client.ACLWrite}); err != nil {
		t.Fatal(err)
	}
	if acl, err := c.GetGroupACL(ctx, "team"); err != nil || acl.Permission != client.ACLWrite {
		t.Fatalf("%+v %v", acl, err)
	}
	if err := c.SetGroupACL(ctx, "team", client.ACL{Permission: "write"}); !client.IsBadRequest(err) {
		t.Fatalf("bad permission: %v", err)
	}
	if err := c.SetGroupACL(ctx, "nope", client.ACL{Permission: client.ACLRead}); !client.IsNotFound(err) {
		t.Fatalf("missing group: %v", err)
	}
	if acl, err := c.GetGroupACL(ctx, "Admins"); err != nil || acl.Permission != client.ACLAdmin {
		t.Fatalf("%+v %v", acl, err)
	}

	// Deleting a user ends its memberships.
	if err := c.DeleteUser(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if members, err := c.ListAllGroupMembers(ctx, "team", ""); err != nil || len(members) != 0 {
		t.Fatalf("%+v %v", members, err)
	}
	if err := c.DeleteGroup(ctx, "team"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetGroup(ctx, "team"); !client.IsNotFound(err) {
		t.Fatalf("deleted group: %v", err)
	}
}

func TestCredentials(t *testing.T) {
	c, srv := editionClient(t, testserver.EditionACL)
	ctx := context.Background()
	if _, err := c.CreateUser(ctx, client.UserCreation{ID: "robot"}); err != nil {
		t.Fatal(err)
	}
	cred, err := c.CreateCredentials(ctx, "robot")
	if err != nil || !strings.HasPrefix(cred.AccessKeyID, "AKIAJ") || len(cred.SecretAccessKey) != 40 {
		t.Fatalf("%v %v", cred, err)
	}
	for _, s := range []string{fmt.Sprint(cred), fmt.Sprintf("%+v", cred), fmt.Sprintf("%#v", *cred), fmt.Sprintf("%v", *cred)} {
		if strings.Contains(s, cred.SecretAccessKey) || !strings.Contains(s, cred.AccessKeyID) {
			t.Fatalf("printed: %s", s)
		}
	}
	// The new key works.
	rc, err := client.New(client.Config{Endpoint: srv.Endpoint(), AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey})
	if err != nil {
		t.Fatal(err)
	}
	if me, err := rc.GetCurrentUser(ctx); err != nil || me.ID != "robot" {
		t.Fatalf("%+v %v", me, err)
	}
	got, err := c.GetCredentials(ctx, "robot", cred.AccessKeyID)
	if err != nil || got.AccessKeyID != cred.AccessKeyID || got.CreationDate != cred.CreationDate {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := c.GetCredentials(ctx, testserver.DefaultUser, cred.AccessKeyID); !client.IsNotFound(err) {
		t.Fatalf("another user's key: %v", err)
	}
	// createCredentials is never replayed: every call makes a key.
	srv.ResetCounters()
	srv.InjectFault(testserver.Fault{Operation: "createCredentials", Kind: testserver.FaultResetAfterHandler, Count: 1})
	if _, err := c.CreateCredentials(ctx, "robot"); !client.IsOutcomeUnknown(err) {
		t.Fatalf("reset after create: %v", err)
	}
	if n := srv.RequestCount("createCredentials"); n != 1 {
		t.Fatalf("sent %d times", n)
	}
	all, err := c.ListAllUserCredentials(ctx, "robot", "")
	if err != nil || len(all) != 2 {
		t.Fatalf("%+v %v", all, err)
	}
	for _, k := range all {
		if err := c.DeleteCredentials(ctx, "robot", k.AccessKeyID); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.DeleteCredentials(ctx, "robot", cred.AccessKeyID); !client.IsNotFound(err) {
		t.Fatalf("deleted twice: %v", err)
	}
	if _, err := rc.ListRepositories(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
		t.Fatalf("revoked key: %v", err)
	}
	if _, err := c.CreateCredentials(ctx, "nobody"); !client.IsNotFound(err) {
		t.Fatalf("missing user: %v", err)
	}
}

// TestCredentialsSecretNeverLogged: the secret createCredentials returns reaches no log line at any level.
func TestCredentialsSecretNeverLogged(t *testing.T) {
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PROVIDER_LAKEFS_CLIENT", "TRACE")
	c, srv := editionClient(t, testserver.EditionACL)
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	if _, err := c.CreateUser(ctx, client.UserCreation{ID: "robot"}); err != nil {
		t.Fatal(err)
	}
	cred, err := c.CreateCredentials(ctx, "robot")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListAllUserCredentials(ctx, "robot", ""); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "createCredentials") {
		t.Fatalf("no log lines for createCredentials:\n%s", out)
	}
	secrets := append(srv.SecretsSeen(), cred.SecretAccessKey)
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Fatalf("secret %q logged:\n%s", s, out)
		}
	}
}

func TestEditions(t *testing.T) {
	ctx := context.Background()
	oss, _ := editionClient(t, testserver.EditionOSS)
	if _, err := oss.ListGroups(ctx, client.ListOptions{}); !client.IsNotImplemented(err) {
		t.Fatalf("OSS groups: %v", err)
	}
	if _, err := oss.CreateCredentials(ctx, testserver.DefaultUser); !client.IsBadRequest(err) {
		t.Fatalf("OSS second key: %v", err)
	}
	if _, err := oss.ListPolicies(ctx, client.ListOptions{}); !client.IsNotImplemented(err) {
		t.Fatalf("OSS policies: %v", err)
	}
	acl, _ := editionClient(t, testserver.EditionACL)
	if _, err := acl.GetPolicy(ctx, "p"); !client.IsNotImplemented(err) {
		t.Fatalf("ACL policies: %v", err)
	}
	ent, _ := editionClient(t, testserver.EditionEnterprise)
	groups, err := ent.ListAllGroups(ctx, "")
	if err != nil || groupIDs(groups) != "Admins,Developers,SuperUsers,Viewers" {
		t.Fatalf("%s %v", groupIDs(groups), err)
	}
}

func TestPolicies(t *testing.T) {
	c, srv := editionClient(t, testserver.EditionEnterprise)
	ctx := context.Background()
	stmt := []client.Statement{{Effect: "allow", Resource: "*", Action: []string{"fs:ReadObject"}}}
	p, err := c.CreatePolicy(ctx, client.Policy{ID: "readers", Statement: stmt})
	if err != nil || p.ID != "readers" || p.CreationDate == nil || len(p.Statement) != 1 {
		t.Fatalf("%+v %v", p, err)
	}
	if _, err := c.CreatePolicy(ctx, client.Policy{ID: "readers", Statement: stmt}); !client.IsConflict(err) {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := c.CreatePolicy(ctx, client.Policy{ID: "bad", Statement: []client.Statement{{Effect: "allow", Resource: "*", Action: []string{"x:y"}}}}); !client.IsBadRequest(err) {
		t.Fatalf("bad action: %v", err)
	}
	stmt[0].Action = []string{"fs:*"}
	stmt[0].Condition = map[string]map[string][]string{"IpAddress": {"SourceIp": {"10.0.0.0/8"}}}
	if _, err := c.UpdatePolicy(ctx, client.Policy{ID: "readers", Statement: stmt}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPolicy(ctx, "readers")
	if err != nil || got.Statement[0].Action[0] != "fs:*" || got.Statement[0].Condition["IpAddress"]["SourceIp"][0] != "10.0.0.0/8" {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := c.UpdatePolicy(ctx, client.Policy{ID: "nope", Statement: stmt}); !client.IsNotFound(err) {
		t.Fatalf("missing: %v", err)
	}
	if _, err := c.CreateUser(ctx, client.UserCreation{ID: "robot"}); err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(testserver.Fault{Operation: "attachPolicyToUser", Kind: testserver.FaultResetAfterHandler, Count: 1})
	if err := c.AttachPolicyToUser(ctx, "robot", "readers"); !client.IsOutcomeUnknown(err) {
		t.Fatalf("reset after attach: %v", err)
	}
	if err := c.AttachPolicyToUser(ctx, "robot", "readers"); !client.IsConflict(err) {
		t.Fatalf("attached twice: %v", err)
	}
	if err := c.AttachPolicyToGroup(ctx, "Viewers", "readers"); err != nil {
		t.Fatal(err)
	}
	if ps, err := c.ListAllUserPolicies(ctx, "robot", false); err != nil || len(ps) != 1 || ps[0].ID != "readers" {
		t.Fatalf("%+v %v", ps, err)
	}
	if ps, err := c.ListAllGroupPolicies(ctx, "Viewers"); err != nil || len(ps) != 1 {
		t.Fatalf("%+v %v", ps, err)
	}
	if err := c.AddGroupMembership(ctx, "Viewers", "robot"); err != nil {
		t.Fatal(err)
	}
	if ps, err := c.ListAllUserPolicies(ctx, "robot", true); err != nil || len(ps) != 1 {
		t.Fatalf("effective %+v %v", ps, err)
	}
	if err := c.DetachPolicyFromUser(ctx, "robot", "readers"); err != nil {
		t.Fatal(err)
	}
	if err := c.DetachPolicyFromGroup(ctx, "Viewers", "readers"); err != nil {
		t.Fatal(err)
	}
	if all, err := c.ListAllPolicies(ctx, ""); err != nil || len(all) != 1 {
		t.Fatalf("%+v %v", all, err)
	}
	if err := c.DeletePolicy(ctx, "readers"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPolicy(ctx, "readers"); !client.IsNotFound(err) {
		t.Fatalf("deleted: %v", err)
	}
}

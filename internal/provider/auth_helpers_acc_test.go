package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// Users, groups, memberships and group ACLs run on acctest.ACLTarget: a real lakeFS with the ACL server, or the
// double's ACL edition. Real lakeFS caches users for ~20 s after a delete (QUIRKS.md): a user deleted behind
// Terraform's back is waited for until getUser says 404, and ids are never reused.

// userCacheWait bounds the wait for lakeFS's user cache to forget a deleted user.
const userCacheWait = 45 * time.Second

// createUserAPI creates a user through the API; it is deleted when the test ends.
func createUserAPI(t *testing.T, target *acctest.Target, id string) {
	t.Helper()
	c := target.Client(t)
	if _, err := c.CreateUser(context.Background(), client.UserCreation{ID: id}); err != nil {
		t.Fatalf("creating user %s: %v", id, err)
	}
	t.Cleanup(func() { _ = c.DeleteUser(context.Background(), id) })
}

// createGroupAPI creates a group through the API; it is deleted when the test ends.
func createGroupAPI(t *testing.T, target *acctest.Target, id string) {
	t.Helper()
	c := target.Client(t)
	if _, err := c.CreateGroup(context.Background(), client.GroupCreation{ID: id}); err != nil {
		t.Fatalf("creating group %s: %v", id, err)
	}
	t.Cleanup(func() { _ = c.DeleteGroup(context.Background(), id) })
}

// deleteUserPreConfig deletes a user through the API and waits until lakeFS no longer answers for it.
func deleteUserPreConfig(t *testing.T, target *acctest.Target, id string) func() {
	return func() {
		c := target.Client(t)
		if err := c.DeleteUser(context.Background(), id); err != nil {
			t.Fatalf("deleting user %s behind Terraform's back: %v", id, err)
		}
		if err := waitUserGone(context.Background(), c, id); err != nil {
			t.Fatal(err)
		}
	}
}

// waitUserGone polls getUser until it answers 404 (real lakeFS caches users for ~20 s after a delete).
func waitUserGone(ctx context.Context, c *client.Client, id string) error {
	deadline := time.Now().Add(userCacheWait)
	for {
		_, err := c.GetUser(ctx, id)
		switch {
		case client.IsNotFound(err):
			return nil
		case err != nil:
			return fmt.Errorf("reading user %s: %w", id, err)
		case time.Now().After(deadline):
			return fmt.Errorf("user %s still answers %s after its delete", id, userCacheWait)
		}
		time.Sleep(time.Second)
	}
}

// deleteGroupPreConfig deletes a group through the API (groups are not cached).
func deleteGroupPreConfig(t *testing.T, target *acctest.Target, id string) func() {
	return func() {
		if err := target.Client(t).DeleteGroup(context.Background(), id); err != nil {
			t.Fatalf("deleting group %s behind Terraform's back: %v", id, err)
		}
	}
}

// checkUsersDestroyed verifies that no user of the state is left, waiting out lakeFS's user cache.
func checkUsersDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckEach("lakefs_user", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		return waitUserGone(ctx, c, rs.Primary.ID)
	})
}

// checkGroupsDestroyed verifies that no group of the state is left.
func checkGroupsDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckDestroyed("lakefs_group", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		_, err := c.GetGroup(ctx, rs.Primary.ID)
		return err
	})
}

// isMember reports through the API whether user is in group.
func isMember(t *testing.T, target *acctest.Target, group, user string) bool {
	t.Helper()
	members, err := target.Client(t).ListAllGroupMembers(context.Background(), group, "")
	if err != nil {
		t.Fatalf("listing the members of %s: %v", group, err)
	}
	for _, m := range members {
		if m.ID == user {
			return true
		}
	}
	return false
}

// importNonExistentStep imports id, which names nothing in lakeFS, into address: the import fails instead of
// importing nothing.
func importNonExistentStep(config, address, id string) resource.TestStep {
	return resource.TestStep{
		Config:        config,
		ResourceName:  address,
		ImportState:   true,
		ImportStateId: id,
		ExpectError:   regexp.MustCompile(`(?s)Cannot\s+import\s+non-existent\s+remote\s+object`),
	}
}

// testAccUserHCL declares lakefs_user.<name>.
func testAccUserHCL(name, id string) string {
	return hclBlock(`resource "lakefs_user" "`+name+`"`, hclString("id", id))
}

// testAccGroupHCL declares lakefs_group.test.
func testAccGroupHCL(id, description string) string {
	return hclBlock(`resource "lakefs_group" "test"`, hclString("id", id), hclOptionalString("description", description))
}

// ossAloneTarget is lakeFS OSS without an auth server (a single user; groups answer 501): acctest.OSSTarget,
// skipped against an external lakeFS that serves groups (its external principals answer 501 too).
func ossAloneTarget(t *testing.T) *acctest.Target {
	t.Helper()
	target := acctest.OSSTarget(t)
	if acctest.External() {
		if _, err := target.Client(t).ListGroups(t.Context(), client.ListOptions{Amount: 1}); !client.IsNotImplemented(err) {
			t.Skip("the lakeFS at LAKEFS_ENDPOINT has an auth server (it serves groups): not lakeFS OSS alone")
		}
	}
	return target
}

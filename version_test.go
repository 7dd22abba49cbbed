package crevio_test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
)

// semver is a version as Semantic Versioning 2.0.0 spells it, without the
// leading "v" (build metadata left out: a release is never told apart by it).
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// releaseHeading is a release section's heading in CHANGELOG.md, as Keep a
// Changelog writes it: "## [0.1.0] - 2026-12-02".
var releaseHeading = regexp.MustCompile(`^## \[([^\]]+)\] - (\d{4}-\d{2}-\d{2})$`)

func TestVersionIsSemver(t *testing.T) {
	if !semver.MatchString(crevio.Version) {
		t.Errorf("Version %q is not a semantic version such as 1.2.3", crevio.Version)
	}
}

// TestChangelogTopReleaseIsVersion checks that the newest release section
// of CHANGELOG.md, the first after [Unreleased], is the release that
// Version names: bumping one without the other fails here.
func TestChangelogTopReleaseIsVersion(t *testing.T) {
	f, err := os.Open("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	var headings []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimRight(sc.Text(), " \t"); strings.HasPrefix(line, "## ") {
			headings = append(headings, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	if len(headings) == 0 || headings[0] != "## [Unreleased]" {
		t.Errorf("the first section of CHANGELOG.md should be \"## [Unreleased]\", headings: %q", headings)
	}
	for _, h := range headings {
		if h == "## [Unreleased]" {
			continue
		}
		m := releaseHeading.FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("CHANGELOG.md: the newest release heading %q is not of the form \"## [%s] - YYYY-MM-DD\"", h, crevio.Version)
		}
		if m[1] != crevio.Version {
			t.Errorf("CHANGELOG.md's newest release is %s, but crevio.Version is %s: bump both together", m[1], crevio.Version)
		}
		if _, err := time.Parse(time.DateOnly, m[2]); err != nil {
			t.Errorf("CHANGELOG.md: release %s has a bad date %q: %v", m[1], m[2], err)
		}
		return
	}
	t.Errorf("CHANGELOG.md has no release section after [Unreleased]; add \"## [%s] - YYYY-MM-DD\" for crevio.Version", crevio.Version)
}

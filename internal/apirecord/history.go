package main

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// recordDir is the directory of the record files, relative to the
// repository root, as git prints paths.
const recordDir = "api/"

// changelog is the file a change to the record must come with.
const changelog = "CHANGELOG.md"

// checkHistory checks every non-merge commit reachable from HEAD in the git
// repository at dir: one that changed a file under api/ must change
// CHANGELOG.md too. It returns an error naming each commit that did not.
//
// Where the check cannot be made it warns on w and returns nil: without
// git, outside a git work tree, or in a shallow clone (whose oldest commit
// would look as if it added every file). Uncommitted changes to api/
// without one to CHANGELOG.md are a warning too, as they are not a commit
// yet.
func checkHistory(dir string, w io.Writer) error {
	if _, err := exec.LookPath("git"); err != nil {
		fmt.Fprintln(w, "apirecord: warning: git is not installed; not checking that api/ changes come with CHANGELOG.md")
		return nil
	}
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		fmt.Fprintf(w, "apirecord: warning: %s is not in a git work tree; not checking that api/ changes come with CHANGELOG.md\n", dir)
		return nil
	}
	top = strings.TrimSpace(top)
	shallow, err := git(top, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return err
	}
	if strings.TrimSpace(shallow) == "true" {
		fmt.Fprintln(w, "apirecord: warning: the clone is shallow; not checking that api/ changes come with CHANGELOG.md (fetch with --unshallow to check)")
		return nil
	}
	if _, err := git(top, "rev-parse", "--verify", "--quiet", "HEAD"); err != nil {
		fmt.Fprintln(w, "apirecord: warning: the repository has no commits yet")
		return nil
	}

	// One pass over the history: for each commit that touched api/ or the
	// CHANGELOG, the names of the files among those that it changed.
	out, err := git(top, "log", "--no-merges", "--format=%x00%h %s", "--name-only", "--", recordDir, changelog)
	if err != nil {
		return err
	}
	var bad []string
	for entry := range strings.SplitSeq(out, "\x00") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		lines := strings.Split(entry, "\n")
		if changesRecordOnly(lines[1:]) {
			bad = append(bad, lines[0])
		}
	}

	status, err := git(top, "status", "--porcelain", "--", recordDir, changelog)
	if err != nil {
		return err
	}
	var changed []string
	for _, l := range strings.Split(status, "\n") {
		if len(l) > 3 {
			changed = append(changed, strings.TrimSpace(l[3:]))
		}
	}
	if changesRecordOnly(changed) {
		fmt.Fprintf(w, "apirecord: warning: api/ has uncommitted changes but %s does not; commit them together\n", changelog)
	}

	if len(bad) > 0 {
		return fmt.Errorf("every change to the exported API needs a %s entry in the same commit; "+
			"these commits changed the API record (%s) without changing %s:\n  %s",
			changelog, recordDir, changelog, strings.Join(bad, "\n  "))
	}
	return nil
}

// changesRecordOnly reports whether the changed files include one under
// api/ but not the CHANGELOG.
func changesRecordOnly(files []string) bool {
	record, log := false, false
	for _, f := range files {
		f = strings.TrimSpace(f)
		switch {
		case f == changelog:
			log = true
		case strings.HasPrefix(f, recordDir):
			record = true
		}
	}
	return record && !log
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

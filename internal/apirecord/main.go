// Command apirecord keeps the record of the exported API of the packages
// users import, crevio and creviotest, in api/crevio.txt and
// api/creviotest.txt, one sorted line per exported identifier, as the Go
// project's own api/ files do.
//
// Run it from anywhere inside the module:
//
//	go run ./internal/apirecord           # print the API of every recorded package
//	go run ./internal/apirecord -w        # rewrite api/*.txt from the code
//	go run ./internal/apirecord -check    # exit 1 when the code and api/*.txt differ
//	go run ./internal/apirecord -history  # exit 1 when a commit changed api/ but not CHANGELOG.md
//
// CI runs -check and -history: a change to the exported surface has to
// come with the rewritten record and a CHANGELOG.md entry in the same
// commit. A line that leaves the record (a removed or changed identifier, a
// type that stops being comparable) is a breaking change.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// target is one recorded package: a go list pattern relative to the module
// root and its record file, relative to the module root too.
type target struct {
	pattern string
	file    string
}

// targets are the packages users import.
var targets = []target{
	{".", "api/crevio.txt"},
	{"./creviotest", "api/creviotest.txt"},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("apirecord", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("w", false, "rewrite the api/*.txt records from the code")
	checkFlag := fs.Bool("check", false, "exit 1 when the code's exported API differs from api/*.txt")
	history := fs.Bool("history", false, "exit 1 when a commit changed api/ without changing CHANGELOG.md")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "apirecord: unexpected arguments %q\n", fs.Args())
		return 2
	}
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(stderr, "apirecord:", err)
		return 1
	}

	switch {
	case *history:
		if err := checkHistory(root, stderr); err != nil {
			fmt.Fprintln(stderr, "apirecord:", err)
			return 1
		}
		fmt.Fprintln(stdout, "apirecord: every commit that changed api/ changed CHANGELOG.md too")
	case *write:
		if err := writeRecords(root, targets); err != nil {
			fmt.Fprintln(stderr, "apirecord:", err)
			return 1
		}
	case *checkFlag:
		ok, err := check(root, targets, stderr)
		if err != nil {
			fmt.Fprintln(stderr, "apirecord:", err)
			return 1
		}
		if !ok {
			fmt.Fprintln(stderr, "If the change is intended, run `go run ./internal/apirecord -w` and describe it in CHANGELOG.md\n"+
				"in the same commit. A removed (-) line is a breaking change.")
			return 1
		}
		fmt.Fprintln(stdout, "apirecord: the exported API matches api/")
	default:
		recs, err := records(root, targets)
		if err != nil {
			fmt.Fprintln(stderr, "apirecord:", err)
			return 1
		}
		for _, r := range recs {
			for _, l := range r.lines {
				fmt.Fprintln(stdout, l)
			}
		}
	}
	return 0
}

// moduleRoot is the directory of the main module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

type recorded struct {
	target
	path  string // the package's import path
	lines []string
}

// records computes the API of every target.
func records(root string, ts []target) ([]recorded, error) {
	patterns := make([]string, len(ts))
	for i, t := range ts {
		patterns[i] = t.pattern
	}
	paths, pkgs, err := load(root, patterns...)
	if err != nil {
		return nil, err
	}
	if len(paths) != len(ts) {
		return nil, fmt.Errorf("go list found %d packages for %d patterns %q", len(paths), len(ts), patterns)
	}
	out := make([]recorded, len(ts))
	for i, t := range ts {
		out[i] = recorded{target: t, path: paths[i], lines: record(pkgs[paths[i]])}
	}
	return out, nil
}

func filePath(root, file string) string {
	if filepath.IsAbs(file) {
		return file
	}
	return filepath.Join(root, file)
}

func format(lines []string) []byte {
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// writeRecords rewrites every target's record file.
func writeRecords(root string, ts []target) error {
	recs, err := records(root, ts)
	if err != nil {
		return err
	}
	for _, r := range recs {
		name := filePath(root, r.file)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, format(r.lines), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// check compares every target's API with its record file and describes
// each difference on w: "-" for a line in the record that the code no
// longer has, "+" for a line of the code that the record lacks. It reports
// whether all of them match.
func check(root string, ts []target, w io.Writer) (bool, error) {
	recs, err := records(root, ts)
	if err != nil {
		return false, err
	}
	ok := true
	for _, r := range recs {
		data, err := os.ReadFile(filePath(root, r.file))
		if errors.Is(err, os.ErrNotExist) {
			data = nil
		} else if err != nil {
			return false, err
		}
		if bytes.Equal(data, format(r.lines)) {
			continue
		}
		ok = false
		fmt.Fprintf(w, "%s does not match the exported API of %s:\n", r.file, r.path)
		removed, added := diff(splitLines(data), r.lines)
		for _, l := range removed {
			fmt.Fprintf(w, "-%s\n", l)
		}
		for _, l := range added {
			fmt.Fprintf(w, "+%s\n", l)
		}
		if len(removed) == 0 && len(added) == 0 {
			fmt.Fprintln(w, "(same lines, but not in the order and form -w writes)")
		}
	}
	return ok, nil
}

func splitLines(data []byte) []string {
	var lines []string
	for l := range strings.SplitSeq(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// diff returns the lines of old missing from new, and those of new missing
// from old, each in their original order.
func diff(old, new []string) (removed, added []string) {
	inOld := make(map[string]bool, len(old))
	for _, l := range old {
		inOld[l] = true
	}
	inNew := make(map[string]bool, len(new))
	for _, l := range new {
		inNew[l] = true
	}
	for _, l := range old {
		if !inNew[l] {
			removed = append(removed, l)
		}
	}
	for _, l := range new {
		if !inOld[l] {
			added = append(added, l)
		}
	}
	return removed, added
}

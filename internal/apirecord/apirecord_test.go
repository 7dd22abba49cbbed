package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/fixture.txt")

// fixture is the test package, as a target of the module's root.
func fixture(t *testing.T, file string) (string, []target) {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root, []target{{"./internal/apirecord/testdata/fixture", file}}
}

func TestRecordFixture(t *testing.T) {
	root, ts := fixture(t, "")
	recs, err := records(root, ts)
	if err != nil {
		t.Fatal(err)
	}
	got := string(format(recs[0].lines))
	golden := filepath.Join("testdata", "fixture.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("record of the fixture differs from %s (go test ./internal/apirecord -update rewrites it):\ngot:\n%s", golden, got)
	}
}

// TestRecordLines checks the lines that matter most one by one, so that a
// wrong golden file cannot hide them.
func TestRecordLines(t *testing.T) {
	root, ts := fixture(t, "")
	recs, err := records(root, ts)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, l := range recs[0].lines {
		if !strings.HasPrefix(l, "pkg fixture, ") {
			t.Errorf("line without the package prefix: %q", l)
		}
		have[strings.TrimPrefix(l, "pkg fixture, ")] = true
	}
	for _, want := range []string{
		`const Version = "1.2.3"`,
		`const Version untyped string`,
		`const DefaultTimeout time.Duration`,
		`const DefaultTimeout = 30000000000`,
		`const Green Color`,
		`const Green = 1`,
		`var ErrBoom error`,
		`func New(string, ...Option) (*Client, error)`,
		`func Ptr[T any](T) *T`,
		`type Option func(*Client)`,
		`type Client struct`,
		`type Client struct, Name string`,
		`type Client comparable`,
		`method (*Client) Do(context.Context, func(int) bool) error`,
		`method (Client) String() string`,
		`type Holder struct, Inner int`,
		`type Holder struct, embedded *Client`,
		`type Holder struct, Ch <-chan int`,
		`method (Holder) Promoted()`,
		`method (Holder) String() string`,
		`method (Holder) Do(context.Context, func(int) bool) error`,
		`type Doer interface { Close, Do, unexported methods }`,
		`type Doer interface, Close() error`,
		`type Doer interface, Do(context.Context) error`,
		`type Number interface{~int | ~float64}`,
		`type Alias = Client`,
		`type Page[T any] struct`,
		`type Page[T any] struct, Data []T`,
		`method (*Page[T]) Len() int`,
		`type Grid [2][2]Color`,
		`type Grid comparable`,
	} {
		if !have[want] {
			t.Errorf("missing line %q", want)
		}
	}
	for l := range have {
		for _, bad := range []string{"blue", "hidden", "unexported", "secret", "key", "inner ", "funcs", "Holder comparable", "Page[T any] comparable", "Method"} {
			if strings.Contains(l, bad) && !strings.Contains(l, "unexported methods") {
				t.Errorf("line %q records something unexported or wrong (%q)", l, bad)
			}
		}
	}
}

func TestWriteThenCheck(t *testing.T) {
	file := filepath.Join(t.TempDir(), "api", "fixture.txt")
	root, ts := fixture(t, file)

	var out strings.Builder
	ok, err := check(root, ts, &out)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Fatal("check passed without a record file")
	}

	if err := writeRecords(root, ts); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	ok, err = check(root, ts, &out)
	if err != nil {
		t.Fatal(err)
	}
	if !ok || out.Len() != 0 {
		t.Fatalf("check after -w: ok=%v, output:\n%s", ok, out.String())
	}
}

func TestCheckShowsTheDifference(t *testing.T) {
	file := filepath.Join(t.TempDir(), "fixture.txt")
	root, ts := fixture(t, file)
	if err := writeRecords(root, ts); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The record says what an older version had: a field that the code
	// no longer has, no Len method, and a Client that was comparable.
	old := strings.Replace(string(data), "pkg fixture, method (*Page[T]) Len() int\n", "", 1)
	old += "pkg fixture, type Client struct, Removed int\n"
	if err := os.WriteFile(file, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}

	var out strings.Builder
	ok, err := check(root, ts, &out)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Fatal("check passed with a stale record")
	}
	msg := out.String()
	for _, want := range []string{
		file + " does not match the exported API of github.com/creviolabs/crevio-go/internal/apirecord/testdata/fixture:\n",
		"\n-pkg fixture, type Client struct, Removed int\n",
		"\n+pkg fixture, method (*Page[T]) Len() int\n",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("check output lacks %q:\n%s", want, msg)
		}
	}
}

func TestCheckReportsABuildFailure(t *testing.T) {
	root, _ := fixture(t, "")
	_, err := check(root, []target{{"./internal/apirecord/testdata/nosuchpackage", filepath.Join(t.TempDir(), "x.txt")}}, &strings.Builder{})
	if err == nil {
		t.Fatal("check of a package that does not exist returned no error")
	}
}

// TestRunFlags runs the command's flag handling, not its actions.
func TestRunFlags(t *testing.T) {
	var stdout, stderr strings.Builder
	if code := run([]string{"-nosuchflag"}, &stdout, &stderr); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code := run([]string{"extra"}, &stdout, &stderr); code != 2 {
		t.Errorf("extra argument: exit %d, want 2", code)
	}
}

func TestDiff(t *testing.T) {
	removed, added := diff([]string{"a", "b", "c"}, []string{"a", "c", "d"})
	if strings.Join(removed, ",") != "b" || strings.Join(added, ",") != "d" {
		t.Errorf("diff = %q, %q", removed, added)
	}
}

// gitRepo makes a repository in a new directory with one commit per
// element of commits, each writing the named files.
func gitRepo(t *testing.T, commits ...[]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	runGit(t, dir, "init", "-q")
	for i, files := range commits {
		for _, f := range files {
			name := filepath.Join(dir, f)
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(strings.Repeat("x", i+1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		runGit(t, dir, "add", "-A")
		runGit(t, dir, "commit", "-q", "--allow-empty", "-m", "commit "+string(rune('A'+i)))
	}
	return dir
}

func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func TestHistoryAccepted(t *testing.T) {
	dir := gitRepo(t,
		[]string{"go.mod", "CHANGELOG.md", "api/x.txt"},
		[]string{"a.go"},
		[]string{"CHANGELOG.md"},
		[]string{"api/x.txt", "api/y.txt", "CHANGELOG.md"},
	)
	var w strings.Builder
	if err := checkHistory(dir, &w); err != nil {
		t.Fatal(err)
	}
	if w.Len() != 0 {
		t.Errorf("warnings: %s", w.String())
	}
}

func TestHistoryRejectsARecordChangeWithoutTheChangelog(t *testing.T) {
	dir := gitRepo(t,
		[]string{"go.mod", "CHANGELOG.md", "api/x.txt"},
		[]string{"api/x.txt", "a.go"},
		[]string{"CHANGELOG.md"},
	)
	var w strings.Builder
	err := checkHistory(dir, &w)
	if err == nil {
		t.Fatal("a commit changing api/ without CHANGELOG.md passed")
	}
	if !strings.Contains(err.Error(), " commit B") || strings.Contains(err.Error(), "commit A") || strings.Contains(err.Error(), "commit C") {
		t.Errorf("the error should name commit B only: %v", err)
	}

	// From a subdirectory, the same.
	if err := checkHistory(filepath.Join(dir, "api"), &w); err == nil {
		t.Error("the check from a subdirectory passed")
	}
}

func TestHistoryWarnsAboutUncommittedChanges(t *testing.T) {
	dir := gitRepo(t, []string{"CHANGELOG.md", "api/x.txt"})
	if err := os.WriteFile(filepath.Join(dir, "api", "x.txt"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	var w strings.Builder
	if err := checkHistory(dir, &w); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(w.String(), "uncommitted") {
		t.Errorf("no warning about the uncommitted change: %q", w.String())
	}
}

func TestHistorySkipsAShallowClone(t *testing.T) {
	dir := gitRepo(t,
		[]string{"CHANGELOG.md", "api/x.txt"},
		[]string{"api/x.txt"},
		[]string{"a.go"},
	)
	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, t.TempDir(), "clone", "-q", "--depth=1", "file://"+dir, clone)
	var w strings.Builder
	if err := checkHistory(clone, &w); err != nil {
		t.Fatalf("shallow clone: %v", err)
	}
	if !strings.Contains(w.String(), "shallow") {
		t.Errorf("no warning about the shallow clone: %q", w.String())
	}
	// The full history has the bad commit.
	if err := checkHistory(dir, &w); err == nil {
		t.Error("the full history passed")
	}
}

func TestHistorySkipsOutsideGit(t *testing.T) {
	var w strings.Builder
	if err := checkHistory(t.TempDir(), &w); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(w.String(), "warning") {
		t.Errorf("no warning outside a repository: %q", w.String())
	}
}

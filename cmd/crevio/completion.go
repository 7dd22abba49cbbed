package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Shell completion: each script is generated from the same command tree
// as the commands, as a table of command paths ("", "products",
// "products list") with the words that may follow each and its flags.

// compNode is one command path of the completion table.
type compNode struct {
	path  string
	words []string
	flags []*flagDef
}

// completionTable returns every command path with its words and flags.
func (a *app) completionTable() []compNode {
	var globals flagSet
	a.addGlobals(&globals)
	root := compNode{path: "", flags: globals.defs}
	nodes := []compNode{}
	for _, r := range a.tree {
		root.words = append(root.words, r.name)
		rn := compNode{path: r.name, flags: globals.defs}
		for _, op := range r.ops {
			rn.words = append(rn.words, op.name)
			args := &opArgs{data: newData(), flagged: map[string][]byte{}}
			nodes = append(nodes, compNode{path: op.path(), flags: a.opFlags(op, args).defs})
		}
		nodes = append(nodes, rn)
	}
	for _, s := range special {
		root.words = append(root.words, s.name)
	}
	help := compNode{path: "help", flags: globals.defs}
	for t := range helpTopics {
		help.words = append(help.words, t)
	}
	sort.Strings(help.words)
	help.words = append(help.words, root.words...)
	nodes = append(nodes,
		help,
		compNode{path: "completion", words: []string{"bash", "zsh", "fish"}, flags: globals.defs},
		compNode{path: "request", words: []string{"GET", "POST", "PATCH", "PUT", "DELETE"}, flags: a.requestFlags(&requestOpts{}).defs},
		compNode{path: "listen", flags: a.listenFlags(&listenOpts{}).defs},
		compNode{path: "trigger", words: triggerTypes, flags: a.triggerFlags(&triggerOpts{}).defs},
		compNode{path: "version", flags: globals.defs},
	)
	return append([]compNode{root}, nodes...)
}

// resourceNames are the commands whose path has two words.
func (a *app) resourceNames() []string {
	names := make([]string, len(a.tree))
	for i, r := range a.tree {
		names[i] = r.name
	}
	return names
}

const completionHelp = `Print a shell completion script.

Usage:
  crevio completion bash|zsh|fish

  bash:  source <(crevio completion bash)      # or save it in /etc/bash_completion.d/crevio
  zsh:   source <(crevio completion zsh)       # after compinit; or save it as _crevio in $fpath
  fish:  crevio completion fish > ~/.config/fish/completions/crevio.fish
`

func (a *app) completion(argv []string) error {
	var fs flagSet
	a.addGlobals(&fs)
	pos, _, err := fs.parse(argv, "crevio completion", false)
	if err != nil {
		return err
	}
	if a.g.help {
		fmt.Fprint(a.stdout, completionHelp)
		return nil
	}
	if len(pos) != 1 {
		return usagef("crevio completion", "completion wants one argument: bash, zsh or fish")
	}
	switch pos[0] {
	case "bash":
		a.writeBash(a.stdout)
	case "zsh":
		a.writeZsh(a.stdout)
	case "fish":
		a.writeFish(a.stdout)
	default:
		return usagef("crevio completion", "unknown shell %q: want bash, zsh or fish", pos[0])
	}
	return nil
}

// flagWords lists the flags of a node as --name words; with valued, only
// those that take a value; with files, only those whose value is a file.
func flagWords(defs []*flagDef, valued bool, files ...bool) string {
	var out []string
	for _, d := range defs {
		if valued && d.isBool() || len(files) > 0 && d.arg != "file" && d.arg != "path" {
			continue
		}
		out = append(out, "--"+d.name)
		if d.short != "" {
			out = append(out, "-"+d.short)
		}
	}
	return strings.Join(out, " ")
}

// writeShFunctions writes the table as POSIX-style shell functions, which
// bash and zsh share: _crevio_words PATH, _crevio_flags PATH and
// _crevio_valued PATH print a word list; _crevio_depth WORD prints how many
// words a command's path has.
func (a *app) writeShFunctions(w io.Writer) {
	table := a.completionTable()
	write := func(name string, value func(n compNode) string) {
		fmt.Fprintf(w, "%s() {\n    case \"$1\" in\n", name)
		for _, n := range table {
			if v := value(n); v != "" {
				fmt.Fprintf(w, "        %q) echo %q ;;\n", n.path, v)
			}
		}
		fmt.Fprintf(w, "    esac\n}\n")
	}
	write("_crevio_words", func(n compNode) string { return strings.Join(n.words, " ") })
	write("_crevio_flags", func(n compNode) string { return flagWords(n.flags, false) })
	write("_crevio_valued", func(n compNode) string { return flagWords(n.flags, true) })
	write("_crevio_fileflags", func(n compNode) string { return flagWords(n.flags, true, true) })
	fmt.Fprintf(w, "_crevio_depth() {\n    case \"$1\" in\n        %s) echo 2 ;;\n        *) echo 1 ;;\n    esac\n}\n",
		strings.Join(a.resourceNames(), "|"))
	// _crevio_path prints the command path of words 2..$1-1 of the
	// arguments after it, skipping flags and their values.
	fmt.Fprint(w, `_crevio_path() {
    local cpath="" n=0 depth=1 skip=0 w
    for w in "$@"; do
        if [ "$skip" = 1 ]; then skip=0; continue; fi
        case "$w" in
            -*=*) ;;
            -*) case " $(_crevio_valued "$cpath") " in *" $w "*) skip=1 ;; esac ;;
            *)
                if [ "$n" -lt "$depth" ]; then
                    if [ -z "$cpath" ]; then cpath="$w"; depth=$(_crevio_depth "$w"); else cpath="$cpath $w"; fi
                    n=$((n + 1))
                fi ;;
        esac
    done
    echo "$cpath"
}
`)
}

func (a *app) writeBash(w io.Writer) {
	fmt.Fprintf(w, "# bash completion for crevio, generated by 'crevio completion bash' (crevio %s)\n", versionString())
	a.writeShFunctions(w)
	fmt.Fprint(w, `_crevio() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev=""
    [ "$COMP_CWORD" -gt 1 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"
    local cpath
    cpath=$(_crevio_path "${COMP_WORDS[@]:1:COMP_CWORD-1}")
    if [[ "$prev" == -* && "$prev" != *=* && " $(_crevio_valued "$cpath") " == *" $prev "* ]]; then
        COMPREPLY=()
        if [[ " $(_crevio_fileflags "$cpath") " == *" $prev "* ]]; then
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return
    fi
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(_crevio_flags "$cpath")" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$(_crevio_words "$cpath")" -- "$cur"))
    fi
}
complete -F _crevio crevio
`)
}

func (a *app) writeZsh(w io.Writer) {
	fmt.Fprintf(w, "#compdef crevio\n# zsh completion for crevio, generated by 'crevio completion zsh' (crevio %s)\n", versionString())
	a.writeShFunctions(w)
	fmt.Fprint(w, `_crevio() {
    local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}"
    local cpath
    cpath=$(_crevio_path "${(@)words[2,CURRENT-1]}")
    if [[ "$prev" == -* && "$prev" != *=* && " $(_crevio_valued "$cpath") " == *" $prev "* ]]; then
        if [[ " $(_crevio_fileflags "$cpath") " == *" $prev "* ]]; then
            _files
        fi
        return
    fi
    if [[ "$cur" == -* ]]; then
        compadd -- ${=$(_crevio_flags "$cpath")}
    else
        compadd -- ${=$(_crevio_words "$cpath")}
    fi
}
if [ "$funcstack[1]" = "_crevio" ]; then
    _crevio "$@"
else
    compdef _crevio crevio
fi
`)
}

func (a *app) writeFish(w io.Writer) {
	table := a.completionTable()
	fmt.Fprintf(w, "# fish completion for crevio, generated by 'crevio completion fish' (crevio %s)\n", versionString())
	fmt.Fprintf(w, "function __crevio_valued\n    switch \"$argv[1]\"\n")
	for _, n := range table {
		if v := flagWords(n.flags, true); v != "" {
			fmt.Fprintf(w, "        case %s\n            echo %s\n", fishQuote(n.path), v)
		}
	}
	fmt.Fprintf(w, "    end\nend\n")
	fmt.Fprintf(w, `function __crevio_path
    set -l toks (commandline -opc)
    set -e toks[1]
    set -l cpath
    set -l depth 1
    set -l skip 0
    for w in $toks
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case '-*=*'
            case '-*'
                if contains -- $w (string split -- ' ' (__crevio_valued (string join ' ' $cpath)))
                    set skip 1
                end
            case '*'
                if test (count $cpath) -lt $depth
                    set -a cpath $w
                    if contains -- $w %s
                        set depth 2
                    end
                end
        end
    end
    string join ' ' $cpath
end
function __crevio_at
    set -l p (__crevio_path)
    test "$p" = "$argv[1]"
end
complete -c crevio -f
`, strings.Join(a.resourceNames(), " "))
	for _, n := range table {
		cond := fishQuote("__crevio_at " + fishQuote(n.path))
		if len(n.words) > 0 {
			fmt.Fprintf(w, "complete -c crevio -n %s -a %s\n", cond, fishQuote(strings.Join(n.words, " ")))
		}
		for _, d := range n.flags {
			line := fmt.Sprintf("complete -c crevio -n %s -l %s", cond, d.name)
			if d.short != "" {
				line += " -s " + d.short
			}
			switch {
			case d.arg == "file" || d.arg == "path":
				line += " -r -F"
			case !d.isBool():
				line += " -x"
			}
			line += " -d " + fishQuote(firstClause(d.usage))
			fmt.Fprintln(w, line)
		}
	}
}

// fishQuote quotes s for fish (single quotes; \ and ' escaped).
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// firstClause is a flag's usage up to its first ; or (.
func firstClause(s string) string {
	if i := strings.IndexAny(s, ";("); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func versionString() string { return cliVersion }

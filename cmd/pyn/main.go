// Pyn runs spiking-neural-network simulations written in interpreted Go:
// scripts, Jupyter notebooks (headless, or live through the Jupyter kernel)
// and an interactive prompt.
//
// Usage:
//
//	pyn <command> [arguments]
//
// The commands are:
//
//	run       run Go scripts and notebooks, writing figures and executed notebooks
//	repl      start an interactive prompt
//	export    run a script or notebook and export its network as a SONATA circuit
//	kernel    serve as a Jupyter kernel (started by Jupyter, not by hand)
//	install   install the pyn kernel spec for Jupyter
//	version   print pyn's version and the Go version it was built with
//	help      print help for a command
//
// Use "pyn help <command>" for the flags of one command.
//
// # Code that pyn runs
//
// Scripts, notebook cells and REPL entries are Go, interpreted by yaegi; the
// simulator itself is compiled. A chunk of code may mix imports,
// declarations (func, type, var, const) and statements in any order, like a
// notebook cell; the packages pyn, display, fmt and math are available
// without an import. A .go file may also be a complete main package: its main
// function runs.
//
// # pyn run
//
//	pyn run [--out DIR] [--keep-going] [--timeout D] FILE|DIR...
//
// runs each argument in turn, each in a fresh interpreter:
//
//   - a .go file is run as a script. Its printed output goes to standard
//     output. Every figure it displays (a value implementing PNG() []byte
//     or SVG() string, such as the *pyn.Figure that pyn.ShowData returns,
//     or an image.Image) is written to DIR/<script name>/figNN.png (.svg
//     for a figure displayed as SVG only) and the file's path is printed.
//   - a .ipynb file is a Jupyter notebook (nbformat 4). Its code cells run
//     in order; the executed notebook, with its outputs (text, images,
//     errors) in standard nbformat 4, is written to DIR/<notebook
//     name>.ipynb and every figure also to DIR/<notebook name>/figNN.png.
//     The input may have its outputs stripped; it is never modified.
//   - a directory stands for every .ipynb file in it, in name order.
//
// DIR defaults to ./pyn-out. Figure files a previous run left in a file's
// figure folder are removed first, so that the folder holds exactly this
// run's figures. Two arguments with the same name (a/x.go, b/x.ipynb) are
// refused: their results would overwrite each other.
//
// An error (a compile error, a panic, a failed simulation) stops the file
// it happened in with a message naming the file, the cell (counting every
// cell, markdown included, as Jupyter shows them) and the line; pyn run
// stops there with exit status 1. The executed notebook is still written,
// with the error as the failing cell's output. With --keep-going, pyn run
// runs the rest of the cells and files after an error, like make -k, and
// still exits with status 1 at the end if anything failed. With --timeout
// D (such as 30s or 5m), a notebook cell or a script running longer than D
// is stopped as an error. Ctrl-C stops the running cell (a running
// simulation included) like an error; a second Ctrl-C kills pyn.
//
// Example:
//
//	$ pyn run notebooks
//	notebooks/01-single-neuron.ipynb: 10 cells, 3 figures, 0.2s, ok -> pyn-out/01-single-neuron.ipynb
//	  pyn-out/01-single-neuron/fig01.png
//	...
//
// # pyn export
//
//	pyn export --sonata DIR [--net EXPR] [--sim EXPR] FILE.go|FILE.ipynb
//
// runs the script or notebook (its text output goes to standard error),
// then exports the network EXPR (default net, a *pyn.Network) and the run
// EXPR (default sim, a pyn.Sim) into the new folder DIR with
// sonata.Export, and prints the command that runs it with PyNN on NEURON
// under MPI. EXPR is any Go expression valid after the file ran. See
// docs/scale.md.
//
// # pyn repl
//
//	pyn repl [--out DIR]
//
// is an interactive prompt with line editing, Tab completion and history
// (kept in the user's cache directory, e.g. ~/.cache/pyn/repl_history).
// An entry whose braces or parentheses are still open continues on the
// next line. The value of a trailing expression is printed. Figures are
// written to DIR/repl/ (DIR defaults to ./pyn-out), numbered after those
// of earlier sessions, and their paths printed. Ctrl-C while code runs
// cancels it (a running simulation stops and keeps what it has done) and
// returns to the prompt; a second Ctrl-C, if the code does not stop,
// quits. Ctrl-C at the prompt discards the entry. Ctrl-D on an empty line,
// or :quit, exits; :reset starts a fresh interpreter; :help lists the
// commands.
//
// # pyn kernel
//
//	pyn kernel --connection-file FILE
//
// is the Jupyter kernel (docs/kernel.md). It runs cells in a child process
// it starts itself (the hidden command pyn worker), so that a fatal Go
// error in a cell (stack overflow, out of memory, concurrent map writes)
// costs the cell and the session's state, not the kernel. The environment
// variable PYN_WORKER_MEMORY_LIMIT sets that process's address-space limit
// in bytes (-1: none; default: the physical memory or the cgroup's limit).
//
// # Examples
//
// The tutorial of pyN, the Python library pyn re-creates, as scripts for
// pyn run: cmd/pyn/testdata/examples/01-single-neuron.go (one
// tonic-spiking neuron), 02-recurrent-network.go (a recurrent population:
// quiet with the default weights, runaway excitation with strong ones,
// tamed by inhibition) and 03-thalamocortical-loop.go (two connected
// populations with a delayed feedback path, with and without STDP). The tests run each one and compare its output with the
// "// Output:" comment at its end. The notebooks in notebooks/ tell the same
// story at more length.
//
// # Exit status
//
// 0 on success, 1 when a command fails (the error is printed on standard
// error, starting with "pyn: "), 2 for a usage error (an unknown command or
// a bad flag).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand of pyn. A subcommand's file registers it from
// its init function; one table drives both dispatch and help.
type command struct {
	Name  string // as typed after pyn
	Usage string // one line: the command with its flags and arguments
	Short string // one-line description for the command list
	// Run runs the command with the arguments after its name. An error
	// makes pyn exit with status 1, a *usageError (see parseFlags) with
	// status 2, and flag.ErrHelp (-h was given) with status 0.
	Run func(args []string) error
	// Hidden commands are not listed: pyn starts them itself.
	Hidden bool
}

// commands is the table of subcommands, by name.
var commands = map[string]*command{}

// register adds c to the command table. It panics on a duplicate name, a
// programming error found by the first run of any test.
func register(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("pyn: command " + c.Name + " registered twice")
	}
	commands[c.Name] = c
}

// usageError reports a usage mistake (a bad flag or argument): main prints
// it with the command's usage and exits with status 2.
type usageError struct {
	msg     string
	printed bool // the flag set has already printed the message and usage
}

func (e *usageError) Error() string { return e.msg }

// errHelpAsked is returned by a command whose -h flag was given: its usage
// has been printed, and asking for help is a success.
var errHelpAsked = flag.ErrHelp

// parseFlags parses args with fs and turns a parse error into a
// usageError, so that main exits with status 2 for a bad flag (and with 0
// for -h).
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		return errHelpAsked
	default:
		return &usageError{msg: err.Error(), printed: true}
	}
}

// parseFlagsAndNames parses args into fs, letting flags come after file
// names too: parse, take the next file name, parse the rest. It returns the
// file names in order.
func parseFlagsAndNames(fs *flag.FlagSet, args []string) ([]string, error) {
	var names []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return names, nil
		}
		names = append(names, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// newFlagSet returns a flag set for command name that reports errors
// instead of exiting and prints its defaults under the command's usage
// line on stderr, so that every command prints its usage the same way.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		printUsage(fs.Output(), commands[name])
		fs.PrintDefaults()
	}
	return fs
}

func printUsage(w io.Writer, c *command) {
	if c == nil {
		return
	}
	fmt.Fprintf(w, "usage: pyn %s\n\n%s.\n", c.Usage, c.Short)
}

// stdout and stderr are where commands print; tests replace them.
var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
)

func main() {
	os.Exit(runMain(os.Args[1:]))
}

// runMain dispatches args (without the program name) and returns the exit
// status. It is the single place that turns errors into messages and exit
// statuses.
func runMain(args []string) int {
	if len(args) == 0 {
		printCommands(stderr)
		return 2
	}
	name := args[0]
	c, ok := commands[name]
	if !ok {
		switch name {
		case "-h", "-help", "--help":
			printCommands(stdout)
			return 0
		case "-v", "-version", "--version":
			c = commands["version"]
		default:
			fmt.Fprintf(stderr, "pyn: unknown command %q\n\n", name)
			printCommands(stderr)
			return 2
		}
	}
	err := c.Run(args[1:])
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		if !ue.printed {
			fmt.Fprintf(stderr, "pyn %s: %s\n", c.Name, ue.msg)
			printUsage(stderr, c)
		}
		return 2
	default:
		msg := err.Error()
		if !strings.HasPrefix(msg, "pyn") {
			msg = "pyn: " + msg
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
}

// sortedCommands returns the command table in name order.
func sortedCommands() []*command {
	cs := make([]*command, 0, len(commands))
	for _, c := range commands {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	return cs
}

func printCommands(w io.Writer) {
	fmt.Fprintf(w, "pyn simulates spiking neural networks from interpreted Go.\n\nusage: pyn <command> [arguments]\n\ncommands:\n")
	for _, c := range sortedCommands() {
		if c.Hidden {
			continue
		}
		fmt.Fprintf(w, "  %-9s %s\n", c.Name, c.Short)
	}
	fmt.Fprintf(w, "\nUse \"pyn help <command>\" for more about a command.\n")
}

func init() {
	register(&command{
		Name:  "help",
		Usage: "help [command]",
		Short: "print help for a command",
		Run:   helpCmd,
	})
}

func helpCmd(args []string) error {
	switch len(args) {
	case 0:
		printCommands(stdout)
		return nil
	case 1:
		c, ok := commands[args[0]]
		if !ok {
			return &usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
		}
		printUsage(stdout, c)
		fs := newFlagSet(c.Name)
		if fl := commandFlags[c.Name]; fl != nil {
			fl(fs)
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout)
			fs.PrintDefaults()
		}
		return nil
	default:
		return &usageError{msg: "help takes at most one command name"}
	}
}

// commandFlags lets a command that has flags describe them for "pyn help
// cmd" by defining them on a flag set.
var commandFlags = map[string]func(*flag.FlagSet){}

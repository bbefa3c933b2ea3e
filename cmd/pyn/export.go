package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/notebook"
	"github.com/pyn-go/pyn/session"
)

func init() {
	register(&command{
		Name:  "export",
		Usage: "export --sonata DIR [--net EXPR] [--sim EXPR] FILE.go|FILE.ipynb",
		Short: "run a script or notebook and export the network it built as a SONATA circuit",
		Run:   exportCmd,
	})
	commandFlags["export"] = func(fs *flag.FlagSet) { exportFlags(fs) }
}

type exportOptions struct {
	sonata, net, sim string
}

func exportFlags(fs *flag.FlagSet) *exportOptions {
	o := &exportOptions{}
	fs.StringVar(&o.sonata, "sonata", "", "write the SONATA circuit into the new folder `DIR`")
	fs.StringVar(&o.net, "net", "net", "the network to export: a Go `EXPR`ession of type *pyn.Network, evaluated after the file ran")
	fs.StringVar(&o.sim, "sim", "sim", "the run to export (T, dt, seed, stimuli, recordings): a Go `EXPR`ession of type pyn.Sim")
	return o
}

// exportCmd runs a script or notebook in a fresh session (its text output
// goes to stderr, its figures nowhere), then evaluates
// sonata.Export(NET, SIM, DIR) in that session.
func exportCmd(args []string) error {
	fs := newFlagSet("export")
	opts := exportFlags(fs)
	names, err := parseFlagsAndNames(fs, args)
	if err != nil {
		return err
	}
	if opts.sonata == "" {
		return errors.New("pyn export: --sonata DIR is required (the only export format)")
	}
	if len(names) != 1 {
		return fmt.Errorf("pyn export: want one script or notebook, got %d", len(names))
	}
	path := names[0]
	var cells []string
	switch strings.ToLower(filepath.Ext(path)) {
	case ".go":
		src, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("pyn: %w", err)
		}
		if err := checkScript(path, src); err != nil {
			return err
		}
		cells = []string{string(src)}
	case ".ipynb":
		nb, err := notebook.ReadFile(path)
		if err != nil {
			return fmt.Errorf("pyn: %w", err)
		}
		for _, c := range nb.Cells {
			if c.Type == notebook.Code {
				cells = append(cells, c.Source)
			} else {
				cells = append(cells, "") // keep Jupyter's cell numbering
			}
		}
	default:
		return fmt.Errorf("pyn export: %s: want a .go script or an .ipynb notebook", path)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	s, err := session.New(session.Options{Stdout: stderr, Stderr: stderr, Display: func(display.Data, bool) {}})
	if err != nil {
		return fmt.Errorf("pyn: %s: %w", path, err)
	}
	for i, code := range cells {
		if strings.TrimSpace(code) == "" {
			continue
		}
		if _, err := s.Exec(ctx, code); err != nil {
			if len(cells) > 1 {
				return fmt.Errorf("pyn export: %s: cell %d: %w", path, i+1, err)
			}
			return scriptError(path, err)
		}
	}
	abs, err := filepath.Abs(opts.sonata)
	if err != nil {
		return fmt.Errorf("pyn export: %w", err)
	}
	call := fmt.Sprintf("import _pynsonata \"github.com/pyn-go/pyn/sonata\"\n_pynsonata.Export(%s, %s, %s)", opts.net, opts.sim, strconv.Quote(abs))
	if _, err := s.Exec(ctx, call); err != nil {
		var se *session.Error
		if errors.As(err, &se) && se.Name == session.ErrCompile {
			return fmt.Errorf("pyn export: %s: cannot evaluate sonata.Export(%s, %s, …) after it ran: %s (name the network with --net and the run with --sim)", path, opts.net, opts.sim, se.Value)
		}
		return fmt.Errorf("pyn export: %s: %w", path, err)
	}
	fmt.Fprintf(stdout, "%s: exported %s and %s as SONATA -> %s\n", path, opts.net, opts.sim, opts.sonata)
	fmt.Fprintf(stdout, "run it with: cd %s && mpirun -np 2 python3 run_pynn.py neuron\n", opts.sonata)
	return nil
}

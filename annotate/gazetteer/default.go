package gazetteer

import (
	"embed"
	"errors"
	"io/fs"
	"sync"
)

// The built-in data: countries, capitals and regions; international organisations and government bodies; armed
// and political groups; leaders with dated roles. Written by hand from public facts; see data/README.md.
//
//go:embed data/*.gaz
var builtin embed.FS

var (
	builtinOnce sync.Once
	builtinG    *Gazetteer // parsed once, never handed out: Default returns clones
	builtinErr  error
)

// Default returns a new Gazetteer holding the built-in data. The data is parsed once per process; each call
// returns a fresh copy, so callers may Load their own files into it without affecting other callers. A call
// after the first costs a copy of the index (a few milliseconds).
func Default() *Gazetteer {
	builtinOnce.Do(func() { builtinG, builtinErr = loadBuiltin() })
	return builtinG.Clone()
}

// builtinError returns the errors met reading the built-in data; tests require it to be nil.
func builtinError() error {
	builtinOnce.Do(func() { builtinG, builtinErr = loadBuiltin() })
	return builtinErr
}

func loadBuiltin() (*Gazetteer, error) {
	g := New()
	files, err := fs.Glob(builtin, "data/*.gaz")
	if err != nil {
		return g, err
	}
	var errs []error
	for _, name := range files { // fs.Glob returns names in lexical order, so loading is deterministic
		f, err := builtin.Open(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, g.Load(f, name))
		f.Close()
	}
	return g, errors.Join(errs...)
}

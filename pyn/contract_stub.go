package pyn

// Stubs of the API written in other files; each is replaced by its real
// implementation.

// Save writes r into a new sub-folder of dir and returns the folder's path.
func Save(r *Result, dir string) (string, error) { return "", errNotImplemented }

// Load reads an experiment folder written by Save.
func Load(dir string) (*Result, error) { return nil, errNotImplemented }

//go:build !cgo || nohdf5

package sonata

// This build has no HDF5 (cgo off, or the nohdf5 tag): Export and Import
// still check the network and refuse what SONATA cannot hold, then
// return errNoHDF5 where a file would be written or read.

const h5Available = false

type h5w struct{}

func h5Create(path string) (*h5w, error)                 { return nil, errNoHDF5 }
func (w *h5w) group(path string)                         {}
func (w *h5w) dataset(path string, v interface{})        {}
func (w *h5w) attrString(path, name, val string)         {}
func (w *h5w) attrUint32s(path, name string, v []uint32) {}
func (w *h5w) close() error                              { return errNoHDF5 }

type h5r struct{}

func h5Open(path string) (*h5r, error)                            { return nil, errNoHDF5 }
func (r *h5r) close()                                             {}
func (r *h5r) kind(path string) int                               { return 0 }
func (r *h5r) list(path string) ([]string, error)                 { return nil, errNoHDF5 }
func (r *h5r) read(path string, dst interface{}) error            { return errNoHDF5 }
func (r *h5r) attrString(path, name string) (string, bool, error) { return "", false, errNoHDF5 }
func (r *h5r) attrInt(path, name string) (int64, bool, error)     { return 0, false, errNoHDF5 }

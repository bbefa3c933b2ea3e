//go:build cgo && !nohdf5

package sonata

// HDF5 through the HDF5 C library (Debian: libhdf5-dev, found with
// pkg-config). Only what SONATA needs: groups, one-dimensional numeric
// datasets, and scalar string and integer attributes. Reads convert any
// stored integer or float type to the Go type asked for (HDF5 does the
// conversion), so files written by h5py with i2 or i4 ids read back.
// Debian's serial library is not thread-safe: every call holds h5mu.

/*
#cgo pkg-config: hdf5
#include <stdlib.h>
#include <string.h>
#include <hdf5.h>

static hid_t t_double(void) { return H5T_NATIVE_DOUBLE; }
static hid_t t_int64(void)  { return H5T_NATIVE_INT64; }
static hid_t t_uint64(void) { return H5T_NATIVE_UINT64; }
static hid_t t_uint32(void) { return H5T_NATIVE_UINT32; }
static hid_t t_int32(void) { return H5T_NATIVE_INT32; }
static hid_t f_double(void) { return H5T_IEEE_F64LE; }
static hid_t f_int64(void)  { return H5T_STD_I64LE; }
static hid_t f_uint64(void) { return H5T_STD_U64LE; }
static hid_t f_uint32(void) { return H5T_STD_U32LE; }
static unsigned acc_trunc(void) { return H5F_ACC_TRUNC; }
static unsigned acc_rdonly(void) { return H5F_ACC_RDONLY; }
static void quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

static hid_t vlen_str(void) {
	hid_t t = H5Tcopy(H5T_C_S1);
	H5Tset_size(t, H5T_VARIABLE);
	H5Tset_cset(t, H5T_CSET_UTF8);
	return t;
}

// write_str_attr writes a scalar variable-length UTF-8 string attribute.
static int write_str_attr(hid_t obj, const char *name, const char *val) {
	hid_t t = vlen_str();
	hid_t s = H5Screate(H5S_SCALAR);
	hid_t a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
	int rc = -1;
	if (a >= 0) {
		rc = H5Awrite(a, t, &val);
		H5Aclose(a);
	}
	H5Sclose(s);
	H5Tclose(t);
	return rc;
}

// write_num_attr writes a one-dimensional numeric attribute of n values.
static int write_num_attr(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *buf, hsize_t n) {
	hid_t s = H5Screate_simple(1, &n, NULL);
	hid_t a = H5Acreate2(obj, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT);
	int rc = -1;
	if (a >= 0) {
		rc = H5Awrite(a, mtype, buf);
		H5Aclose(a);
	}
	H5Sclose(s);
	return rc;
}

// write_scalar_attr writes a scalar numeric attribute.
static int write_scalar_attr(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *buf) {
	hid_t s = H5Screate(H5S_SCALAR);
	hid_t a = H5Acreate2(obj, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT);
	int rc = -1;
	if (a >= 0) {
		rc = H5Awrite(a, mtype, buf);
		H5Aclose(a);
	}
	H5Sclose(s);
	return rc;
}

// read_str_attr reads a scalar string attribute, fixed or variable
// length, into a malloc'd NUL-terminated string (NULL on failure).
static char *read_str_attr(hid_t obj, const char *name) {
	hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
	if (a < 0) return NULL;
	hid_t t = H5Aget_type(a);
	char *out = NULL;
	if (H5Tget_class(t) == H5T_STRING) {
		if (H5Tis_variable_str(t) > 0) {
			hid_t mt = H5Tcopy(t); // same character set: HDF5 converts none
			H5Tset_order(mt, H5T_ORDER_NONE);
			char *p = NULL;
			if (H5Aread(a, mt, &p) >= 0 && p != NULL) {
				out = strdup(p);
				H5free_memory(p);
			}
			H5Tclose(mt);
		} else {
			size_t n = H5Tget_size(t);
			out = calloc(n + 1, 1);
			if (out != NULL && H5Aread(a, t, out) < 0) {
				free(out);
				out = NULL;
			}
		}
	}
	H5Tclose(t);
	H5Aclose(a);
	return out;
}

// read_int_attr reads the first value of a numeric attribute as int64.
static int read_int_attr(hid_t obj, const char *name, long long *v) {
	hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
	if (a < 0) return -1;
	hid_t s = H5Aget_space(a);
	hssize_t n = H5Sget_simple_extent_npoints(s);
	int rc = -1;
	if (n >= 1 && n < 1024) {
		long long *buf = calloc((size_t)n, sizeof(long long));
		if (buf != NULL) {
			rc = H5Aread(a, H5T_NATIVE_LLONG, buf);
			*v = buf[0];
			free(buf);
		}
	}
	H5Sclose(s);
	H5Aclose(a);
	return rc;
}

static int link_exists(hid_t loc, const char *name) {
	return H5Lexists(loc, name, H5P_DEFAULT) > 0 && H5Oexists_by_name(loc, name, H5P_DEFAULT) > 0;
}

static int attr_exists(hid_t obj, const char *name) { return H5Aexists(obj, name) > 0; }

// obj_kind is 1 for a group, 2 for a dataset, 0 otherwise.
static int obj_kind(hid_t loc, const char *name) {
	H5O_info_t info;
	if (H5Oget_info_by_name(loc, name, &info, H5P_DEFAULT) < 0) return 0;
	if (info.type == H5O_TYPE_GROUP) return 1;
	if (info.type == H5O_TYPE_DATASET) return 2;
	return 0;
}

static long long num_links(hid_t g) {
	H5G_info_t info;
	if (H5Gget_info(g, &info) < 0) return -1;
	return (long long)info.nlinks;
}

// link_name returns the malloc'd name of the i-th link of g in name order.
static char *link_name(hid_t g, hsize_t i) {
	ssize_t n = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, NULL, 0, H5P_DEFAULT);
	if (n < 0) return NULL;
	char *out = calloc((size_t)n + 1, 1);
	if (out == NULL) return NULL;
	if (H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, out, (size_t)n + 1, H5P_DEFAULT) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

// dset_len is the number of values of a one-dimensional dataset, or -1.
static long long dset_len(hid_t d) {
	hid_t s = H5Dget_space(d);
	if (s < 0) return -1;
	int nd = H5Sget_simple_extent_ndims(s);
	hsize_t dims[8];
	long long out = -1;
	if (nd == 1 && H5Sget_simple_extent_dims(s, dims, NULL) == 1) out = (long long)dims[0];
	else if (nd == 0) out = 1;
	H5Sclose(s);
	return out;
}

// dset_numeric reports whether a dataset holds integers or floats.
static int dset_numeric(hid_t d) {
	hid_t t = H5Dget_type(d);
	H5T_class_t c = H5Tget_class(t);
	H5Tclose(t);
	return c == H5T_INTEGER || c == H5T_FLOAT;
}

static hid_t create_dset(hid_t loc, const char *name, hid_t ftype, hsize_t n) {
	hid_t s = H5Screate_simple(1, &n, NULL);
	hid_t p = H5Pcreate(H5P_DATASET_CREATE);
	if (n > 0) {
		hsize_t chunk = n < 65536 ? n : 65536;
		H5Pset_chunk(p, 1, &chunk);
		// Byte shuffle then zlib (level 4): ids and delays repeat, and
		// h5py, PyNN and NEST read it back through the same library.
		H5Pset_shuffle(p);
		H5Pset_deflate(p, 4);
	}
	hid_t d = H5Dcreate2(loc, name, ftype, s, H5P_DEFAULT, p, H5P_DEFAULT);
	H5Pclose(p);
	H5Sclose(s);
	return d;
}
*/
import "C"

import (
	"fmt"
	"math"
	"sync"
	"unsafe"
)

// h5mu serialises every call into the HDF5 library.
var h5mu sync.Mutex

func init() { C.quiet() }

// h5Available reports whether this build can read and write HDF5.
const h5Available = true

// h5w writes one HDF5 file.
type h5w struct {
	path string
	f    C.hid_t
	err  error
}

// h5Create creates (truncates) an HDF5 file.
func h5Create(path string) (*h5w, error) {
	h5mu.Lock()
	defer h5mu.Unlock()
	C.quiet()
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	f := C.H5Fcreate(cp, C.acc_trunc(), C.H5P_DEFAULT, C.H5P_DEFAULT)
	if f < 0 {
		return nil, fmt.Errorf("sonata: cannot create HDF5 file %s", path)
	}
	return &h5w{path: path, f: f}, nil
}

func (w *h5w) fail(format string, args ...interface{}) {
	if w.err == nil {
		w.err = fmt.Errorf("sonata: %s: %s", w.path, fmt.Sprintf(format, args...))
	}
}

// group creates the group at path (its parents must exist).
func (w *h5w) group(path string) {
	if w.err != nil {
		return
	}
	h5mu.Lock()
	defer h5mu.Unlock()
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	g := C.H5Gcreate2(w.f, cp, C.H5P_DEFAULT, C.H5P_DEFAULT, C.H5P_DEFAULT)
	if g < 0 {
		w.fail("cannot create group %q", path)
		return
	}
	C.H5Gclose(g)
}

// dataset writes a one-dimensional dataset; v is []float64, []int64 or []uint64.
func (w *h5w) dataset(path string, v interface{}) {
	if w.err != nil {
		return
	}
	var ft, mt C.hid_t
	var n int
	var p unsafe.Pointer
	switch x := v.(type) {
	case []float64:
		ft, mt, n = C.f_double(), C.t_double(), len(x)
		if n > 0 {
			p = unsafe.Pointer(&x[0])
		}
	case []int64:
		ft, mt, n = C.f_int64(), C.t_int64(), len(x)
		if n > 0 {
			p = unsafe.Pointer(&x[0])
		}
	case []uint64:
		ft, mt, n = C.f_uint64(), C.t_uint64(), len(x)
		if n > 0 {
			p = unsafe.Pointer(&x[0])
		}
	case []uint32:
		ft, mt, n = C.f_uint32(), C.t_uint32(), len(x)
		if n > 0 {
			p = unsafe.Pointer(&x[0])
		}
	default:
		w.fail("dataset %q: unsupported type %T", path, v)
		return
	}
	h5mu.Lock()
	defer h5mu.Unlock()
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	d := C.create_dset(w.f, cp, ft, C.hsize_t(n))
	if d < 0 {
		w.fail("cannot create dataset %q", path)
		return
	}
	defer C.H5Dclose(d)
	if n > 0 && C.H5Dwrite(d, mt, C.H5S_ALL, C.H5S_ALL, C.H5P_DEFAULT, p) < 0 {
		w.fail("cannot write dataset %q", path)
	}
}

// attrString sets a string attribute of the object at path.
func (w *h5w) attrString(path, name, val string) {
	w.withObj(path, func(o C.hid_t) bool {
		cn, cv := C.CString(name), C.CString(val)
		defer C.free(unsafe.Pointer(cn))
		defer C.free(unsafe.Pointer(cv))
		return C.write_str_attr(o, cn, cv) >= 0
	}, name)
}

// attrUint32s sets a one-dimensional uint32 attribute (len(v) > 1) or a
// scalar one (len(v) == 1).
func (w *h5w) attrUint32s(path, name string, v []uint32) {
	w.withObj(path, func(o C.hid_t) bool {
		cn := C.CString(name)
		defer C.free(unsafe.Pointer(cn))
		if len(v) == 1 {
			return C.write_scalar_attr(o, cn, C.f_uint32(), C.t_uint32(), unsafe.Pointer(&v[0])) >= 0
		}
		return C.write_num_attr(o, cn, C.f_uint32(), C.t_uint32(), unsafe.Pointer(&v[0]), C.hsize_t(len(v))) >= 0
	}, name)
}

func (w *h5w) withObj(path string, f func(C.hid_t) bool, what string) {
	if w.err != nil {
		return
	}
	h5mu.Lock()
	defer h5mu.Unlock()
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	o := C.H5Oopen(w.f, cp, C.H5P_DEFAULT)
	if o < 0 {
		w.fail("cannot open %q for attribute %q", path, what)
		return
	}
	defer C.H5Oclose(o)
	if !f(o) {
		w.fail("cannot write attribute %q of %q", what, path)
	}
}

// close flushes and closes the file and returns the first error.
func (w *h5w) close() error {
	h5mu.Lock()
	rc := C.H5Fclose(w.f)
	h5mu.Unlock()
	if rc < 0 && w.err == nil {
		w.err = fmt.Errorf("sonata: cannot close HDF5 file %s", w.path)
	}
	return w.err
}

// h5r reads one HDF5 file.
type h5r struct {
	path string
	f    C.hid_t
}

// h5Open opens an HDF5 file for reading.
func h5Open(path string) (*h5r, error) {
	h5mu.Lock()
	defer h5mu.Unlock()
	C.quiet()
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	if C.H5Fis_hdf5(cp) <= 0 {
		return nil, fmt.Errorf("sonata: %s is not an HDF5 file", path)
	}
	f := C.H5Fopen(cp, C.acc_rdonly(), C.H5P_DEFAULT)
	if f < 0 {
		return nil, fmt.Errorf("sonata: cannot open HDF5 file %s", path)
	}
	return &h5r{path: path, f: f}, nil
}

func (r *h5r) close() {
	h5mu.Lock()
	C.H5Fclose(r.f)
	h5mu.Unlock()
}

// kind is 1 for a group, 2 for a dataset, 0 when path does not exist.
func (r *h5r) kind(path string) int {
	h5mu.Lock()
	defer h5mu.Unlock()
	return r.kindLocked(path)
}

func (r *h5r) kindLocked(path string) int {
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	// Check each level: H5Lexists fails on a missing intermediate group.
	for i := 1; i <= len(path); i++ {
		if i == len(path) || path[i] == '/' {
			sub := C.CString(path[:i])
			ok := C.link_exists(r.f, sub) != 0
			C.free(unsafe.Pointer(sub))
			if !ok {
				return 0
			}
		}
	}
	return int(C.obj_kind(r.f, cp))
}

// list returns the names of the members of the group at path, in name order.
func (r *h5r) list(path string) ([]string, error) {
	h5mu.Lock()
	defer h5mu.Unlock()
	if r.kindLocked(path) != 1 {
		return nil, fmt.Errorf("sonata: %s: no group %q", r.path, path)
	}
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	g := C.H5Gopen2(r.f, cp, C.H5P_DEFAULT)
	if g < 0 {
		return nil, fmt.Errorf("sonata: %s: cannot open group %q", r.path, path)
	}
	defer C.H5Gclose(g)
	n := int64(C.num_links(g))
	if n < 0 {
		return nil, fmt.Errorf("sonata: %s: cannot list group %q", r.path, path)
	}
	var out []string
	for i := int64(0); i < n; i++ {
		s := C.link_name(g, C.hsize_t(i))
		if s == nil {
			return nil, fmt.Errorf("sonata: %s: cannot read member %d of %q", r.path, i, path)
		}
		out = append(out, C.GoString(s))
		C.free(unsafe.Pointer(s))
	}
	return out, nil
}

// maxRead caps the values of one dataset read (2³¹ values, 16 GiB of
// float64): a corrupt length must not make us allocate without bound.
const maxRead = 1 << 31

// read reads a one-dimensional numeric dataset into dst, a *[]float64,
// *[]int64 or *[]uint64; HDF5 converts from the stored type.
func (r *h5r) read(path string, dst interface{}) error {
	h5mu.Lock()
	defer h5mu.Unlock()
	if r.kindLocked(path) != 2 {
		return fmt.Errorf("sonata: %s: no dataset %q", r.path, path)
	}
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	d := C.H5Dopen2(r.f, cp, C.H5P_DEFAULT)
	if d < 0 {
		return fmt.Errorf("sonata: %s: cannot open dataset %q", r.path, path)
	}
	defer C.H5Dclose(d)
	if C.dset_numeric(d) == 0 {
		return fmt.Errorf("sonata: %s: dataset %q is not numeric", r.path, path)
	}
	n := int64(C.dset_len(d))
	if n < 0 {
		return fmt.Errorf("sonata: %s: dataset %q is not one-dimensional", r.path, path)
	}
	if n > maxRead || n > math.MaxInt {
		return fmt.Errorf("sonata: %s: dataset %q has %d values, more than the %d read at once", r.path, path, n, int64(maxRead))
	}
	var mt C.hid_t
	var p unsafe.Pointer
	switch x := dst.(type) {
	case *[]float64:
		*x = make([]float64, n)
		mt = C.t_double()
		if n > 0 {
			p = unsafe.Pointer(&(*x)[0])
		}
	case *[]int64:
		*x = make([]int64, n)
		mt = C.t_int64()
		if n > 0 {
			p = unsafe.Pointer(&(*x)[0])
		}
	case *[]uint64:
		*x = make([]uint64, n)
		mt = C.t_uint64()
		if n > 0 {
			p = unsafe.Pointer(&(*x)[0])
		}
	default:
		return fmt.Errorf("sonata: read %q into unsupported %T", path, dst)
	}
	if n > 0 && C.H5Dread(d, mt, C.H5S_ALL, C.H5S_ALL, C.H5P_DEFAULT, p) < 0 {
		return fmt.Errorf("sonata: %s: cannot read dataset %q as %T", r.path, path, dst)
	}
	return nil
}

// attrString reads a string attribute of the object at path; ok is
// false when it does not exist.
func (r *h5r) attrString(path, name string) (string, bool, error) {
	h5mu.Lock()
	defer h5mu.Unlock()
	o, err := r.openObj(path)
	if err != nil {
		return "", false, err
	}
	defer C.H5Oclose(o)
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	if C.attr_exists(o, cn) == 0 {
		return "", false, nil
	}
	s := C.read_str_attr(o, cn)
	if s == nil {
		return "", true, fmt.Errorf("sonata: %s: attribute %q of %q is not a readable string", r.path, name, path)
	}
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s), true, nil
}

// attrInt reads the first value of a numeric attribute; ok is false when
// it does not exist.
func (r *h5r) attrInt(path, name string) (int64, bool, error) {
	h5mu.Lock()
	defer h5mu.Unlock()
	o, err := r.openObj(path)
	if err != nil {
		return 0, false, err
	}
	defer C.H5Oclose(o)
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	if C.attr_exists(o, cn) == 0 {
		return 0, false, nil
	}
	var v C.longlong
	if C.read_int_attr(o, cn, &v) < 0 {
		return 0, true, fmt.Errorf("sonata: %s: attribute %q of %q is not a readable number", r.path, name, path)
	}
	return int64(v), true, nil
}

func (r *h5r) openObj(path string) (C.hid_t, error) {
	if path != "/" && r.kindLocked(path) == 0 {
		return 0, fmt.Errorf("sonata: %s: no object %q", r.path, path)
	}
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	o := C.H5Oopen(r.f, cp, C.H5P_DEFAULT)
	if o < 0 {
		return 0, fmt.Errorf("sonata: %s: cannot open %q", r.path, path)
	}
	return o, nil
}

//go:build !unix

package pyn

// openNoFollow is empty where the system has no such flags; the Lstat
// and SameFile checks of openInFolder still apply.
const openNoFollow = 0

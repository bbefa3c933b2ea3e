package pyn

// Stubs of the API written in other files; each is replaced by its real
// implementation.

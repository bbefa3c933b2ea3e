package session

// docFor returns the documentation of a symbol of the package at path
// ("" for the package itself) from the generated tables.
func docFor(path, name string) (string, bool) {
	key := path
	if name != "" {
		key += "." + name
	}
	d, ok := docTable[key]
	return d, ok
}

var docTable = map[string]string{}

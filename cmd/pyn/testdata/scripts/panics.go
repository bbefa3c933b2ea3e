package main

import "fmt"

func main() {
	fmt.Println("before")
	var m map[string]int
	m["x"] = 1 // assignment to a nil map
	fmt.Println("not reached")
}

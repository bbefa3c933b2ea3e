package notebook_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/pyn-go/pyn/notebook"
)

// A notebook read from nbformat 4 JSON, given an output and written back
// as Jupyter writes it.
func Example() {
	nb, err := notebook.Read(strings.NewReader(`{
 "cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
            "source": ["x := 1\n", "x + 1"]}],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := nb.Cells[0]
	fmt.Printf("%s cell: %q\n", c.Type, c.Source)
	c.ExecutionCount = 1
	c.Outputs = []*notebook.Output{{
		Type:           notebook.ExecuteResult,
		Data:           map[string]any{"text/plain": "2"},
		ExecutionCount: 1,
	}}
	if err := nb.Write(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// code cell: "x := 1\nx + 1"
	// {
	//  "cells": [
	//   {
	//    "cell_type": "code",
	//    "execution_count": 1,
	//    "id": "cell-1",
	//    "metadata": {},
	//    "outputs": [
	//     {
	//      "data": {
	//       "text/plain": [
	//        "2"
	//       ]
	//      },
	//      "execution_count": 1,
	//      "metadata": {},
	//      "output_type": "execute_result"
	//     }
	//    ],
	//    "source": [
	//     "x := 1\n",
	//     "x + 1"
	//    ]
	//   }
	//  ],
	//  "metadata": {},
	//  "nbformat": 4,
	//  "nbformat_minor": 5
	// }
}

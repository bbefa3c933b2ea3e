"""The Jupyter community's kernel conformance suite (jupyter_kernel_test)
run against the installed pyn kernel.

Run by TestConformance in kernel/jupyter_test.go, which builds pyn, installs
its kernel spec into a temporary JUPYTER_PATH and runs

    python3 -m unittest -v test_conformance

Every snippet the suite knows is filled in, so that no test is skipped for
lack of one.
"""

import unittest

import jupyter_kernel_test


class PynKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "pyn"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'

    code_stderr = 'import "os"\n_, _ = fmt.Fprintln(os.Stderr, "to stderr")'

    # Package members after "pkg.", and packages themselves.
    completion_samples = [
        {"text": "fmt.Print", "matches": {"Print", "Printf", "Println"}},
        {"text": "pyn.NewIzh", "matches": {"NewIzhikevich"}},
        {"text": "math.Sqrt", "matches": {"Sqrt", "Sqrt2", "SqrtE", "SqrtPhi", "SqrtPi"}},
    ]

    complete_code_samples = [
        "fmt.Println(1)",
        "x := 1",
        "func f() {}",
        "for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}",
    ]
    incomplete_code_samples = [
        "func f() {",
        "for i := 0; i < 3; i++ {",
        "x := []int{1,",
        'fmt.Println("a",',
    ]
    invalid_code_samples = ["func f() }", "x := )", ")"]

    code_inspect_sample = "pyn.NewNetwork"

    # "?name" shows name's documentation in the pager.
    code_page_something = "?fmt.Println"

    code_execute_result = [
        {"code": "1+1", "result": "2"},
        {"code": '"py" + "n"', "result": "pyn"},
        {"code": 'display.HTML("<b>pyn</b>")', "mime": "text/html", "result": "<b>pyn</b>"},
    ]

    code_display_data = [
        {"code": 'display.Display(display.HTML("<b>pyn</b>"))', "mime": "text/html"},
        {"code": 'display.Display(display.Markdown("*pyn*"))', "mime": "text/markdown"},
        {
            "code": 'import "image"\ndisplay.Display(display.Image(image.NewGray(image.Rect(0, 0, 4, 4))))',
            "mime": "image/png",
        },
    ]

    # display.ClearOutput clears the cell's output (IPython's clear_output).
    code_clear_output = 'fmt.Println("soon gone")\ndisplay.ClearOutput(false)'

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "1+1*"

    code_generate_error = 'panic("pyn conformance: deliberate error")'


if __name__ == "__main__":
    unittest.main()

"""Runs cells on the real pyn kernel through jupyter_client and prints, as
JSON, the outputs of each cell: for every output message its type and the
MIME types (display_data, execute_result), stream name or error name.
Consecutive stream messages of one name count once. Run by
TestGophernotesCorpus (kernel/jupyter_test.go) with the cells as JSON on
standard input.
"""

import json
import sys

from jupyter_client.manager import start_new_kernel


def summary(msg):
    t, c = msg["msg_type"], msg["content"]
    if t in ("display_data", "execute_result", "update_display_data"):
        return [t] + sorted(c["data"].keys())
    if t == "stream":
        return [t, c["name"]]
    if t == "error":
        return [t, c["ename"]]
    return None


def main():
    cells = json.load(sys.stdin)
    km, kc = start_new_kernel(kernel_name="pyn")
    results = []
    try:
        for code in cells:
            outs = []
            kc.execute_interactive(code, output_hook=outs.append, timeout=120, stop_on_error=False)
            got = []
            for m in outs:
                s = summary(m)
                if s is None:
                    continue
                if s[0] == "stream" and got and got[-1] == s:
                    continue
                got.append(s)
            results.append(got)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

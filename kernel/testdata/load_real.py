"""Load on the real pyn kernel through jupyter_client: 1000 quick cells, a
cell printing 100 000 lines and a 10 MiB image. Checks that no output is
lost and that the kernel's memory stays bounded. Run by TestLoadRealKernel
(kernel/jupyter_test.go), which installs the kernel first.
"""

import base64
import sys
import time

from jupyter_client.manager import start_new_kernel


def rss_mb(km):
    pid = km.provisioner.process.pid
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run(kc, code, timeout=120):
    outs = []
    reply = kc.execute_interactive(code, output_hook=lambda m: outs.append(m), timeout=timeout)
    if reply["content"]["status"] != "ok":
        raise AssertionError(f"{code[:60]!r}: {reply['content']}")
    return [m for m in outs if m["msg_type"] not in ("status", "execute_input")]


def main():
    km, kc = start_new_kernel(kernel_name="pyn")
    try:
        run(kc, "n := 0")
        for i in range(100):
            run(kc, "n++")
        rss0 = rss_mb(km)
        t0 = time.time()
        for i in range(900):
            run(kc, "n++")
        dt = time.time() - t0
        out = run(kc, "n")
        assert out[0]["content"]["data"]["text/plain"] == "1000", out
        rss1 = rss_mb(km)
        print(f"900 quick cells in {dt:.2f} s ({1000 * dt / 900:.2f} ms per cell); kernel RSS {rss0:.0f} -> {rss1:.0f} MB")

        t0 = time.time()
        out = run(kc, 'for i := 0; i < 100000; i++ {\n\tfmt.Println("line", i)\n}')
        text = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream")
        lines = text.rstrip("\n").split("\n")
        assert len(lines) == 100000, len(lines)
        for i, l in enumerate(lines):
            assert l == f"line {i}", (i, l)
        print(f"100000 lines in {len(out)} stream messages, {time.time() - t0:.2f} s")

        t0 = time.time()
        for r in range(3):
            out = run(kc, "b := make([]byte, 10<<20)\nfor i := range b {\n\tb[i] = byte(i * 7)\n}\ndisplay.PNG(b)")
            data = base64.b64decode(out[-1]["content"]["data"]["image/png"])
            assert len(data) == 10 << 20 and data[12345] == (12345 * 7) % 256
        rss2 = rss_mb(km)
        print(f"three 10 MiB images in {time.time() - t0:.2f} s; kernel RSS {rss2:.0f} MB")
        if rss1 - rss0 > 50:
            raise AssertionError(f"kernel RSS grew {rss1 - rss0:.0f} MB over 900 cells")
        if rss2 > 600:
            raise AssertionError(f"kernel RSS {rss2:.0f} MB after the images")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print("OK")


if __name__ == "__main__":
    sys.exit(main())

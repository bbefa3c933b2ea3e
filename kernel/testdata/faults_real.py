"""Fatal Go errors in cells, through the real Jupyter client: each kills
the interpreter worker, never the kernel. The client must get an error
reply naming the cause, the heartbeat must keep beating, the cell's stderr
must say that state was lost, and the next cell must run. A panic in a
callback after its cell ended is told at the start of the next cell.
Run by TestFaultsRealKernel (kernel/jupyter_test.go); prints the measured
times and ends with OK.
"""

import re
import sys
import time

from jupyter_client.manager import start_new_kernel

FAULTS = [
    ("infinite recursion", "func down(n int) int { return down(n+1) + 1 }\ndown(0)",
     "StackOverflow", "stack overflow"),
    ("concurrent map writes", """m := map[int]int{}
done := make(chan bool)
for g := 0; g < 4; g++ {
	go func() {
		for i := 0; i < 1000000; i++ {
			m[i%100] = i
		}
		done <- true
	}()
}
for g := 0; g < 4; g++ {
	<-done
}""", "ConcurrentMapWrite", "concurrent map writes"),
    ("30 GB allocation", "b := make([]byte, 30<<30)\nb[len(b)-1] = 1", "OutOfMemory", "out of memory"),
    ("panic in a time.AfterFunc callback", 'import "time"\n'
     'time.AfterFunc(time.Millisecond, func() { panic("boom in a callback") })\ntime.Sleep(2 * time.Second)',
     "GoroutinePanic", "boom in a callback"),
]


def collect(kc, msg_id, timeout=60):
    """The iopub messages of msg_id until idle: (stderr text, error contents)."""
    stderr, errors = "", []
    deadline = time.time() + timeout
    while True:
        m = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        t, c = m["msg_type"], m["content"]
        if t == "stream" and c["name"] == "stderr":
            stderr += c["text"]
        elif t == "error":
            errors.append(c)
        elif t == "status" and c["execution_state"] == "idle":
            return stderr, errors


def run(kc, code):
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=60)
    stderr, _ = collect(kc, msg_id)
    return reply["content"], stderr


def value(kc, code):
    outs = []
    reply = kc.execute_interactive(code, output_hook=outs.append, timeout=60)
    vals = [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"]
    return reply["content"]["status"], vals


def fault(kc, name, code, ename, cause):
    content, _ = run(kc, "kept := 1")
    if content["status"] != "ok":
        raise AssertionError(f"{name}: setup {content}")
    t0 = time.time()
    msg_id = kc.execute(code)
    time.sleep(0.2)
    if not kc.hb_channel.is_beating():
        raise AssertionError(f"{name}: heartbeat dead while the fault happens")
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=60)
    dt = time.time() - t0
    stderr, errors = collect(kc, msg_id)
    c = reply["content"]
    if c["status"] != "error" or c["ename"] != ename or cause not in c["evalue"] or "state lost" not in c["evalue"]:
        raise AssertionError(f"{name}: reply {c['status']} {c.get('ename')} {c.get('evalue')!r}, want {ename} naming {cause!r}")
    if not errors or errors[0]["ename"] != ename:
        raise AssertionError(f"{name}: no error message on iopub: {errors}")
    m = re.search(r"restarted in ([0-9.]+)(ms|s)", stderr)
    if "lost" not in stderr or not m:
        raise AssertionError(f"{name}: stderr does not tell the restart and the lost state: {stderr!r}")
    restart = float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
    if restart >= 1:
        raise AssertionError(f"{name}: restart took {restart:.3f} s, want well under a second")
    if not kc.hb_channel.is_beating():
        raise AssertionError(f"{name}: heartbeat dead after the fault")
    status, _ = value(kc, "kept")
    if status != "error":
        raise AssertionError(f"{name}: kept survived a restart?")
    status, vals = value(kc, "1 + 1")
    if status != "ok" or vals != ["2"]:
        raise AssertionError(f"{name}: next cell {status} {vals}")
    print(f"{name}: error reply {c['ename']} after {dt * 1000:.0f} ms, worker restarted in {restart * 1000:.0f} ms: {c['evalue']}")


def late_panic(kc):
    content, _ = run(kc, 'import "time"\ntime.AfterFunc(200*time.Millisecond, func() { panic("late boom") })')
    if content["status"] != "ok":
        raise AssertionError(f"late panic: setup {content}")
    time.sleep(1.5)
    if not kc.hb_channel.is_beating():
        raise AssertionError("late panic: heartbeat dead")
    content, stderr = run(kc, "2 * 21")
    if content["status"] != "ok" or "died after the previous cell" not in stderr or "late boom" not in stderr:
        raise AssertionError(f"late panic: next cell {content['status']}, stderr {stderr!r}")
    print(f"late panic: told at the next cell: {stderr.strip()!r}")


def main():
    km, kc = start_new_kernel(kernel_name="pyn")
    try:
        for f in FAULTS:
            fault(kc, *f)
        late_panic(kc)
        if not km.is_alive():
            raise AssertionError("kernel process died")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print("OK")


if __name__ == "__main__":
    sys.exit(main())

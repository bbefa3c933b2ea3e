"""Interrupting a long pyn simulation in the real kernel through
jupyter_client, both ways Jupyter can: an interrupt_request on the control
channel (the kernel spec's interrupt_mode "message") and SIGINT (signal
mode). Each must end the cell within half a second, and the session must
keep its variables. Run by TestInterruptRealKernel (kernel/jupyter_test.go).
"""

import os
import signal
import sys
import time

from jupyter_client.manager import start_new_kernel

SETUP = """big := pyn.NewIzhikevich("big", 2000, pyn.RegularSpiking)
net := pyn.NewNetwork(big)
if err := net.Connect("big", "big", pyn.Conn{P: 0.1}); err != nil {
	panic(err)
}
kept := 42"""

LONG = 'res, err := net.Simulate(pyn.Sim{T: 1e6, Dt: 0.1, IExt: map[string][]pyn.Stim{"big": {{Amp: 5, Std: 3}}}})'


def run(kc, code, timeout=60):
    outs = []
    reply = kc.execute_interactive(code, output_hook=lambda m: outs.append(m), timeout=timeout)
    return reply, outs


def interrupt_once(km, kc, how):
    msg_id = kc.execute(LONG)
    time.sleep(1.5)  # well into the simulation
    # The heartbeat is answered while the cell computes.
    if not kc.hb_channel.is_beating():
        raise AssertionError(f"{how}: no heartbeat while a cell runs")
    t0 = time.time()
    if how == "message":
        km.interrupt_kernel()
    else:
        os.kill(km.provisioner.process.pid, signal.SIGINT)
    while True:
        reply = kc.get_shell_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    dt = time.time() - t0
    content = reply["content"]
    print(f"{how}: cell ended {dt * 1000:.0f} ms after the interrupt with status {content['status']}"
          f" ({content.get('ename', '')})")
    if content["status"] != "error":
        raise AssertionError(f"{how}: interrupted cell replied {content}")
    if dt > 0.5:
        raise AssertionError(f"{how}: cell ended {dt:.2f} s after the interrupt, want < 0.5 s")
    reply, outs = run(kc, "kept")
    vals = [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"]
    if reply["content"]["status"] != "ok" or vals != ["42"]:
        raise AssertionError(f"{how}: state lost after the interrupt: {reply['content']} {vals}")


def main():
    km, kc = start_new_kernel(kernel_name="pyn")
    try:
        reply, outs = run(kc, SETUP)
        if reply["content"]["status"] != "ok":
            raise AssertionError(f"setup: {reply['content']} {outs}")
        interrupt_once(km, kc, "message")
        interrupt_once(km, kc, "signal")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print("OK")


if __name__ == "__main__":
    sys.exit(main())

"""Drives Jupyter Notebook (classic UI) in headless Chromium with the pyn
kernel, as a user would: run notebook 01 with Cell > Run All, look at its
inline figures, complete a name with Tab, start a simulation that would run
for minutes, interrupt it with the toolbar button, and read variables back.

Usage: browser.py NOTEBOOK_DIR NOTEBOOK OUT_DIR
The environment names the Jupyter paths (the pyn kernel is found through
JUPYTER_PATH). Results go to OUT_DIR/result.json, screenshots to OUT_DIR;
the Go test checks both. Exit status 0 means the script ran to the end,
not that the checks passed.
"""
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

nbdir, nbname, out = sys.argv[1], sys.argv[2], sys.argv[3]
result = {"steps": []}


def step(msg):
    result["steps"].append("%.1fs %s" % (time.time() - t0, msg))
    print(result["steps"][-1], flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait(cond, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if server.poll() is not None:
            raise RuntimeError("jupyter-notebook exited with status %s" % server.returncode)
        try:
            v = cond()
        except Exception:  # the page is still loading
            v = None
        if v:
            return v
        time.sleep(0.2)
    raise TimeoutError("timed out after %ss waiting for %s" % (timeout, what))


t0 = time.time()
port, token = free_port(), secrets.token_hex(16)
server = subprocess.Popen(
    ["jupyter-notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % port,
     "--port-retries=0", "--NotebookApp.token=" + token, "--notebook-dir=" + nbdir,
     "--NotebookApp.open_browser=False", "--allow-root"],
    stdout=open(os.path.join(out, "jupyter.log"), "w"), stderr=subprocess.STDOUT)
driver = None
try:
    base = "http://127.0.0.1:%d" % port
    wait(lambda: urllib.request.urlopen(base + "/api?token=" + token, timeout=2).status == 200, 60, "jupyter-notebook")
    step("jupyter-notebook up on 127.0.0.1:%d" % port)

    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--user-data-dir=" + tempfile.mkdtemp(prefix="chromium-"), "--window-size=1400,1000"]:
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_script_timeout(30)
    driver.get("%s/notebooks/%s?token=%s" % (base, nbname, token))
    js = driver.execute_script
    wait(lambda: js("return Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()"),
         60, "the pyn kernel to connect")
    result["kernel"] = js("return Jupyter.notebook.kernel.name")
    step("kernel %s connected" % result["kernel"])

    def idle():
        return js("""return Jupyter.notebook.get_cells().filter(c => c.cell_type == 'code')
            .every(c => c.input_prompt_number !== '*') &&
            document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon')""")

    # Cell > Run All, through the menu.
    driver.find_element(By.ID, "celllink").click()
    driver.find_element(By.CSS_SELECTOR, "#run_all_cells > a").click()
    time.sleep(1)
    wait(idle, 300, "Run All to finish")
    step("Run All finished")
    result["code_cells"] = js("return Jupyter.notebook.get_cells().filter(c => c.cell_type == 'code').length")
    result["unrun"] = js("return Jupyter.notebook.get_cells().filter(c => c.cell_type == 'code' && !c.input_prompt_number).length")
    result["error_outputs"] = js("return document.querySelectorAll('.output_error, .output_stderr').length")
    imgs = driver.find_elements(By.CSS_SELECTOR, ".output_png img")
    result["images"] = len(imgs)
    result["image_sizes"] = [js("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", i) for i in imgs]
    if imgs:
        js("arguments[0].scrollIntoView()", imgs[0])
        imgs[0].screenshot(os.path.join(out, "figure.png"))
    js("window.scrollTo(0, 0)")
    driver.save_screenshot(os.path.join(out, "run-all.png"))
    # The whole notebook, page by page, for the error-area check.
    h = js("return document.querySelector('#notebook').scrollHeight")
    pages = 0
    for y in range(0, h, 900):
        js("document.querySelector('#site').scrollTop = arguments[0]", y)
        time.sleep(0.2)
        driver.save_screenshot(os.path.join(out, "page-%02d.png" % pages))
        pages += 1
    result["pages"] = pages
    step("%d figures, %d error outputs" % (len(imgs), result["error_outputs"]))

    def new_cell(text):
        js("var c = Jupyter.notebook.insert_cell_at_bottom('code'); c.set_text(arguments[0]);"
           "Jupyter.notebook.select(Jupyter.notebook.find_cell_index(c)); c.element[0].scrollIntoView();", text)
        return js("return Jupyter.notebook.ncells() - 1")

    def run_cell(i):
        # Shift-Enter in the selected cell, as a user runs it.
        cm = driver.find_elements(By.CSS_SELECTOR, ".cell .CodeMirror")[i]
        cm.click()
        cm.find_element(By.CSS_SELECTOR, "textarea").send_keys(Keys.SHIFT, Keys.ENTER)

    def outputs(i):
        return js("return Jupyter.notebook.get_cell(arguments[0]).output_area.outputs", i)

    # Tab completion: type a prefix into a fresh cell and press Tab.
    i = new_cell("")
    cm = driver.find_elements(By.CSS_SELECTOR, ".cell .CodeMirror")[i]
    cm.click()
    ta = cm.find_element(By.CSS_SELECTOR, "textarea")
    ta.send_keys("charly.Na")
    ta.send_keys(Keys.TAB)
    time.sleep(2)
    options = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "#complete select option")]
    result["completion_text"] = js("return Jupyter.notebook.get_cell(arguments[0]).get_text()", i)
    result["completion_options"] = options
    driver.save_screenshot(os.path.join(out, "complete.png"))
    step("Tab completion: %r %r" % (result["completion_text"], options))
    ta.send_keys(Keys.ESCAPE)

    # Variables to check after the interrupt.
    i = new_cell("survivor := len(tutorial) * 100")
    run_cell(i)
    wait(idle, 60, "the survivor cell")

    # A simulation that would run for minutes: 2000 neurons for 1000 s of
    # model time at dt = 0.25 ms.
    i = new_cell('big := pyn.NewNetwork(pyn.NewIzhikevich("big", 2000, pyn.RegularSpiking))\n'
                 'longRun, longErr := big.Simulate(pyn.Sim{T: 1e6, Dt: 0.25, IExt: map[string][]pyn.Stim{"big": {{Amp: 5}}}})\n'
                 'fmt.Println("finished", longRun, longErr)')
    run_cell(i)
    wait(lambda: not idle(), 30, "the long simulation to start")
    time.sleep(5)
    result["busy_after_5s"] = not idle()
    t_int = time.time()
    driver.find_element(By.CSS_SELECTOR, "button[data-jupyter-action='jupyter-notebook:interrupt-kernel']").click()
    wait(idle, 60, "the interrupted cell to stop")
    result["interrupt_seconds"] = round(time.time() - t_int, 2)
    result["interrupted_outputs"] = outputs(i)
    driver.save_screenshot(os.path.join(out, "interrupted.png"))
    step("interrupted in %.2fs" % result["interrupt_seconds"])

    i = new_cell('fmt.Println("survived:", survivor, tutorial)')
    run_cell(i)
    wait(idle, 60, "the check cell")
    wait(lambda: outputs(i), 10, "the check cell's output")
    result["after_interrupt"] = outputs(i)
    driver.save_screenshot(os.path.join(out, "after-interrupt.png"))
    step("after the interrupt: %r" % result["after_interrupt"])
finally:
    with open(os.path.join(out, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    if driver is not None:
        driver.quit()
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()

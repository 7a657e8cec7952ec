#!/usr/bin/env python3
"""Browser tests of `checkerscope serve`: the pages in a real headless Chromium (Debian's
`chromium`, driven by Playwright for Python through `executable_path`; never `playwright install`).

Starts the built tool on 127.0.0.1 with a free port, loads each page, edits inputs, uploads models,
and checks the heatmap, the summary and the audit table against the command line's own JSON. Every
request the page makes must go to the server itself; no console errors are allowed.

    python3 Tests/Browser/explorer_test.py [--screenshot PATH] [-v]

Environment: CHECKERSCOPE (the tool, default .build/debug/checkerscope), CHROMIUM (default
/usr/bin/chromium). Prints the redraw timings and a pass/fail summary; exit status 1 on a failure.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unittest

from playwright.sync_api import sync_playwright

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOL = os.environ.get("CHECKERSCOPE", os.path.join(ROOT, ".build", "debug", "checkerscope"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MODELS = os.path.join(ROOT, "Fixtures", "models")
SCREENSHOT = None
TIMINGS = {}


def cli_json(*arguments, cwd=ROOT):
    """The command line's JSON for `arguments`."""
    out = subprocess.run([TOOL, *arguments], cwd=cwd, capture_output=True, check=True, timeout=120)
    return json.loads(out.stdout)


class Explorer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen(
            [TOOL, "serve", "--port", "0", "--host", "127.0.0.1", os.path.join(MODELS, "dcgan.onnx")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = cls.server.stdout.readline()
        match = re.match(r"checkerscope explorer at (http://127\.0\.0\.1:\d+/)$", line.strip())
        if not match:
            cls.server.kill()
            raise RuntimeError(f"serve printed {line!r}; stderr: {cls.server.stderr.read()}")
        cls.base = match.group(1)
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        cls.server.terminate()
        cls.server.wait(timeout=10)
        assert cls.server.returncode == 0, f"serve exited with {cls.server.returncode} on SIGTERM"

    def setUp(self):
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 860})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.problems = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))

        def request(req):
            if not (req.url.startswith(self.base) or req.url.startswith("data:") or req.url.startswith("blob:")):
                self.problems.append(f"request to another host: {req.url}")
        self.page.on("request", request)

    def tearDown(self):
        self.context.close()
        self.assertEqual(self.problems, [], "console errors or foreign requests")

    def summary(self):
        return self.page.get_by_test_id("overlap-summary")

    def wait_summary_change(self, before):
        self.page.wait_for_function(
            "b => { const s = document.querySelector('[data-testid=overlap-summary]');"
            " return s && s.innerText !== b && s.dataset.redrawMs; }", arg=before)

    def wait_query(self, query):
        """Waits until the summary shows the map of `query` (the API parameters it was drawn from)."""
        self.page.wait_for_function(
            "q => document.querySelector('[data-testid=overlap-summary]').dataset.query === q", arg=query)

    def test_explorer_agrees_with_cli(self):
        self.page.goto(self.base)
        self.page.get_by_test_id("overlap-heatmap").locator("svg").wait_for()
        for kernel, stride in [("3", "2"), ("4x3", "2x3"), ("5", "3")]:
            before = self.summary().inner_text()
            self.page.fill("input[name=kernel]", kernel)
            self.page.fill("input[name=stride]", stride)
            self.wait_query(f"kernel={kernel}&stride={stride}&input-size=8")
            expected = cli_json("overlap", "--kernel", kernel, "--stride", stride, "--input-size", "8",
                                "--format", "json")
            data = self.summary().evaluate("e => ({...e.dataset})")
            ratio = expected["interior"]["maxMinRatio"]
            self.assertEqual(data["period"], "x".join(map(str, expected["interior"]["period"])))
            self.assertEqual(data["maxMinRatio"], "null" if ratio is None else repr(float(ratio)).rstrip("0").rstrip("."))
            rows, cols = expected["outputSize"]
            cells = self.page.get_by_test_id("overlap-heatmap").locator("svg rect[fill^='#']").count()
            self.assertEqual(cells, rows * cols)
            self.assertNotEqual(self.summary().inner_text(), before)
        # The JSON download is the API's, and the API's is the command's.
        api = self.page.evaluate("fetch('/api/overlap?kernel=5&stride=3&input-size=8').then(r => r.text())")
        cli = subprocess.run([TOOL, "overlap", "--kernel", "5", "--stride", "3", "--input-size", "8", "--format",
                              "json"], capture_output=True, text=True, check=True).stdout
        self.assertEqual(api, cli)

    def test_redraw_timing(self):
        self.page.goto(self.base)
        self.page.get_by_test_id("overlap-heatmap").locator("svg").wait_for()
        self.page.fill("input[name=input-size]", "16")
        self.page.wait_for_function("new URLSearchParams(location.search).get('input-size') === '16'")
        walls = []
        for kernel in range(2, 17):
            stride = 2 + kernel % 5
            start = time.perf_counter()
            self.page.fill("input[name=stride]", str(stride))
            self.page.fill("input[name=kernel]", str(kernel))
            self.wait_query(f"kernel={kernel}&stride={stride}&input-size=16")
            walls.append((time.perf_counter() - start) * 1000)
        timings = self.page.evaluate("window.csTimings")
        redraw = [t["total"] for t in timings[-15:]]
        server = [t["server"] for t in timings[-15:] if t["server"] is not None]
        TIMINGS.update(redraw_median_ms=statistics.median(redraw), redraw_max_ms=max(redraw),
                       server_median_ms=statistics.median(server), server_max_ms=max(server),
                       wall_median_ms=statistics.median(walls))
        self.assertLess(statistics.median(redraw), 300)
        self.assertLess(statistics.median(server), 100)

    def test_state_in_url_stack_and_dims(self):
        self.page.goto(self.base + "?kernel=3&stride=2&padding=1&input-size=6&colormap=magma")
        self.page.get_by_test_id("overlap-heatmap").locator("svg").wait_for()
        self.assertEqual(self.page.input_value("input[name=padding]"), "1")
        self.assertEqual(self.page.input_value("select[name=colormap]"), "magma")
        before = self.summary().inner_text()
        self.page.click("#add-layer")
        self.wait_summary_change(before)
        self.assertEqual(len(re.findall("layer=", self.page.url)), 2)
        expected = cli_json("overlap", "--layer", "k=3,s=2,p=1,d=1,op=0", "--layer", "k=3,s=1,p=0,d=1,op=0",
                            "--input-size", "6", "--format", "json")
        self.assertEqual(self.summary().evaluate("e => e.dataset.period"),
                         "x".join(map(str, expected["interior"]["period"])))
        # Reloading the address reproduces the view.
        text = self.summary().inner_text()
        self.page.goto(self.page.url)
        self.page.wait_for_function("document.querySelector('[data-testid=overlap-summary]').dataset.redrawMs")
        self.assertEqual(self.summary().inner_text(), text)
        self.assertEqual(self.page.locator("#stack li").count(), 1)
        # 1D bars and 3D slices.
        self.page.goto(self.base + "?dims=1&kernel=4&stride=2&input-size=10")
        self.wait_query("dims=1&kernel=4&stride=2&input-size=10")
        self.assertEqual(self.page.get_by_test_id("overlap-heatmap").locator("svg rect[fill^='#']").count(), 22)
        self.page.select_option("select[name=dims]", "3")
        self.page.fill("input[name=input-size]", "3")
        self.page.wait_for_function("document.querySelector('[data-testid=overlap-heatmap]').innerText.includes('depth')")
        self.assertIn("checkerscope overlap --dims 3", self.page.input_value("#cli-command"))

    def test_labels_and_keyboard(self):
        self.page.goto(self.base)
        self.page.get_by_test_id("overlap-heatmap").locator("svg").wait_for()
        for name in ["kernel", "stride", "padding", "dilation", "output-padding", "input-size", "dims"]:
            labelled = self.page.evaluate(
                "n => { const e = document.querySelector(`[name='${n}']`); return e.labels.length > 0 }", name)
            self.assertTrue(labelled, name)
            self.assertEqual(self.page.get_by_label(re.compile("^" + {"dims": "Spatial axes", "output-padding":
                             "Output padding", "input-size": "Input size"}.get(name, name.capitalize()))).count(), 1)
        # Tab from the dims select reaches the kernel input; typing there redraws.
        self.page.focus("select[name=dims]")
        self.page.keyboard.press("Tab")
        self.assertEqual(self.page.evaluate("document.activeElement.name"), "kernel")
        before = self.summary().inner_text()
        self.page.keyboard.press("End")
        self.page.keyboard.press("Backspace")
        self.page.keyboard.type("6")
        self.wait_summary_change(before)
        self.assertIn("--kernel 6", self.page.input_value("#cli-command"))
        # A bad value shows an error, and a good one clears it.
        self.page.fill("input[name=kernel]", "0")
        self.page.get_by_test_id("error").wait_for(state="visible")
        self.page.fill("input[name=kernel]", "4")
        self.page.get_by_test_id("error").wait_for(state="hidden")

    def test_grid_opens_layer(self):
        self.page.goto(self.base + "grid")
        self.page.locator("#grid rect.cell").first.wait_for()
        self.assertEqual(self.page.locator("#grid rect.cell").count(), 32)
        self.page.locator("#grid rect.cell[data-kernel='5'][data-stride='2']").focus()
        self.page.keyboard.press("Enter")
        self.page.wait_for_url(re.compile(r".*kernel=5.*"))
        self.assertEqual(self.page.input_value("input[name=kernel]"), "5")
        self.assertEqual(self.page.input_value("input[name=stride]"), "2")

    def test_model_audit_probe_and_errors(self):
        self.page.goto(self.base + "model")
        self.page.set_input_files("input[type=file][name=model]", os.path.join(MODELS, "cyclegan_resnet.onnx"))
        self.page.locator("[data-testid=audit-table] tr[data-node]").first.wait_for()
        expected = cli_json("audit", "cyclegan_resnet.onnx", "--format", "json", cwd=MODELS)
        rows = self.page.locator("[data-testid=audit-table] tr[data-node]")
        self.assertEqual(rows.count(), len(expected["layers"]))
        self.assertEqual([rows.nth(i).get_attribute("data-node") for i in range(rows.count())],
                         [layer["node"] for layer in expected["layers"]])
        # A model named on serve's command line, by its button.
        self.page.get_by_role("button", name="dcgan.onnx").click()
        self.page.wait_for_function("document.querySelector('#model-summary').innerText.includes('dcgan.onnx')")
        dcgan = cli_json("audit", os.path.join(MODELS, "dcgan.onnx"), "--format", "json")
        self.assertEqual(rows.count(), len(dcgan["layers"]))
        # The probe, on demand, with its verdict and origin highlighted.
        probe_model = os.path.join(MODELS, "probe", "trained_ae_convt.onnx")
        self.page.set_input_files("input[type=file][name=model]", probe_model)
        self.page.wait_for_function("document.querySelector('#model-summary').innerText.includes('trained_ae')")
        self.page.click("#probe-button")
        self.page.wait_for_function("document.querySelector('#probe-status').dataset.verdict")
        probe = cli_json("probe", probe_model, "--format", "json", "--quiet")
        self.assertEqual(self.page.evaluate("document.querySelector('#probe-status').dataset.verdict"),
                         probe["verdict"])
        origin = probe["origin"]["layer"]
        self.assertEqual(self.page.locator("tr.origin").get_attribute("data-node"), origin)
        # A hostile model: the error appears, the page stays.
        with tempfile.TemporaryDirectory() as folder:
            hostile = os.path.join(folder, "hostile.onnx")
            with open(hostile, "wb") as f:
                f.write(bytes((i * 7919 + 13) % 251 for i in range(4096)))
            self.page.set_input_files("input[type=file][name=model]", hostile)
            error = self.page.get_by_test_id("error")
            error.wait_for(state="visible")
            self.assertIn("hostile.onnx", error.inner_text())
        self.assertEqual(rows.count(), 0)
        if SCREENSHOT:
            self.page.set_input_files("input[type=file][name=model]", os.path.join(MODELS, "cyclegan_resnet.onnx"))
            rows.first.wait_for()

    def test_screenshot(self):
        if not SCREENSHOT:
            self.skipTest("no --screenshot")
        self.page.set_viewport_size({"width": 1100, "height": 720})
        self.page.goto(self.base + "?kernel=3&stride=2&padding=1&input-size=8")
        self.wait_query("kernel=3&stride=2&padding=1&input-size=8")
        self.page.screenshot(path=SCREENSHOT)
        # Kept small for the README: 128 colours (Pillow, when installed).
        try:
            from PIL import Image
        except ImportError:
            return
        Image.open(SCREENSHOT).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
            SCREENSHOT, optimize=True)


if __name__ == "__main__":
    if "--screenshot" in sys.argv:
        index = sys.argv.index("--screenshot")
        SCREENSHOT = os.path.abspath(sys.argv[index + 1])
        del sys.argv[index:index + 2]
    program = unittest.main(exit=False, verbosity=2 if "-v" in sys.argv else 1)
    result = program.result
    if TIMINGS:
        print("redraw timings (ms): " + ", ".join(f"{k} {v:.1f}" for k, v in TIMINGS.items()))
    failed = len(result.failures) + len(result.errors)
    print(f"browser tests: {result.testsRun - failed - len(result.skipped)} passed, {failed} failed, "
          f"{len(result.skipped)} skipped")
    sys.exit(1 if failed else 0)

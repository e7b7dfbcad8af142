#!/usr/bin/env python3
"""page_check.py -- open mzgeno's report.html in headless Chromium and check it.

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe:
commands on fd 3, replies on fd 4, NUL-separated JSON), so only the Python
standard library is needed. Loads the page from a file:// URL with the network
disabled, then reports as JSON on stdout:

  console_errors   console.error/warning calls, uncaught exceptions and
                   browser log entries at level error (each a string)
  requests         URLs the page tried to fetch other than itself
  plots            number of cluster plots (svg.cluster)
  markers          markers per cluster plot
  zooms            number of spectrum zooms (svg.zoom)
  plate_cells      pad cells of the plate map
  hover_ok         hovering a marker highlights that pad in every plot and
                   on the plate map (the page's script works)
  load_ms          navigation start to the load event (PerformanceNavigationTiming)
  render_ms        navigation start to the first frame after load
  bytes            size of the page

and saves a PNG screenshot (--screenshot FILE, --width, --height).

Usage: page_check.py --chromium PATH PAGE.html [--screenshot FILE]
                     [--width 1400] [--height 2400] [--full]
Exit status: 0 when the checks could run (the caller judges the figures),
2 when Chromium could not be driven.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Pipe:
    """A DevTools connection over Chromium's --remote-debugging-pipe."""

    def __init__(self, proc, wfd, rfd):
        self.proc, self.wfd, self.rfd = proc, wfd, rfd
        self.next_id = 0
        self.buf = b""
        self.events = []

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no reply from Chromium")
            chunk = os.read(self.rfd, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg.decode("utf-8"))

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.wfd, json.dumps(msg).encode("utf-8") + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, timeout=60):
        deadline = time.time() + timeout
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                del self.events[i]
                return m
        while True:
            m = self._read_message(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)


def launch(chromium, profile):
    """Start Chromium with the DevTools pipe on fds 3 (in) and 4 (out)."""
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()

    def child_fds():  # in the child, before exec: the pipe ends on 3 and 4
        a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
        os.dup2(a, 3)
        os.dup2(b, 4)

    args = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--mute-audio",
            "--user-data-dir=" + profile, "--remote-debugging-pipe",
            "about:blank"]
    # close_fds=False: fds 3 and 4 must survive; every other fd of this
    # process is close-on-exec (Python's default)
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, close_fds=False,
                            preexec_fn=child_fds)
    os.close(to_chrome_r)
    os.close(from_chrome_w)
    return Pipe(proc, to_chrome_w, from_chrome_r)


JS_FIGURES = r"""
(function () {
  var plots = document.querySelectorAll('svg.cluster');
  var markers = [];
  for (var i = 0; i < plots.length; i++)
    markers.push(plots[i].querySelectorAll('.pt').length);
  var nav = performance.getEntriesByType('navigation')[0];
  return JSON.stringify({
    plots: plots.length,
    markers: markers,
    zooms: document.querySelectorAll('svg.zoom').length,
    plate_cells: document.querySelectorAll('svg.plate rect[data-w]').length,
    load_ms: nav ? nav.loadEventEnd - nav.startTime : -1,
    verdict: (document.querySelector('.verdict h1') || {}).textContent || ''
  });
})()
"""

JS_HOVER = r"""
(function () {
  var pt = document.querySelector('svg.cluster .pt');
  if (!pt) return JSON.stringify({ok: false, why: 'no marker'});
  var w = pt.getAttribute('data-w');
  pt.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
  var all = document.querySelectorAll('[data-w="' + w + '"]');
  var hl = document.querySelectorAll('.hl');
  var inPlate = document.querySelector('svg.plate rect.hl[data-w="' + w + '"]');
  var ok = hl.length === all.length && hl.length > 1 && !!inPlate;
  document.body.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
  var cleared = document.querySelectorAll('.hl').length === 0;
  /* a cell of the pads table highlights its pad in the plots too */
  var td = document.querySelector('#pads tr[data-w] td');
  var row = false;
  if (td) {
    var w2 = td.parentNode.getAttribute('data-w');
    td.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    row = document.querySelectorAll('svg.cluster .hl[data-w="' + w2 + '"]').length > 0;
    document.body.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
  }
  return JSON.stringify({ok: ok && cleared && row, well: w,
                         highlighted: hl.length, elements: all.length,
                         cleared: cleared, table_row: row});
})()
"""

JS_RENDER = r"""
new Promise(function (done) {
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    done(performance.now());
  }); });
})
"""


def evaluate(pipe, session, expr, await_promise=False):
    r = pipe.send("Runtime.evaluate", {"expression": expr,
                                       "returnByValue": True,
                                       "awaitPromise": await_promise},
                  session=session)
    if "exceptionDetails" in r:
        raise RuntimeError("page script failed: %s" % r["exceptionDetails"])
    return r["result"].get("value")


def collect_errors(events, page_url):
    errors, requests = [], []
    for m in events:
        meth, p = m.get("method"), m.get("params", {})
        if meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            errors.append("console.%s: %s" % (p["type"], " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", []))))
        elif meth == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            errors.append("exception: %s" % d.get("exception", {}).get("description", d.get("text")))
        elif meth == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            errors.append("log: %s" % p["entry"].get("text"))
        elif meth == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            if url != page_url and not url.startswith("data:"):
                requests.append(url)
    return errors, requests


def check(args):
    page = os.path.abspath(args.page)
    url = "file://" + page
    profile = tempfile.mkdtemp(prefix="mzg-chromium-")
    pipe = launch(args.chromium, profile)
    try:
        targets = pipe.send("Target.getTargets")["targetInfos"]
        tid = next(t["targetId"] for t in targets if t["type"] == "page")
        session = pipe.send("Target.attachToTarget",
                            {"targetId": tid, "flatten": True})["sessionId"]
        for dom in ("Runtime", "Log", "Page", "Network"):
            pipe.send(dom + ".enable", session=session)
        pipe.send("Emulation.setDeviceMetricsOverride",
                  {"width": args.width, "height": args.height,
                   "deviceScaleFactor": 1, "mobile": False}, session=session)
        t0 = time.time()
        pipe.send("Page.navigate", {"url": url}, session=session)
        pipe.wait_event("Page.loadEventFired", timeout=120)
        wall_ms = (time.time() - t0) * 1000
        render_ms = evaluate(pipe, session, JS_RENDER, await_promise=True)
        fig = json.loads(evaluate(pipe, session, JS_FIGURES))
        hover = json.loads(evaluate(pipe, session, JS_HOVER))
        if args.screenshot:
            params = {"format": "png"}
            if args.full:
                m = pipe.send("Page.getLayoutMetrics", session=session)
                size = m.get("cssContentSize", m.get("contentSize"))
                params["captureBeyondViewport"] = True
                params["clip"] = {"x": 0, "y": 0, "width": size["width"],
                                  "height": size["height"], "scale": 1}
            shot = pipe.send("Page.captureScreenshot", params, session=session)
            with open(args.screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        time.sleep(0.2)  # let late console messages arrive
        pipe.send("Runtime.evaluate", {"expression": "1"}, session=session)
        errors, requests = collect_errors(pipe.events, url)
        fig.update({"console_errors": errors, "requests": requests,
                    "hover_ok": hover.get("ok", False), "hover": hover,
                    "render_ms": render_ms, "wall_ms": round(wall_ms, 1),
                    "bytes": os.path.getsize(page)})
        try:
            pipe.send("Browser.close", timeout=10)
        except Exception:
            pass
        return fig
    finally:
        try:
            pipe.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pipe.proc.kill()
            pipe.proc.wait()
        os.close(pipe.wfd)
        os.close(pipe.rfd)
        shutil.rmtree(profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("page")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    ap.add_argument("--screenshot")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=2400)
    ap.add_argument("--full", action="store_true", help="screenshot the whole page")
    args = ap.parse_args()
    try:
        result = check(args)
    except Exception as e:  # any failure to drive the browser
        print("page_check: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

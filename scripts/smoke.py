#!/usr/bin/env python3
"""Smoke test of a cross-built gongwen-ls against the native build (called by scripts/release).

    scripts/smoke.py --label linux-arm64 --native target/release/gongwen-ls \
        --binary target/aarch64-unknown-linux-gnu/release/gongwen-ls \
        --runner qemu-aarch64 --runner -L --runner /usr/aarch64-linux-gnu [--windows]

Runs the binary under its emulator (qemu-user, wine) and the native build side by side and
compares what a user sees: `--version`; `check` in human and JSON form on examples/ and
tests/fixtures/; GB18030 and UTF-16 files with CRLF line ends and Chinese file names; one LSP
session (initialize -> didOpen -> publishDiagnostics -> shutdown -> exit). With --windows also
backslash paths, drive letters (Wine maps Z: to /) and `file:///c%3A/...` URIs.

Standard library only. Prints one line per check and `N passed, N failed`; exit 1 on a failure.
"""

import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 300  # seconds per command: emulated binaries are slow, wine starts slowly


class Failure(Exception):
    pass


# Commands whose first word is an emulator (set by main from --runner): see run().
EMULATORS = set()


def run(cmd, cwd=ROOT, env=None):
    """Run cmd and return (exit code, stdout, stderr).

    Under Wine on a loaded machine, a process that has done its work is now and then killed with
    SIGKILL as it exits (the wineserver gives a terminating process a second, then kills it).
    gongwen-ls never kills itself, so an emulated run killed that way is started again, twice at
    most, as tests/src/lib.rs does; a native run's kill is always reported."""
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    for attempt in range(3):
        p = subprocess.run(cmd, cwd=cwd, env=e, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
        if not (p.returncode == -9 and cmd[0] in EMULATORS) or attempt == 2:
            break
        print(f"  note  {' '.join(cmd[-3:])}: killed by SIGKILL under the emulator, started again", flush=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def first_diff(a, b):
    al, bl = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return f"line {i + 1}:\n  native: {x!r}\n  cross:  {y!r}"
    return f"native has {len(al)} lines, cross has {len(bl)}"


def first_leaf_diff(a, b, at="$"):
    """The JSON path of the first value that differs, with both values (or None)."""
    if type(a) is not type(b):
        return at, a, b
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{at}.{k}", a.get(k, "(absent)"), b.get(k, "(absent)")
            d = first_leaf_diff(a[k], b[k], f"{at}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_leaf_diff(x, y, f"{at}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{at} (length)", len(a), len(b)
        return None
    return None if a == b else (at, a, b)


def expect_same(what, native, cross):
    if native != cross:
        if isinstance(native, str) and isinstance(cross, str):
            raise Failure(f"{what} differs, {first_diff(native, cross)}")
        at, x, y = first_leaf_diff(native, cross) or ("$", "?", "?")
        raise Failure(f"{what} differs at {at}:\n  native: {json.dumps(x, ensure_ascii=False)[:600]}\n"
                      f"  cross:  {json.dumps(y, ensure_ascii=False)[:600]}")


def to_unix_paths(s):
    """Folder walks on Windows join with a backslash: compare with the native forward slash."""
    return s.replace("\\", "/")


def json_findings(out):
    """A `check --format json` result with paths normalised, for comparison across builds."""
    v = json.loads(out)
    for f in v["files"]:
        f["path"] = to_unix_paths(f["path"])
        prev = f.get("previous") or {}
        if prev.get("path"):
            prev["path"] = to_unix_paths(prev["path"])
    for e in v["errors"]:
        e["path"] = to_unix_paths(e["path"])
        e["message"] = "(os error text differs)"
    return v


def findings_only(out):
    return [[{k: x[k] for k in ("rule", "severity", "message", "line", "column", "endLine", "endColumn")}
             for x in f["findings"]] for f in json.loads(out)["files"]]


class Lsp:
    """A JSON-RPC client over the server's stdio (answers server requests with null)."""

    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.q = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self.p.stderr.read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.q.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length is None:
                self.q.put(None)
                return
            self.q.put(json.loads(out.read(length)))

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == i and "method" not in m, f"the answer to {method}")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, what):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            try:
                m = self.q.get(timeout=max(0.1, deadline - time.time()))
            except queue.Empty:
                break
            if m is None:
                raise Failure(f"the server closed its output while waiting for {what}")
            if "method" in m and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            if pred(m):
                return m
        raise Failure(f"timed out waiting for {what}")

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()


def lsp_session(cmd, root_uri, docs):
    """initialize -> didOpen each (uri, text) -> their diagnostics -> shutdown -> exit."""
    c = Lsp(cmd)
    try:
        init = c.request("initialize", {
            "processId": os.getpid(),
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "reports"}],
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        })
        if "result" not in init or "capabilities" not in init["result"]:
            raise Failure(f"initialize failed: {init}")
        c.notify("initialized", {})
        diagnostics = []
        for uri, text in docs:
            c.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
            m = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                       and m["params"]["uri"] == uri and m["params"].get("version") == 1,
                       f"diagnostics of {uri}")
            ds = m["params"]["diagnostics"]
            # Related locations point into the same document, under the very URI the client
            # sent (a server that re-encodes `c%3A` as `c:` breaks the editor's links).
            for d in ds:
                for r in d.get("relatedInformation", []):
                    if r["location"]["uri"] != uri:
                        raise Failure(f"related location {r['location']['uri']} is not the document {uri}")
                    r["location"]["uri"] = "<document>"
            diagnostics.append(ds)
        if c.request("shutdown", None).get("result", "missing") is not None:
            raise Failure("shutdown did not answer null")
        c.notify("exit", None)
        try:
            code = c.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            raise Failure("the server did not exit within 30 s of `exit`")
        if code != 0:
            raise Failure(f"the server exited with {code} after shutdown + exit")
        return diagnostics
    finally:
        c.kill()


def file_uri(path):
    return "file://" + urllib.parse.quote(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--native", required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--runner", action="append", default=[], help="emulator command, one word per flag")
    ap.add_argument("--windows", action="store_true", help="the binary is a Windows .exe run by wine")
    ap.add_argument("--workdir", required=True, help="scratch folder (removed first)")
    a = ap.parse_args()

    native = [os.path.abspath(a.native)]
    cross = a.runner + [os.path.abspath(a.binary)]
    if a.runner:
        EMULATORS.add(cross[0])
    work = os.path.abspath(a.workdir)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    results = []

    def check(name):
        def deco(fn):
            t0 = time.time()
            try:
                fn()
                results.append((name, None))
                print(f"  ok    {a.label}: {name} ({time.time() - t0:.1f} s)", flush=True)
            except (Failure, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError, OSError) as e:
                results.append((name, e))
                print(f"  FAIL  {a.label}: {name}: {e}", flush=True)
            return fn
        return deco

    @check("--version")
    def _():
        n, c = run(native + ["--version"]), run(cross + ["--version"])
        expect_same("--version", n, c)
        if not c[1].startswith("gongwen-ls "):
            raise Failure(f"unexpected --version output {c[1]!r}")

    dirs = ["examples", "tests/fixtures"]

    @check("check (human) examples/ tests/fixtures/")
    def _():
        n = run(native + ["check"] + dirs)
        c = run(cross + ["check"] + dirs)
        expect_same("exit status", n[0], c[0])
        if "\x1b[" in c[1]:
            raise Failure("color codes in output that is not a terminal")
        expect_same("human output", n[1], to_unix_paths(c[1]))
        if "共检查" not in c[1]:
            raise Failure("no summary line")

    @check("check --format json examples/ tests/fixtures/")
    def _():
        n = run(native + ["check", "--format", "json"] + dirs)
        c = run(cross + ["check", "--format", "json"] + dirs)
        expect_same("exit status", n[0], c[0])
        nj, cj = json_findings(n[1]), json_findings(c[1])
        expect_same("JSON output", nj, cj)
        if nj["summary"]["reports"] < 3 or sum(len(f["findings"]) for f in nj["files"]) == 0:
            raise Failure(f"too little was checked: {nj['summary']}")

    # Files as Windows desks save them: GB18030 and UTF-16 with CRLF, Chinese file names.
    with open(os.path.join(ROOT, "examples", "draft-2024.txt"), encoding="utf-8") as f:
        draft = f.read()
    crlf = draft.replace("\r\n", "\n").replace("\n", "\r\n")
    enc_dir = os.path.join(work, "编码")
    os.makedirs(enc_dir)
    with open(os.path.join(enc_dir, "草稿-LF.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(draft)
    with open(os.path.join(enc_dir, "草稿-GBK-CRLF.txt"), "wb") as f:
        f.write(crlf.encode("gb18030"))
    with open(os.path.join(enc_dir, "草稿-UTF16-CRLF.txt"), "wb") as f:
        f.write(b"\xff\xfe" + crlf.encode("utf-16-le"))

    @check("check GB18030/UTF-16 CRLF files with Chinese names")
    def _():
        # relative to the working folder, which both builds resolve alike (an absolute Unix path
        # is, for a Windows build under Wine, a path on the current drive: another workspace)
        rel = os.path.relpath(enc_dir, ROOT)
        n = run(native + ["check", "--format", "json", rel])
        c = run(cross + ["check", "--format", "json", rel])
        expect_same("JSON output", json_findings(n[1]), json_findings(c[1]))
        files = {os.path.basename(to_unix_paths(f["path"])): f for f in json.loads(c[1])["files"]}
        encodings = {k: v["encoding"] for k, v in files.items()}
        expect_same("encodings", {"草稿-GBK-CRLF.txt": "GB18030", "草稿-LF.txt": "UTF-8",
                                  "草稿-UTF16-CRLF.txt": "UTF-16LE"}, encodings)
        lf = findings_only(c[1])
        if not lf[0] or not (lf[0] == lf[1] == lf[2]):
            raise Failure("CRLF/GBK/UTF-16 findings differ from the UTF-8 LF file's")
        h = run(cross + ["check", os.path.join(enc_dir, "草稿-GBK-CRLF.txt")])
        if "\r" in h[1]:
            raise Failure("a carriage return in the human output (the caret line would be garbled)")

    if a.windows:
        @check("Windows paths: backslashes, drive letters Z:/z:, trailing backslash")
        def _():
            ref = findings_only(run(native + ["check", "--format", "json", "examples/draft-2024.txt"])[1])
            abs_ = "Z:" + os.path.join(ROOT, "examples", "draft-2024.txt").replace("/", "\\")
            for arg in ["examples\\draft-2024.txt", abs_, "z" + abs_[1:]]:
                code, out, err = run(cross + ["check", "--format", "json", arg])
                if code not in (0, 1):
                    raise Failure(f"check {arg} exited {code}: {err.strip()}")
                expect_same(f"findings for {arg}", ref, findings_only(out))
                if json.loads(out)["files"][0]["path"] != arg:
                    raise Failure(f"path shown as {json.loads(out)['files'][0]['path']!r}, given {arg!r}")
            n = run(native + ["check", "--format", "json", "tests/fixtures/"])
            c = run(cross + ["check", "--format", "json", "tests\\fixtures\\"])
            expect_same("folder with a trailing backslash", findings_only(n[1]), findings_only(c[1]))

    @check("LSP session: initialize, didOpen (LF and CRLF), publishDiagnostics, shutdown, exit")
    def _():
        if a.windows:
            root_uri = "file:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E6%8A%A5%E5%91%8A"
        else:
            root_uri = file_uri(os.path.join(work, "报告"))
        docs = [(root_uri + "/" + urllib.parse.quote("2024年度草稿.txt"), draft),
                (root_uri + "/" + urllib.parse.quote("草稿-CRLF.txt"), crlf)]
        native_root = file_uri(os.path.join(work, "报告"))
        n = lsp_session(native, native_root, [(native_root + u[len(root_uri):], t) for u, t in docs])
        c = lsp_session(cross, root_uri, docs)
        expect_same("diagnostics", n, c)
        if not c[0]:
            raise Failure("no diagnostics for the draft")
        shape = lambda ds: [{k: d.get(k) for k in ("range", "severity", "code", "message")} for d in ds]
        expect_same("CRLF diagnostics vs LF", shape(c[0]), shape(c[1]))

    failed = [r for r in results if r[1] is not None]
    print(f"smoke {a.label}: {len(results) - len(failed)} checks passed, {len(failed)} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

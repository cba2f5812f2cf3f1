"""The check of an uploaded PDF's signatures, in a child process with hard limits.

An upload is untrusted: a file of a few hundred kilobytes can hold a thousand signature fields
or revisions whose diff analysis takes minutes. So each web worker starts one small checking
server (`python -m portal.pdfcheck.server`: a fresh interpreter with pyHanko loaded and warmed
up, no threads, no database), and for each upload the server forks a child that judges the
file (portal/pdfcheck/judging.py). The child ends itself with SIGALRM at `time_limit` seconds
whatever it is doing (pure Python or C), runs under an address-space limit, and the server
kills it if it is still there a moment later: a hard limit that does not rely on the web
server's worker timeout. Before any signature is validated, the file's shape is checked
against what an agreement can hold: a few revisions, a few signature fields, a bounded number
of objects.

The verdict rests on what the signatures cover. Every signature must be intact, valid and
trusted, each update between two signatures must be one that signing allows (pyHanko's diff
analysis), and the last signature must cover the file to its last byte: anything after it --
an update without its closing %%EOF, a new page, trailing bytes -- means *altered*, as poppler's
pdfsig says "Not total document signed". (The portal adds nothing after the last signature.)

One request at a time per web worker goes to its server; a request that cannot get its turn
within `queue_wait` seconds is refused as "busy", so that every upload is answered within about
two seconds.
"""
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time

LIMITS = {
    "time_limit": 1.0,  # seconds for the whole check, in the child (an agreement takes about 0.1)
    "queue_wait": 0.8,  # seconds to wait for this worker's server to be free
    "max_revisions": 12,  # an agreement has the drafted file and one revision per signature
    "max_signatures": 8,  # three parties sign an agreement
    "max_objects": 20_000,  # the drafted agreement has a few hundred
    "memory_bytes": 1536 * 1024 * 1024,  # the child's address space
}
# Beyond the child's own limit: the server's fork, its kill and its answer.
GRACE_SECONDS = 1.0
FRAME = struct.Struct("!Q")


def check(data, trust_roots_der, limits=None):
    """Judge `data` in a child of this worker's checking server.

    Returns {"outcome": "checked", "altered", "signatures": [{name, role, signed_at, valid,
    intact, trusted, covers_whole_document, end}], "revisions", "peak_rss_kb"} or
    {"outcome": "refused", "code"} with code "truncated", "too-complex", "too-slow" or "busy".
    """
    limits = {**LIMITS, **(limits or {})}
    return _server.ask((data, [bytes(root) for root in trust_roots_der], limits), limits)


def start():
    """Start this worker's checking server now and wait until it is ready (the worker's warm-up)."""
    _server.ensure_running()


def write_frame(stream, value):
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(FRAME.pack(len(payload)) + payload)
    stream.flush()


def read_frame(fd, deadline=None):
    """One framed value from a file descriptor; None at end of file or past the deadline."""
    header = _read_exactly(fd, FRAME.size, deadline)
    if header is None:
        return None
    payload = _read_exactly(fd, FRAME.unpack(header)[0], deadline)
    return None if payload is None else pickle.loads(payload)  # noqa: S301 -- our own child's answer


def _read_exactly(fd, size, deadline):
    chunks, left = [], size
    while left:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class _Server:
    """This process's checking server, started on first use and again if it ever dies."""

    def __init__(self):
        self.lock = threading.Lock()
        self.process = None

    def ensure_running(self):
        with self.lock:
            self._start_if_needed()

    def ask(self, request, limits):
        if not self.lock.acquire(timeout=limits["queue_wait"]):
            return {"outcome": "refused", "code": "busy"}
        try:
            self._start_if_needed()
            try:
                write_frame(self.process.stdin, request)
                answer = read_frame(self.process.stdout.fileno(),
                                    time.monotonic() + limits["time_limit"] + GRACE_SECONDS)
            except (BrokenPipeError, OSError):
                answer = None
            if answer is None:  # the server itself did not answer: start a new one next time
                self._stop()
                return {"outcome": "refused", "code": "too-slow"}
            return answer
        finally:
            self.lock.release()

    def _start_if_needed(self):
        if self.process is not None and self.process.poll() is None:
            return
        self.process = subprocess.Popen(
            [sys.executable, "-m", "portal.pdfcheck.server"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )
        # The server says it is ready (pyHanko loaded and warmed up) before its first request.
        if read_frame(self.process.stdout.fileno(), time.monotonic() + 60) != "ready":
            self._stop()
            raise RuntimeError("the PDF checking server did not start")

    def _stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                stream.close()
            self.process = None

    def _forget_after_fork(self):
        # A process forked from this one (gunicorn --preload) must start its own server.
        self.lock = threading.Lock()
        self.process = None


_server = _Server()
os.register_at_fork(after_in_child=_server._forget_after_fork)

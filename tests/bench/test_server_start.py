"""`make bench` measures its own server or nothing: a taken port or a server that stops
ends the run with a message (exit status 1), before any measurement."""

import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from bench.run import bind_listener, wait_until_answering


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def foreign_server():
    """Another server already answering on a port, as when `make bench` found one."""
    server = HTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_taken_port_stops_the_run_with_a_message(foreign_server):
    port = foreign_server.server_address[1]
    with pytest.raises(SystemExit) as stopped:
        bind_listener(port)
    message = str(stopped.value.code)
    assert f"port {port} is taken" in message and "BENCH_PORT" in message


def test_a_free_port_is_bound_for_the_server():
    listener = bind_listener(0)
    try:
        assert listener.getsockname()[1] > 0
        with pytest.raises(OSError):  # it is ours now: nobody else can take it
            other = socket.socket()
            try:
                other.bind(listener.getsockname())
            finally:
                other.close()
    finally:
        listener.close()


def test_a_server_that_stopped_is_not_waited_for_even_if_something_answers(foreign_server):
    url = f"http://127.0.0.1:{foreign_server.server_address[1]}/healthz"
    dead = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    dead.wait()
    with pytest.raises(SystemExit) as stopped:
        wait_until_answering(dead, url, timeout=5)
    assert "stopped (exit status 3)" in str(stopped.value.code)


def test_a_live_server_that_answers_is_accepted(foreign_server):
    url = f"http://127.0.0.1:{foreign_server.server_address[1]}/healthz"
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        wait_until_answering(alive, url, timeout=5)
    finally:
        alive.kill()
        alive.wait()


def test_a_server_that_never_answers_times_out_with_a_message():
    listener = bind_listener(0)  # bound but nobody accepts: the connection hangs or fails
    port = listener.getsockname()[1]
    listener.close()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with pytest.raises(SystemExit) as stopped:
            wait_until_answering(alive, f"http://127.0.0.1:{port}/healthz", timeout=1)
    finally:
        alive.kill()
        alive.wait()
    assert "did not answer" in str(stopped.value.code)

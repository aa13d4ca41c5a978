"""A local stand-in for the network between TensorFlow and Google Cloud Storage.

TensorFlow's GCS filesystem (tsl gcs_file_system.cc) has its endpoints compiled in
(https://www.googleapis.com/storage/v1/, https://storage.googleapis.com/) and offers no variable
to change them, but its HTTP client is libcurl with no proxy option set (curl_http_request.cc),
so libcurl honours HTTPS_PROXY / HTTP_PROXY, and CURL_CA_BUNDLE chooses the trusted CA
(curl_http_request.cc). This module is that proxy:

  mode "stall"  accepts CONNECT, answers "200 Connection established", then never speaks again:
                the TLS handshake stalls, as behind a dead NAT or a black-holing firewall.
  mode "gcs"    terminates TLS with a certificate from a throwaway CA (CURL_CA_BUNDLE), and
                answers like GCS for the objects of a local directory, except that downloads
                of checkpoint data shards (names with ".data-") send the headers and
                `stall_after` bytes, then stall forever.
  mode "metadata" a plain HTTP server for GCE_METADATA_HOST that answers 404 to everything.
"""
from __future__ import annotations

import http.server
import json
import os
import select
import socket
import socketserver
import ssl
import subprocess
import threading
import time
import urllib.parse


def make_ca_and_cert(directory: str) -> tuple[str, str, str]:
    """A CA and a certificate for the two GCS hosts, signed by it (openssl CLI)."""
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=directory)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=tf-restore-doctor test CA")
    with open(os.path.join(directory, "san.cnf"), "w") as f:
        f.write("subjectAltName=DNS:www.googleapis.com,DNS:storage.googleapis.com\n"
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "host.key", "-out", "host.csr", "-subj", "/CN=www.googleapis.com")
    run("x509", "-req", "-in", "host.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "host.pem",
        "-days", "2", "-extfile", "san.cnf")
    return (os.path.join(directory, "ca.pem"), os.path.join(directory, "host.pem"), os.path.join(directory, "host.key"))


class _GcsHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = ""          # local directory standing in for the bucket
    bucket = "bucket"
    stall_after = 0    # bytes of an object download sent before stalling
    stall_match = ".data-"  # only downloads of objects whose name contains this stall
    log: list = []

    def log_message(self, *args):  # keep stderr quiet
        pass

    def _send(self, code, body=b"", ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        url = urllib.parse.urlparse(self.path)
        host = self.headers.get("Host", "")
        self.log.append(f"GET {host}{url.path}?{url.query}")
        query = urllib.parse.parse_qs(url.query)
        prefix = f"/storage/v1/b/{self.bucket}/o"
        if url.path.startswith(prefix + "/"):  # object metadata (stat)
            name = urllib.parse.unquote(url.path[len(prefix) + 1:])
            path = os.path.join(self.root, name)
            if not os.path.isfile(path):
                return self._send(404, b'{"error": {"code": 404}}')
            st = os.stat(path)
            meta = {"name": name, "size": str(st.st_size), "generation": "1",
                    "updated": "2026-01-01T00:00:00.000Z"}
            return self._send(200, json.dumps(meta).encode())
        if url.path == prefix:  # list objects
            want = query.get("prefix", [""])[0]
            items = []
            for dirpath, _, files in os.walk(self.root):
                for f in files:
                    rel = os.path.relpath(os.path.join(dirpath, f), self.root)
                    if rel.startswith(want):
                        items.append({"name": rel})
            return self._send(200, json.dumps({"items": items}).encode())
        if url.path == f"/storage/v1/b/{self.bucket}":
            return self._send(200, json.dumps({"name": self.bucket, "location": "US"}).encode())
        if host.startswith("storage.googleapis.com") and url.path.startswith(f"/{self.bucket}/"):
            name = urllib.parse.unquote(url.path[len(self.bucket) + 2:])
            path = os.path.join(self.root, name)
            if not os.path.isfile(path):
                return self._send(404)
            data = open(path, "rb").read()
            start, end = 0, len(data) - 1
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes="):
                a, b = rng[6:].split("-")
                start, end = int(a), min(int(b) if b else end, len(data) - 1)
            chunk = data[start:end + 1]
            self.send_response(206 if rng else 200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(chunk)))
            self.end_headers()
            if self.stall_match not in name:
                self.wfile.write(chunk)
                return
            self.wfile.write(chunk[: self.stall_after])
            self.wfile.flush()
            time.sleep(3600)  # the stall
            return
        return self._send(404)


class _TLSTerminatingGcs(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class Proxy:
    """An HTTP proxy on 127.0.0.1 that handles CONNECT per `mode` (see the module docstring)."""

    def __init__(self, mode: str, workdir: str, root: str = "", stall_after: int = 0):
        self.mode = mode
        self.connects: list[str] = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.ca = None
        if mode == "gcs":
            self.ca, cert, key = make_ca_and_cert(workdir)
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(cert, key)
            handler = type("H", (_GcsHandler,), {"root": root, "stall_after": stall_after, "log": []})
            self.handler = handler
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self):
        while True:
            conn, _ = self.sock.accept()
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        first = data.split(b"\r\n", 1)[0].decode("latin-1")
        self.connects.append(first)
        if self.mode == "metadata":
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            conn.close()
            return
        if not first.startswith("CONNECT "):
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            conn.close()
            return
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if self.mode == "stall":
            # Never answer the TLS ClientHello; keep the socket open until the client gives up.
            while True:
                r, _, _ = select.select([conn], [], [], 3600)
                if not r or not conn.recv(4096):
                    conn.close()
                    return
        tls_conn = self.tls.wrap_socket(conn, server_side=True)
        self.handler(tls_conn, ("127.0.0.1", 0), None)


def metadata_server() -> Proxy:
    return Proxy("metadata", "")

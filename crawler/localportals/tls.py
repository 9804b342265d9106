"""A local portal that moved to HTTPS: its pages served over TLS on 127.0.0.1:443 and every
plain-HTTP request on :80 answered with a 301 to the same path on https://, as government sites
did when HTTPS became required. The certificate is self-signed, made on the spot
(``cryptography``, installed with Scrapy); Scrapy, like the crawl, does not verify it.

Ports 80 and 443, so that ``http://127.0.0.1/x`` and ``https://127.0.0.1/x`` are one address
but for the scheme (default ports); binding them needs root, which tests and CI have here.
"""

from __future__ import annotations

import datetime
import ssl
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crawler.localportals.server import SiteServer, running


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=7)).sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class _ToHttps(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server naming
        self.send_response(301)
        self.send_header("Location", f"https://127.0.0.1{self.path}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET  # noqa: N815


class _RedirectServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def serve_moved_to_https(root: Path) -> Iterator[SiteServer]:
    """``root`` served on https://127.0.0.1 (443), http://127.0.0.1 (80) redirecting there."""
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = _self_signed(Path(tmp))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        site = SiteServer(root, 443)
        site.socket = context.wrap_socket(site.socket, server_side=True)
        with running(site, f"https-{Path(root).name}"), running(_RedirectServer(("127.0.0.1", 80), _ToHttps), "to-https"):
            yield site

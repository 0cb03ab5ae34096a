#!/usr/bin/python3
"""oidc_mitm.py PROVIDER KEY TAMPER PORT_FILE: a man in the middle between
the node and the identity provider of test_oidc.sh, so that the node's real
sign-in flow meets ID tokens the provider itself would never issue.

It is the issuer the node is configured with (the provider's OIDC plugin
names it as its iss): its discovery document is the provider's, with the
token endpoint pointing here and every other endpoint at the provider (the
browser signs in at the provider's own pages, the node fetches the JWKS
there). A code exchange is forwarded to the provider as it came; the answer
comes back as it is, unless the file TAMPER names a change to make to its
ID token:

  payload   a claim changed (sub), header and signature kept
  none      alg none, no signature
  otherkey  signed by a key of ours, not in the provider's JWKS
  aud       re-signed with the provider's key (KEY, PEM), for another client
  expired   re-signed with the provider's key, expired ten minutes ago

It listens on 127.0.0.1, on a port the system picks, written to PORT_FILE
once it listens; the test stops it with the provider.
Debian's python3-jwt signs; python3-cryptography makes the other key.
"""
import base64, json, os, sys, time, urllib.error, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

PROVIDER, KEY, TAMPER, PORT_FILE = sys.argv [1:]
PREFIX = "/api/oidc"
provider_key = open (KEY).read ()
other_key = rsa.generate_private_key (public_exponent = 65537, key_size = 2048)


def b64_decode (text):
    return base64.urlsafe_b64decode (text + "=" * (-len (text) % 4))


def b64_encode (data):
    return base64.urlsafe_b64encode (data).rstrip (b"=").decode ()


def tampered (token, change):
    """token as change asks (see above)."""
    header, payload, signature = token.split (".")
    claims = json.loads (b64_decode (payload))
    kid = json.loads (b64_decode (header)).get ("kid")
    if change == "payload":
        claims ["sub"] = "someone-else"
        return ".".join ((header, b64_encode (json.dumps (claims).encode ()), signature))
    if change == "none":
        return b64_encode (b'{"alg":"none","typ":"JWT"}') + "." + payload + "."
    if change == "otherkey":
        return jwt.encode (claims, other_key, algorithm = "RS256",
                           headers = {"kid": "not-the-providers"})
    if change == "aud":
        claims ["aud"] = "another-client"
    elif change == "expired":
        now = int (time.time ())
        claims ["iat"], claims ["exp"] = now - 900, now - 600
    else:
        raise ValueError ("no such change: " + change)
    return jwt.encode (claims, provider_key, algorithm = "RS256", headers = {"kid": kid})


class Handler (BaseHTTPRequestHandler):
    def answer (self, status, body, content_type = "application/json"):
        self.send_response (status)
        self.send_header ("Content-Type", content_type)
        self.send_header ("Content-Length", str (len (body)))
        self.end_headers ()
        self.wfile.write (body)

    def forward (self, path, body = None):
        """The provider's answer to path (status, bytes, content type)."""
        headers = {name: self.headers [name] for name in ("Authorization", "Content-Type")
                   if self.headers [name]}
        request = urllib.request.Request (PROVIDER + path, data = body, headers = headers)
        try:
            with urllib.request.urlopen (request, timeout = 5) as reply:
                return reply.status, reply.read (), reply.headers ["Content-Type"]
        except urllib.error.HTTPError as error:
            return error.code, error.read (), error.headers ["Content-Type"]

    def do_GET (self):
        if self.path != PREFIX + "/.well-known/openid-configuration":
            return self.answer (404, b'{"error": "not here"}')
        status, body, _ = self.forward (self.path)
        if status != 200:
            return self.answer (status, body)
        document = json.loads (body)
        ours = "http://%s:%d" % self.server.server_address
        for name, value in document.items ():
            if name != "issuer" and isinstance (value, str) and value.startswith (ours):
                document [name] = PROVIDER + value [len (ours):]
        document ["token_endpoint"] = ours + PREFIX + "/token"
        self.answer (200, json.dumps (document).encode ())

    def do_POST (self):
        if self.path != PREFIX + "/token":
            return self.answer (404, b'{"error": "not here"}')
        body = self.rfile.read (int (self.headers ["Content-Length"] or 0))
        status, body, content_type = self.forward (self.path, body)
        try:
            change = open (TAMPER).read ().strip ()
        except FileNotFoundError:
            change = ""
        if status == 200 and change:
            answer = json.loads (body)
            answer ["id_token"] = tampered (answer ["id_token"], change)
            body = json.dumps (answer).encode ()
        self.answer (status, body, content_type or "application/json")

    def log_message (self, format, *args):
        pass


server = ThreadingHTTPServer (("127.0.0.1", 0), Handler)
with open (PORT_FILE + ".new", "w") as port_file:
    port_file.write ("%d\n" % server.server_address [1])
os.rename (PORT_FILE + ".new", PORT_FILE)
server.serve_forever ()

#!/usr/bin/python3
"""imi_peer.py: a Federated IMI peer written from protocol/PROTOCOL.md alone.

An independent check of the specification: a minimal peer (PROTOCOL.md §16)
in another language, with Debian's python3-zmq, python3-nacl and
python3-msgpack, that joins a federation of real nodes and can also send
them every kind of hostile input. Nothing here was taken from the node's C
code; where the text was not enough, the text was fixed.

    imi_peer.py keygen DIR STATE
        new identity in DIR/identity.json; prints "sign_key HEX" and
        "curve_key HEX" for imictl manifest-add-node
    imi_peer.py serve DIR --manifest FILE --governance-key HEX
        the peer's ROUTER (CURVE server, ZAP: manifest keys only) at its
        manifest endpoint (§15.2): answers PINGs with PONGs, applies TEXT in
        order and receipts every sequenced message on the connection it came
        in on (§15.3, §16). One line per event on stdout. Reads commands on
        stdin: "bogus-receipt XX FIRST LAST" answers the next message from XX
        with a signed RECEIPT for messages XX never sent us.
    imi_peer.py send DIR --manifest FILE --governance-key HEX --to XX KIND [--text T] [--wait MS]
        one request on a DEALER (CURVE client) to XX's ROUTER; prints what
        comes back, checked. KIND is one of KINDS below. Sequenced kinds take
        the link's next seq (DIR/links.json) and retransmit until receipted
        or --wait runs out; only a receipt whose hash matches moves the link.

Exit status: 0 done (the output says what happened), 1 error, 2 usage.
"""
import hashlib
import json
import os
import sys
import time

import msgpack
import nacl.exceptions
import nacl.public
import nacl.signing
import nacl.utils
import zmq

# ---- Constants of the specification

VERSIONS = (1, 2)                               # §2.1, §2.5: we speak both
PING, PONG, RECEIPT, TEXT, MANIFEST = 1, 2, 3, 4, 5
DIR_PUSH, DIR_FRONTIER, DIR_ENTRIES, CASE_EVENT, CASE_PART = 6, 7, 8, 9, 10
AUDIT_CHECKPOINT, AUDIT_COSIGNATURE, AUDIT_GOSSIP = 11, 12, 13
ALERT_EVENT, NOTIFICATION_EVENT = 14, 15
TYPE_NAMES = {1: "ping", 2: "pong", 3: "receipt", 4: "text", 5: "manifest", 6: "dir_push",
              7: "dir_frontier", 8: "dir_entries", 9: "case_event", 10: "case_part",
              11: "audit_checkpoint", 12: "audit_cosignature", 13: "audit_gossip",
              14: "alert_event", 15: "notification_event"}
SEQUENCED = {TEXT, DIR_PUSH, CASE_EVENT, CASE_PART, ALERT_EVENT, NOTIFICATION_EVENT}  # §4
# §15.3: requests arrive on a ROUTER, answers on a DEALER, MANIFEST on both.
REQUESTS = SEQUENCED | {PING, DIR_FRONTIER, AUDIT_CHECKPOINT, AUDIT_GOSSIP, MANIFEST}
ANSWERS = {PONG, RECEIPT, DIR_ENTRIES, AUDIT_COSIGNATURE, MANIFEST}
ENVELOPE_CONTEXT = b"imi.envelope.v1"           # §2.2
MANIFEST_CONTEXT = b"imi.manifest.v1"           # §6
HEADER_MAX = 512                                # §5
BODY_MAX = 1048576
ENVELOPE_MAX = BODY_MAX + 40 + 512
MAX_DEPTH = 8                                   # §1.1
SKEW_MS = 300000                                # §3
TEXT_MAX = 4096                                 # §4.2, §5
RECEIPT_MAX = 4096                              # §4.3


class Reject(Exception):
    """A rejection: kind is a name of PROTOCOL.md §7.2."""

    def __init__(self, kind, reason):
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


def now_ms():
    return int(time.time() * 1000)


# ---- Strict msgpack (§1.1)

def _depth(value, level=1):
    if isinstance(value, (list, dict)):
        if level > MAX_DEPTH:
            raise Reject("malformed", f"nesting deeper than {MAX_DEPTH}")
        children = value if isinstance(value, list) else list(value.keys()) + list(value.values())
        for child in children:
            _depth(child, level + 1)


def unpack(data, limit, what):
    """One msgpack object, no trailing bytes, at most limit bytes, nesting
    at most 8, no 0xc1, valid UTF-8 in every str (msgpack raises on each)."""
    if len(data) > limit:
        raise Reject("malformed", f"{what}: {len(data)} bytes exceeds the limit of {limit}")
    try:
        value = msgpack.unpackb(data, raw=False, strict_map_key=False, use_list=True)
    except (ValueError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError,
            UnicodeDecodeError, TypeError) as error:
        raise Reject("malformed", f"{what}: {error.__class__.__name__}: {error}")
    _depth(value)
    return value


def want_uint(value, what):
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Reject("malformed", f"{what}: expected an unsigned integer")
    return value


def want_bin(value, what, size=None, most=None):
    if not isinstance(value, bytes):
        raise Reject("malformed", f"{what}: expected a bin")
    if size is not None and len(value) != size:
        raise Reject("malformed", f"{what}: expected {size} bytes, got {len(value)}")
    if most is not None and len(value) > most:
        raise Reject("malformed", f"{what}: more than {most} bytes")
    return value


def want_str(value, what, most):
    if not isinstance(value, str) or "\0" in value or len(value.encode()) > most:
        raise Reject("malformed", f"{what}: expected a str of at most {most} bytes without NUL")
    return value


def want_array(value, what, count=None):
    if not isinstance(value, list) or (count is not None and len(value) != count):
        raise Reject("malformed", f"{what}: expected an array of {count} items")
    return value


def state_code(value, what):
    if not (isinstance(value, str) and len(value) == 2 and value.isascii()
            and value.isalpha() and value.isupper()):
        raise Reject("malformed", f"{what}: not a state code")
    return value


# ---- Identity and manifest (§6)

def keygen(folder, state):
    state_code(state, "state")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    sign = nacl.signing.SigningKey.generate()
    curve = nacl.public.PrivateKey.generate()
    path = os.path.join(folder, "identity.json")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump({"state": state, "sign_seed": bytes(sign).hex(),
                   "curve_secret": bytes(curve).hex()}, out)
    print("sign_key", bytes(sign.verify_key).hex())
    print("curve_key", bytes(curve.public_key).hex())


class Identity:
    def __init__(self, folder):
        with open(os.path.join(folder, "identity.json")) as source:
            data = json.load(source)
        self.state = data["state"]
        self.sign = nacl.signing.SigningKey(bytes.fromhex(data["sign_seed"]))
        self.curve = nacl.public.PrivateKey(bytes.fromhex(data["curve_secret"]))
        self.curve_public = bytes(self.curve.public_key)


def read_manifest(path, governance_key):
    """The nodes of a manifest file whose signature by governance_key verifies:
    (version, {state: (endpoint, sign_key, curve_key)})."""
    with open(path, "rb") as source:
        data = source.read()
    manifest = want_array(unpack(data, 262144 + 4096, "manifest"), "manifest", 2)
    body = want_bin(manifest[0], "manifest.body", most=262144)
    verifier = nacl.signing.VerifyKey(bytes.fromhex(governance_key))
    signed = False
    for signature in want_array(manifest[1], "manifest.signatures"):
        key, sig = want_array(signature, "manifest.signature", 2)
        if key == bytes(verifier):
            verifier.verify(MANIFEST_CONTEXT + body, want_bin(sig, "sig", 64))
            signed = True
    if not signed:
        raise Reject("manifest", "manifest has no signature by the governance key")
    # imi-manifest-2 adds the governance of the versions after it (§6); this
    # peer trusts the one key it is given and reads no further version.
    fields = want_array(unpack(body, 262144, "manifest body"), "manifest body")
    formats = {"imi-manifest-1": 5, "imi-manifest-2": 6}
    if not fields or formats.get(fields[0]) != len(fields):
        raise Reject("manifest", "not imi-manifest-1 (5 items) or imi-manifest-2 (6 items)")
    version = want_uint(fields[2], "manifest.version")
    nodes = {}
    for node in want_array(fields[4], "manifest.nodes"):
        state, endpoint, sign_key, curve_key = want_array(node, "manifest node", 4)
        nodes[state_code(state, "node.state")] = (endpoint, want_bin(sign_key, "sign_key", 32),
                                                  want_bin(curve_key, "curve_key", 32))
    return version, nodes


# ---- Envelopes (§2)

class Envelope:
    """A decoded envelope: header fields, the exact header bytes, the body."""


def encode_header(version, kind, message_id, sender, recipient, seq, timestamp, body_hash):
    return msgpack.packb([version, kind, message_id, sender, recipient, seq, timestamp, body_hash],
                         use_bin_type=True)


def seal(plain, own_curve, peer_curve_key):
    """nonce || crypto_box_easy_afternm (plain, nonce, beforenm (peer, own)) (§2.3)."""
    return bytes(nacl.public.Box(own_curve, nacl.public.PublicKey(peer_curve_key)).encrypt(plain))


def make_envelope(identity, peer_state, peer_curve_key, kind, plain, seq=0, **change):
    """A signed envelope; change overrides any header field or the parts
    (version, type, message_id, from, to, seq, timestamp, body, signer, curve)."""
    curve = change.get("curve", identity.curve)
    body = change.get("body") or seal(plain, curve, peer_curve_key)
    message_id = change.get("message_id", os.urandom(16))
    header = encode_header(change.get("version", 1), change.get("type", kind), message_id,
                           change.get("sender", identity.state), change.get("to", peer_state),
                           seq, change.get("timestamp", now_ms()),
                           change.get("body_hash", hashlib.sha256(body).digest()))
    signer = change.get("signer", identity.sign)
    signature = signer.sign(ENVELOPE_CONTEXT + header).signature
    envelope = msgpack.packb([header, body, signature], use_bin_type=True)
    return envelope, header, message_id


def decode_envelope(data):
    """§1.1, §2, §2.1: the checks that need no key, in the order of §7.1."""
    if len(data) > ENVELOPE_MAX:
        raise Reject("oversized", f"{len(data)} bytes")
    parts = want_array(unpack(data, ENVELOPE_MAX, "envelope"), "envelope", 3)
    view = Envelope()
    view.header_bytes = want_bin(parts[0], "envelope.header", most=HEADER_MAX)
    view.body = want_bin(parts[1], "envelope.body", most=BODY_MAX + 40)
    view.signature = want_bin(parts[2], "envelope.signature", 64)
    if len(view.body) < 40:
        raise Reject("malformed", "envelope.body: shorter than a sealed box")
    header = unpack(view.header_bytes, HEADER_MAX, "header")
    if isinstance(header, list) and header and isinstance(header[0], int) \
            and not isinstance(header[0], bool) and header[0] >= 0 and header[0] not in VERSIONS:
        raise Reject("unsupported_version", f"unsupported protocol version {header[0]}")
    header = want_array(header, "header", 8)
    view.version = want_uint(header[0], "header.version")
    view.type = want_uint(header[1], "header.type")
    view.message_id = want_bin(header[2], "header.message_id", 16)
    view.sender = want_str(header[3], "header.from", 2)
    view.to = want_str(header[4], "header.to", 2)
    view.seq = want_uint(header[5], "header.seq")
    view.timestamp = want_uint(header[6], "header.timestamp_ms")
    view.body_hash = want_bin(header[7], "header.body_hash", 32)
    if view.type not in TYPE_NAMES:
        raise Reject("unknown_type", f"header.type: unknown message type {view.type}")
    state_code(view.sender, "header.from")
    state_code(view.to, "header.to")
    if (view.type in SEQUENCED) != (view.seq > 0):
        raise Reject("malformed", "header.seq: does not agree with the type")
    view.header_hash = hashlib.sha256(view.header_bytes).digest()
    return view


def check_envelope(data, identity, nodes, connection_state, on_router):
    """Every check of §7.1 up to the connection (steps 1 to 15)."""
    view = decode_envelope(data)
    if view.sender != connection_state:
        raise Reject("identity_mismatch", f"signed as {view.sender} on a connection of "
                     f"{connection_state}")
    if view.to != identity.state:
        raise Reject("misaddressed", view.to)
    if view.sender not in nodes:
        raise Reject("unknown_sender", view.sender)
    if hashlib.sha256(view.body).digest() != view.body_hash:
        raise Reject("bad_body", "body does not match its hash")
    try:
        nacl.signing.VerifyKey(nodes[view.sender][1]).verify(
            ENVELOPE_CONTEXT + view.header_bytes, view.signature)
    except nacl.exceptions.BadSignatureError:
        raise Reject("bad_signature", "signature does not verify")
    now = now_ms()
    if view.timestamp > now + SKEW_MS:                  # Python ints: unsigned compare
        raise Reject("future", "timestamp ahead of our clock")
    if view.type not in SEQUENCED and view.timestamp < now - SKEW_MS:
        raise Reject("expired", TYPE_NAMES[view.type])
    if view.type not in (REQUESTS if on_router else ANSWERS):
        raise Reject("unexpected", TYPE_NAMES[view.type])
    return view


def open_body(view, identity, nodes):
    try:
        box = nacl.public.Box(identity.curve, nacl.public.PublicKey(nodes[view.sender][2]))
        return box.decrypt(view.body)
    except nacl.exceptions.CryptoError:
        raise Reject("bad_body", "body does not decrypt")


def decode_text(plain):
    (text,) = want_array(unpack(plain, BODY_MAX, "text"), "text", 1)
    return want_str(text, "text.text", TEXT_MAX)


def decode_receipt(plain, version):
    """(first, last, hashes, refusals) of a RECEIPT of header version 1 or 2
    (§4.3); refusals is None in version 1, which cannot tell an applied
    message from a refused one."""
    items = want_array(unpack(plain, BODY_MAX, "receipt"), "receipt", 3 if version == 1 else 4)
    first, last, hashes = items[:3]
    refusals = None
    if version == 2:
        refusals = []
        for item in want_array(items[3], "receipt.refused"):
            seq, kind, reason = want_array(item, "receipt.refused[]", 3)
            want_uint(seq, "receipt.refused[].seq")
            want_str(kind, "receipt.refused[].kind", 32)
            want_str(reason, "receipt.refused[].reason", 256)
            if not kind or not all("a" <= c <= "z" or c == "_" for c in kind) \
                    or not first <= seq <= last or (refusals and seq <= refusals[-1][0]):
                raise Reject("malformed", "receipt.refused: bad row")
            refusals.append((seq, kind, reason))
    first, last = want_uint(first, "receipt.first_seq"), want_uint(last, "receipt.last_seq")
    want_array(hashes, "receipt.header_hashes")
    if first < 1 or last < first or last - first >= RECEIPT_MAX \
            or len(hashes) != last - first + 1:
        raise Reject("malformed", "receipt: bad range")
    return first, last, [want_bin(item, "receipt.header_hashes[]", 32) for item in hashes], \
        refusals


# ---- Sockets (§15)

def curve_socket(context, kind, identity):
    socket = context.socket(kind)
    socket.curve_secretkey = bytes(identity.curve)
    socket.curve_publickey = identity.curve_public
    socket.linger = 0
    socket.setsockopt(zmq.MAXMSGSIZE, 2 * ENVELOPE_MAX)
    socket.setsockopt(zmq.HEARTBEAT_IVL, 1000)
    socket.setsockopt(zmq.HEARTBEAT_TIMEOUT, 3000)
    return socket


def say(*words):
    print(*words, flush=True)


# ---- serve: the peer's ROUTER

class Server:
    def __init__(self, folder, manifest, governance_key):
        self.identity = Identity(folder)
        self.manifest_version, self.nodes = read_manifest(manifest, governance_key)
        self.states_by_key = {curve: state for state, (_, _, curve) in self.nodes.items()
                              if state != self.identity.state}
        self.context = zmq.Context()
        # ZAP (RFC 27) before the ROUTER binds: only the manifest's keys get in,
        # and the handler names the state as the connection's User-Id.
        self.zap = self.context.socket(zmq.REP)
        self.zap.bind("inproc://zeromq.zap.01")
        self.router = curve_socket(self.context, zmq.ROUTER, self.identity)
        self.router.curve_server = True
        self.router.zap_domain = b"imi"
        self.router.setsockopt(zmq.ZAP_ENFORCE_DOMAIN, 1)
        self.router.setsockopt(zmq.ROUTER_MANDATORY, 1)
        endpoint = self.nodes[self.identity.state][0]
        self.router.bind(endpoint)
        self.next_in = {}               # state -> next seq expected
        self.recorded = {}              # (state, seq) -> (message_id, header hash, receipt)
        self.bogus = {}                 # state -> (first, last): bogus receipt wanted
        self.versions = {}              # state -> highest version it sent us (§2.5)
        say(f"listening state={self.identity.state} endpoint={endpoint} "
            f"manifest_version={self.manifest_version}")

    def answer_zap(self):
        request = self.zap.recv_multipart()
        version, request_id, _domain, _address, _identity, mechanism = request[:6]
        key = request[6] if len(request) > 6 else b""
        state = self.states_by_key.get(key) if mechanism == b"CURVE" else None
        if state:
            self.zap.send_multipart([version, request_id, b"200", b"OK", state.encode(), b""])
        else:
            say(f"zap refused mechanism={mechanism.decode()} key={key.hex()}")
            self.zap.send_multipart([version, request_id, b"400", b"not in the manifest", b"", b""])

    def send(self, routing_id, state, kind, plain, version=1):
        envelope, header, _ = make_envelope(self.identity, state, self.nodes[state][2], kind,
                                            plain, version=version)
        try:
            self.router.send_multipart([routing_id, envelope])
        except zmq.ZMQError as error:
            say(f"send failed to={state} type={TYPE_NAMES[kind]} error={error}")
        return envelope

    def receipt(self, routing_id, state, first, last, hashes, refused=()):
        """In the peer's version (§2.5): version 2 lists what was refused."""
        version = self.versions.get(state, 1)
        items = [first, last, hashes]
        if version == 2:
            items.append([[seq, kind, reason.encode()[:256].decode(errors="ignore")]
                          for seq, kind, reason in refused])
        return self.send(routing_id, state, RECEIPT, msgpack.packb(items, use_bin_type=True),
                         version)

    def handle(self, frames):
        if len(frames) != 2:
            say(f"rejected reason=malformed detail=\"{len(frames) - 1} frames\"")
            return
        routing_id, payload = frames[0].bytes, frames[1]
        state = payload.get("User-Id")
        data = payload.bytes
        try:
            view = check_envelope(data, self.identity, self.nodes, state, on_router=True)
        except Reject as rejection:
            say(f"rejected reason={rejection.kind} from={state} detail=\"{rejection.reason}\"")
            return
        if view.version > self.versions.get(state, 1):
            self.versions[state] = view.version
            say(f"version {view.version} from={state}")
        if state in self.bogus:
            first, last = self.bogus.pop(state)
            self.receipt(routing_id, state, first, last,
                         [os.urandom(32) for _ in range(last - first + 1)])
            say(f"sent bogus receipt to={state} first={first} last={last}")
        if view.type == PING:
            try:
                plain = open_body(view, self.identity, self.nodes)
                (version,) = want_array(unpack(plain, BODY_MAX, "ping"), "ping", 1)
                want_uint(version, "ping.manifest_version")
            except Reject as rejection:
                say(f"rejected reason={rejection.kind} from={state} detail=\"{rejection.reason}\"")
                return
            self.send(routing_id, state, PONG,
                      msgpack.packb([view.message_id, self.manifest_version], use_bin_type=True),
                      view.version)               # in the PING's version (§2.5)
            say(f"answered ping from={state} version={view.version}")
        elif view.type in SEQUENCED:
            self.sequenced(routing_id, state, view)
        else:
            # DIR_FRONTIER, AUDIT_CHECKPOINT, AUDIT_GOSSIP, MANIFEST: §16 lets us ignore them.
            say(f"ignored {TYPE_NAMES[view.type]} from={state}")

    def sequenced(self, routing_id, state, view):
        expected = self.next_in.setdefault(state, 1)
        if view.seq < expected:
            # A duplicate or a conflict: our stored receipt for that seq again (§3).
            message_id, _, receipt = self.recorded[(state, view.seq)]
            self.router.send_multipart([routing_id, receipt])
            if message_id == view.message_id:
                say(f"duplicate from={state} seq={view.seq}: receipt sent again")
            else:
                say(f"rejected reason=sequence_conflict from={state} seq={view.seq}")
            return
        if view.seq > expected:
            say(f"rejected reason=out_of_order from={state} seq={view.seq} expected={expected}")
            return
        refused = []
        try:
            plain = open_body(view, self.identity, self.nodes)
            if view.type != TEXT:
                raise Reject("unexpected", f"no handler for {TYPE_NAMES[view.type]}")
            text = decode_text(plain)
            say(f"applied text from={state} seq={view.seq} text={json.dumps(text)}")
        except Reject as rejection:
            # §3: refused, its number used up, receipted as refused.
            refused.append((view.seq, rejection.kind, rejection.reason))
            say(f"refused reason={rejection.kind} from={state} seq={view.seq} "
                f"detail=\"{rejection.reason}\"")
        self.next_in[state] = expected + 1
        receipt = self.receipt(routing_id, state, view.seq, view.seq, [view.header_hash], refused)
        self.recorded[(state, view.seq)] = (view.message_id, view.header_hash, receipt)
        say(f"receipt sent to={state} first={view.seq} last={view.seq}")

    def command(self, line):
        words = line.split()
        if len(words) == 4 and words[0] == "bogus-receipt":
            self.bogus[words[1]] = (int(words[2]), int(words[3]))
            say(f"bogus receipt armed for={words[1]}")
        elif words:
            say(f"unknown command {line.strip()}")

    def run(self):
        poller = zmq.Poller()
        poller.register(self.zap, zmq.POLLIN)
        poller.register(self.router, zmq.POLLIN)
        poller.register(sys.stdin.fileno(), zmq.POLLIN)
        stdin_open = True
        while True:
            for socket, _ in poller.poll(1000):
                if socket is self.zap:
                    self.answer_zap()
                elif socket is self.router:
                    self.handle(self.router.recv_multipart(copy=False))
                elif stdin_open:
                    line = sys.stdin.readline()
                    if not line:
                        poller.unregister(sys.stdin.fileno())
                        stdin_open = False
                    else:
                        self.command(line)


# ---- send: one request on a DEALER

KINDS = {
    # kind: (message type, what the node should do with it)
    "ping": "a PING; the node answers with a PONG naming it",
    "text": "the link's next TEXT; the node applies and receipts it",
    "garbage": "300 random bytes",
    "truncated": "a TEXT envelope without its last byte",
    "two-items": "an envelope array of 2 items",
    "two-frames": "a valid TEXT as a 2-frame ZeroMQ message",
    "bad-signature": "a TEXT whose signature has a bit flipped",
    "wrong-to": "a TEXT addressed to another state",
    "identity-mismatch": "a TEXT signed as another state (from = that state)",
    "body-hash": "a TEXT whose body differs from its signed hash",
    "oversized": "a TEXT envelope of 1,100,000 bytes",
    "version99": "a TEXT header of protocol version 99",
    "unknown-type": "a header of type 99",
    "wrong-key": "the next TEXT, its body sealed with a key the node does not hold",
    "c1": "the next TEXT, its body holding the reserved byte 0xc1",
    "bad-utf8": "the next TEXT, its text not UTF-8",
    "nesting": "the next TEXT, its body nested 9 deep",
    "long-text": "the next TEXT, 4097 bytes of text",
    "duplicate": "the stored envelope of seq 1 again",
    "gap": "a TEXT 5 beyond the next seq",
    "conflict": "another TEXT as seq 1",
    "future-2^63": "the next TEXT stamped 2^63 ms",
    "future-2^64-1": "the next TEXT stamped 2^64 - 1 ms",
    "ping-2^63": "a PING stamped 2^63 ms",
    "pong-wrong-connection": "a PONG sent on our DEALER (answers go on the ROUTER)",
    "receipt-wrong-connection": "a RECEIPT sent on our DEALER",
}


CONNECT_WAIT_S = 15
RETRANSMIT_S = 2
# Sent again until answered (§3: a sender retransmits what is not receipted).
# Not the kinds whose every copy a node counts (a conflict, a duplicate).
RETRANSMITTED = {"ping", "text", "wrong-key", "c1", "bad-utf8", "nesting", "long-text"}


class Links:
    """The sending side of our links, kept in DIR/links.json and DIR/sent/."""

    def __init__(self, folder):
        self.folder = folder
        self.path = os.path.join(folder, "links.json")
        os.makedirs(os.path.join(folder, "sent"), exist_ok=True)
        try:
            with open(self.path) as source:
                self.next_out = json.load(source)
        except FileNotFoundError:
            self.next_out = {}

    def next(self, state):
        return self.next_out.get(state, 1)

    def receipted(self, state, seq, envelope):
        with open(os.path.join(self.folder, "sent", f"{state}-{seq}.env"), "wb") as out:
            out.write(envelope)
        self.next_out[state] = seq + 1
        with open(self.path + ".tmp", "w") as out:
            json.dump(self.next_out, out)
        os.replace(self.path + ".tmp", self.path)

    def stored(self, state, seq):
        with open(os.path.join(self.folder, "sent", f"{state}-{seq}.env"), "rb") as source:
            return source.read()


def build(kind, identity, state, curve_key, seq, text, other):
    """(frames, header bytes or None, seq the message takes or 0); other is a
    third state of the manifest, for the misaddressed and mismatched kinds."""
    text_plain = msgpack.packb([text], use_bin_type=True)

    def text_envelope(number=seq, plain=text_plain, **change):
        envelope, header, _ = make_envelope(identity, state, curve_key, TEXT, plain, number,
                                            **change)
        return envelope, header

    if kind == "ping":                                  # we speak version 2 (§2.5)
        envelope, header, _ = make_envelope(identity, state, curve_key, PING,
                                            msgpack.packb([0]), 0, version=2)
        return [envelope], header, 0
    if kind == "ping-2^63":
        envelope, header, _ = make_envelope(identity, state, curve_key, PING,
                                            msgpack.packb([0]), 0, timestamp=2 ** 63)
        return [envelope], header, 0
    if kind == "garbage":
        return [os.urandom(300)], None, 0
    if kind in ("text", "wrong-key", "c1", "bad-utf8", "nesting", "long-text",
                "future-2^63", "future-2^64-1"):
        plain = {"c1": b"\x91\xc1",
                 "bad-utf8": b"\x91\xa2\xff\xfe",
                 "nesting": b"\x91" * 9 + b"\xa1x",
                 "long-text": msgpack.packb(["x" * (TEXT_MAX + 1)], use_bin_type=True),
                 }.get(kind, text_plain)
        change = {}
        if kind == "wrong-key":
            change["curve"] = nacl.public.PrivateKey.generate()
        if kind.startswith("future-"):
            change["timestamp"] = 2 ** 63 if kind == "future-2^63" else 2 ** 64 - 1
        envelope, header = text_envelope(plain=plain, **change)
        return [envelope], header, seq
    if kind == "truncated":
        return [text_envelope()[0][:-1]], None, 0
    if kind == "two-items":
        envelope, header = text_envelope()
        parts = msgpack.unpackb(envelope)
        return [msgpack.packb(parts[:2], use_bin_type=True)], None, 0
    if kind == "two-frames":
        envelope, header = text_envelope()
        return [envelope, envelope], None, 0
    if kind == "bad-signature":
        parts = msgpack.unpackb(text_envelope()[0])
        parts[2] = bytes([parts[2][0] ^ 1]) + parts[2][1:]
        return [msgpack.packb(parts, use_bin_type=True)], None, 0
    if kind == "wrong-to":
        return [text_envelope(to=other)[0]], None, 0
    if kind == "identity-mismatch":
        return [text_envelope(sender=other)[0]], None, 0
    if kind == "body-hash":
        return [text_envelope(body_hash=os.urandom(32))[0]], None, 0
    if kind == "oversized":
        plain = msgpack.packb(["x"], use_bin_type=True)
        body = os.urandom(1100000)
        return [text_envelope(plain=plain, body=body)[0]], None, 0
    if kind == "version99":
        return [text_envelope(version=99)[0]], None, 0
    if kind == "unknown-type":
        envelope, _, _ = make_envelope(identity, state, curve_key, 99, msgpack.packb([0]), 0)
        return [envelope], None, 0
    if kind == "gap":
        return [text_envelope(number=seq + 5)[0]], None, 0
    if kind == "conflict":
        return [text_envelope(number=1)[0]], None, 0
    if kind == "pong-wrong-connection":
        envelope, _, _ = make_envelope(identity, state, curve_key, PONG,
                                       msgpack.packb([os.urandom(16), 0], use_bin_type=True), 0)
        return [envelope], None, 0
    if kind == "receipt-wrong-connection":
        plain = msgpack.packb([1, 1, [os.urandom(32)]], use_bin_type=True)
        envelope, _, _ = make_envelope(identity, state, curve_key, RECEIPT, plain, 0)
        return [envelope], None, 0
    raise SystemExit(f"imi_peer: unknown kind {kind}")


def send(folder, manifest, governance_key, state, kind, text, wait_ms):
    identity = Identity(folder)
    _, nodes = read_manifest(manifest, governance_key)
    if state not in nodes or state == identity.state:
        raise SystemExit(f"imi_peer: {state} is not another node of the manifest")
    endpoint, _, curve_key = nodes[state]
    links = Links(folder)
    seq = links.next(state)
    if kind == "duplicate":
        frames, header, seq = [links.stored(state, 1)], None, 1
        header = decode_envelope(frames[0]).header_bytes
    else:
        others = sorted(set(nodes) - {state, identity.state})
        if not others:
            raise SystemExit("imi_peer: the manifest needs a third state")
        frames, header, seq = build(kind, identity, state, curve_key, seq, text, others[0])
    context = zmq.Context()
    dealer = curve_socket(context, zmq.DEALER, identity)
    dealer.curve_serverkey = curve_key
    dealer.setsockopt(zmq.IMMEDIATE, 1)
    dealer.connect(endpoint)
    # The wait for an answer starts once the message is out: a CURVE
    # handshake may take a while on a loaded machine.
    connect_deadline = time.monotonic() + CONNECT_WAIT_S
    deadline = None
    sent_at = 0
    result = "no reply"
    while True:
        now = time.monotonic()
        if deadline is None and now >= connect_deadline:
            say(f"not connected within {CONNECT_WAIT_S} s")
            break
        if deadline is not None and now >= deadline:
            break
        if deadline is None or (kind in RETRANSMITTED and now - sent_at >= RETRANSMIT_S):
            try:
                dealer.send_multipart(frames, flags=zmq.DONTWAIT)
                if deadline is None:
                    say(f"sent {kind} to={state} seq={seq} bytes={len(frames[0])}")
                    deadline = now + wait_ms / 1000
                sent_at = now
            except zmq.Again:
                time.sleep(0.05)                        # not connected yet
                continue
        if not dealer.poll(100):
            continue
        data = dealer.recv_multipart()
        if len(data) != 1:
            say(f"rejected reason=malformed detail=\"{len(data)} frames\"")
            continue
        try:
            view = check_envelope(data[0], identity, nodes, state, on_router=False)
            plain = open_body(view, identity, nodes)
            if view.type == PONG:
                ping_id, version = want_array(unpack(plain, BODY_MAX, "pong"), "pong", 2)
                named = header is not None and ping_id == decode_envelope(frames[0]).message_id
                say(f"reply pong from={view.sender} manifest_version={want_uint(version, 'v')} "
                    f"names_ping={'yes' if named else 'no'} signature=valid")
                result = "pong"
                break
            if view.type == RECEIPT:
                first, last, hashes, refusals = decode_receipt(plain, view.version)
                covers = header is not None and seq and first <= seq <= last \
                    and hashes[seq - first] == hashlib.sha256(header).digest()
                say(f"reply receipt from={view.sender} first={first} last={last} "
                    f"covers_sent={'yes' if covers else 'no'} signature=valid")
                if refusals is None:
                    say("refusals unsupported (a version 1 receipt)")
                else:
                    for number, refusal_kind, reason in refusals:
                        say(f"refused seq={number} kind={refusal_kind} reason={json.dumps(reason)}")
                if covers and kind != "duplicate":
                    links.receipted(state, seq, frames[0])
                    say(f"receipted seq={seq}")
                result = "receipt"
                break
            say(f"reply {TYPE_NAMES[view.type]} from={view.sender}")
        except Reject as rejection:
            say(f"rejected reason={rejection.kind} detail=\"{rejection.reason}\"")
    if result == "no reply":
        say(f"no reply within {wait_ms} ms")
    dealer.close()
    context.term()


def main(argv):
    import argparse
    parser = argparse.ArgumentParser(prog="imi_peer.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("keygen")
    command.add_argument("dir")
    command.add_argument("state")
    for name in ("serve", "send"):
        command = commands.add_parser(name)
        command.add_argument("dir")
        command.add_argument("--manifest", required=True)
        command.add_argument("--governance-key", required=True)
        if name == "send":
            command.add_argument("--to", required=True)
            command.add_argument("kind", choices=sorted(KINDS))
            command.add_argument("--text", default="hello from the conformance peer")
            command.add_argument("--wait", type=int, default=None,
                                 help="ms to wait for an answer (default: 10000 for the kinds "
                                      "that get one, 300 for the others)")
    arguments = parser.parse_args(argv)
    if arguments.command == "send" and arguments.wait is None:
        answered = {"ping", "text", "wrong-key", "c1", "bad-utf8", "nesting", "long-text",
                    "duplicate", "conflict"}
        arguments.wait = 10000 if arguments.kind in answered else 300
    try:
        if arguments.command == "keygen":
            keygen(arguments.dir, arguments.state)
        elif arguments.command == "serve":
            Server(arguments.dir, arguments.manifest, arguments.governance_key).run()
        else:
            send(arguments.dir, arguments.manifest, arguments.governance_key, arguments.to,
                 arguments.kind, arguments.text, arguments.wait)
    except (Reject, OSError, zmq.ZMQError) as error:
        print(f"imi_peer: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Client of the gsp-access machine API (Python 3.8+, standard library only).

    from gsp_client import Client
    c = Client("https://platform.example", "AK...", "secret")
    print(c.ping())

Requests are signed as docs/api.md describes: HMAC-SHA256 (default) or
HMAC-SM3 (``Client(..., method="HMAC-SM3")``, SM3 implemented below after
GB/T 32905-2016). Answers with code 7001 (rate limited) and network errors
are retried with exponential backoff.
"""

import hashlib
import hmac
import json
import secrets
import struct
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Client", "ApiError", "sm3", "canonical_query", "canonical_string", "sign"]

# --- SM3 (GB/T 32905-2016) -------------------------------------------------

_IV = [0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E]
_M = 0xFFFFFFFF


def _rotl(x, n):
    n %= 32
    return ((x << n) | (x >> (32 - n))) & _M


def _p0(x):
    return x ^ _rotl(x, 9) ^ _rotl(x, 17)


def _p1(x):
    return x ^ _rotl(x, 15) ^ _rotl(x, 23)


def _compress(v, block):
    w = list(struct.unpack(">16I", block))
    for j in range(16, 68):
        w.append(_p1(w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
    w1 = [w[j] ^ w[j + 4] for j in range(64)]
    a, b, c, d, e, f, g, h = v
    for j in range(64):
        t = 0x79CC4519 if j < 16 else 0x7A879D8A
        ss1 = _rotl((_rotl(a, 12) + e + _rotl(t, j)) & _M, 7)
        ss2 = ss1 ^ _rotl(a, 12)
        if j < 16:
            ff, gg = a ^ b ^ c, e ^ f ^ g
        else:
            ff, gg = (a & b) | (a & c) | (b & c), (e & f) | (~e & g)
        tt1 = (ff + d + ss2 + w1[j]) & _M
        tt2 = (gg + h + ss1 + w[j]) & _M
        d, c, b, a = c, _rotl(b, 9), a, tt1
        h, g, f, e = g, _rotl(f, 19), e, _p0(tt2)
    return [x ^ y for x, y in zip(v, [a, b, c, d, e, f, g, h])]


class _Sm3:
    """hashlib-like SM3 object (enough for ``hmac``)."""

    digest_size = 32
    block_size = 64
    name = "sm3"

    def __init__(self, data=b""):
        self._buf = b""
        self._v = list(_IV)
        self._len = 0
        self.update(data)

    def update(self, data):
        self._len += len(data)
        self._buf += data
        while len(self._buf) >= 64:
            self._v = _compress(self._v, self._buf[:64])
            self._buf = self._buf[64:]

    def copy(self):
        c = _Sm3()
        c._buf, c._v, c._len = self._buf, list(self._v), self._len
        return c

    def digest(self):
        bits = self._len * 8
        pad = self._buf + b"\x80" + b"\x00" * ((55 - self._len) % 64) + struct.pack(">Q", bits)
        v = list(self._v)
        for i in range(0, len(pad), 64):
            v = _compress(v, pad[i:i + 64])
        return struct.pack(">8I", *v)

    def hexdigest(self):
        return self.digest().hex()


def sm3(data=b""):
    return _Sm3(data)


# --- signing ----------------------------------------------------------------

_HASHES = {"HMAC-SHA256": hashlib.sha256, "HMAC-SM3": sm3}


def _enc(s):
    return urllib.parse.quote(s, safe="-._~")


def canonical_query(raw):
    pairs = []
    for p in raw.split("&"):
        if not p:
            continue
        n, _, v = p.partition("=")
        pairs.append((urllib.parse.unquote_plus(n), urllib.parse.unquote_plus(v)))
    pairs.sort(key=lambda x: (x[0].encode(), x[1].encode()))
    return "&".join(f"{_enc(n)}={_enc(v)}" for n, v in pairs)


def canonical_string(method, path, raw_query, timestamp, nonce, body, sig_method="HMAC-SHA256"):
    body_hash = _HASHES[sig_method](body).hexdigest()
    return "\n".join([method.upper(), path, canonical_query(raw_query), str(timestamp), nonce, body_hash])


def sign(secret, canonical, sig_method="HMAC-SHA256"):
    return hmac.new(secret.encode(), canonical.encode(), _HASHES[sig_method]).hexdigest()


# --- client -----------------------------------------------------------------

class ApiError(Exception):
    def __init__(self, status, answer):
        self.status = status
        self.answer = answer
        self.code = answer.get("code")
        super().__init__(f"{self.code} {answer.get('message_en')} ({answer.get('request_id')})")


class Client:
    def __init__(self, base, key_id, secret, method="HMAC-SHA256", retries=4, timeout=30):
        if method not in _HASHES:
            raise ValueError("method must be HMAC-SHA256 or HMAC-SM3")
        self.base = base.rstrip("/")
        self.key_id, self.secret, self.method = key_id, secret, method
        self.retries, self.timeout = retries, timeout

    def request(self, http_method, path_and_query, body=b"", content_type="application/json"):
        """One signed request; returns (HTTP status, answer envelope as a dict)."""
        path, _, query = path_and_query.partition("?")
        attempt = 0
        while True:
            ts = int(time.time())
            nonce = secrets.token_hex(16)
            canonical = canonical_string(http_method, path, query, ts, nonce, body, self.method)
            headers = {
                "X-GSP-Key": self.key_id,
                "X-GSP-Timestamp": str(ts),
                "X-GSP-Nonce": nonce,
                "X-GSP-Signature-Method": self.method,
                "X-GSP-Signature": sign(self.secret, canonical, self.method),
                "Accept": "application/json",
            }
            if body:
                headers["Content-Type"] = content_type
            req = urllib.request.Request(self.base + path_and_query, data=body or None,
                                         headers=headers, method=http_method)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as r:
                    return r.status, json.loads(r.read().decode())
            except urllib.error.HTTPError as e:
                answer = json.loads(e.read().decode())
                if e.code == 429 and attempt < self.retries:
                    attempt += 1
                    time.sleep(min(int(e.headers.get("Retry-After", "1")), 30))
                    continue
                return e.code, answer
            except (urllib.error.URLError, OSError):
                if attempt < self.retries:
                    attempt += 1
                    time.sleep(min(0.1 * 2 ** attempt, 10))
                    continue
                raise

    def call(self, http_method, path_and_query, body=b"", content_type="application/json"):
        status, answer = self.request(http_method, path_and_query, body, content_type)
        if answer.get("code") != 0:
            raise ApiError(status, answer)
        return answer["data"]

    def post_json(self, path, value):
        return self.call("POST", path, json.dumps(value, ensure_ascii=False).encode())

    def ping(self):
        return self.call("GET", "/api/v1/ping")

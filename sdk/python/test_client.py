"""Tests of the Python client: published vectors, the worked examples of
docs/api.md, and (when GSP_API_BASE, GSP_KEY_ID and GSP_SECRET are set) calls
against a running server.  Run: python3 sdk/python/test_client.py"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gsp_client as g  # noqa: E402

SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
TS, NONCE = "1800000000", "3f2b8c1d-7e4a-4b6f-9d21-0c5e8a7b6f10"


class Vectors(unittest.TestCase):
    def test_sm3_published_vectors(self):
        # GB/T 32905-2016 appendix A
        self.assertEqual(g.sm3(b"abc").hexdigest(),
                         "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        self.assertEqual(g.sm3(b"abcd" * 16).hexdigest(),
                         "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
        self.assertEqual(g.sm3(b"").hexdigest(),
                         "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b")

    def test_documented_examples(self):
        body = '{"echo":"你好"}'.encode()
        q = "b=2&a=%E6%B5%99%E6%B1%9F&a=1"
        cases = [
            ("GET", "", b"", "HMAC-SHA256", "fbdd3e58a61c27d5ec3f6b14cda0ab34e72b8d95f095e4d69cca588d28f0fe9e"),
            ("GET", "", b"", "HMAC-SM3", "2bd8b3a00128dbdfb3fc9133da5fb3eacd9c4a6952ad2936350d7badaecb12f7"),
            ("POST", q, body, "HMAC-SHA256", "2ff6cfe9ebbb8546a89328b93cbce9422adee07723e246d023daf22aa2c7b23e"),
            ("POST", q, body, "HMAC-SM3", "e169559f2edbed8ad89fd811b53b97c554d1e3a4b291be7e113d974a3db91e08"),
        ]
        for m, query, b, method, want in cases:
            c = g.canonical_string(m, "/api/v1/ping", query, TS, NONCE, b, method)
            self.assertEqual(g.sign(SECRET, c, method), want, (m, method))
        self.assertEqual(g.canonical_query(q), "a=1&a=%E6%B5%99%E6%B1%9F&b=2")

    def test_plus_in_a_query_is_a_space(self):
        # the vector of docs/api.md and protocol/src/lib.rs::plus_in_a_query_is_a_space
        self.assertEqual(g.canonical_query("name=a+b"), "name=a%20b")
        self.assertEqual(g.canonical_query("name=a%20b"), "name=a%20b")
        self.assertEqual(g.canonical_query("name=a%2Bb"), "name=a%2Bb")
        self.assertEqual(g.canonical_query("q=x+y&q=x%2By"), "q=x%20y&q=x%2By")


@unittest.skipUnless(os.environ.get("GSP_API_BASE") and os.environ.get("GSP_KEY_ID"), "no server given")
class Live(unittest.TestCase):
    def client(self, **kw):
        return g.Client(os.environ["GSP_API_BASE"], os.environ["GSP_KEY_ID"], os.environ["GSP_SECRET"], **kw)

    def test_ping_with_both_methods(self):
        for method in ("HMAC-SHA256", "HMAC-SM3"):
            me = self.client(method=method).ping()
            self.assertEqual(me["key_id"], os.environ["GSP_KEY_ID"])
            self.assertIn("service-items", me["scopes"])

    def test_catalog_increments(self):
        c = self.client()
        copy, after = {}, ""
        while True:
            d = c.call("GET", f"/api/v1/catalog/basic?since_version=0&limit=4&after={after}")
            for ch in d["items"]:
                if ch["retired"]:
                    copy.pop(ch["basic_code"], None)
                else:
                    copy[ch["basic_code"]] = ch["item"]
            if not d["next_after"]:
                break
            after = d["next_after"]
        self.assertGreaterEqual(d["current_version"], 1)
        self.assertIn("000117002000", copy)

    def test_post_and_refusals(self):
        data = self.client().post_json("/api/v1/ping", {"echo": "联调测试"})
        self.assertEqual(data["echo"], "联调测试")
        with self.assertRaises(g.ApiError) as e:
            self.client().post_json("/api/v1/ping", {"echo": "长" * 201})
        self.assertEqual(e.exception.code, 5001)
        self.assertEqual(e.exception.answer["data"]["errors"][0]["field"], "echo")
        bad = g.Client(os.environ["GSP_API_BASE"], os.environ["GSP_KEY_ID"], "wrong", retries=0)
        with self.assertRaises(g.ApiError) as e:
            bad.ping()
        self.assertEqual((e.exception.code, e.exception.status), (2003, 401))


if __name__ == "__main__":
    unittest.main(verbosity=2)

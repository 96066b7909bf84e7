"""Interoperability with software nobody here wrote (issue #14), against a
running server (GSP_API_BASE, GSP_KEY_ID, GSP_SECRET as for test_client.py):

- /api/openapi.json is valid OpenAPI 3.1 by openapi-spec-validator;
- real answers of the machine API validate, with jsonschema, against the
  schema the document gives for their endpoint and code;
- /metrics parses with the Prometheus Python client, and every label is
  bounded.

Needs the packages of requirements-test.txt (scripts/setup.sh --test puts
them in .venv-test).  Run: .venv-test/bin/python sdk/python/test_interop.py"""

import json
import os
import sys
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gsp_client as g  # noqa: E402

import jsonschema  # noqa: E402
from openapi_spec_validator import validate  # noqa: E402
from prometheus_client.parser import text_string_to_metric_families  # noqa: E402

BASE = os.environ.get("GSP_API_BASE", "")


def get(path):
    with urllib.request.urlopen(BASE + path, timeout=30) as r:
        return r.read().decode()


def pointer(*parts):
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@unittest.skipUnless(BASE and os.environ.get("GSP_KEY_ID"), "no server given")
class Interop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = json.loads(get("/api/openapi.json"))
        cls.client = g.Client(BASE, os.environ["GSP_KEY_ID"], os.environ["GSP_SECRET"])

    def test_the_document_is_valid_openapi(self):
        validate(self.doc)  # raises on the first error
        # every path parameter declared, every named schema defined once
        for path, ops in self.doc["paths"].items():
            for method, op in ops.items():
                names = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
                wanted = {seg[1:-1] for seg in path.split("/") if seg.startswith("{")}
                self.assertEqual(names, wanted, f"{method} {path}")
        self.assertIn("CaseRecord", self.doc["components"]["schemas"])

    def check(self, method, template, path_and_query, body=None):
        """Calls the API and validates the whole answer against the document."""
        raw = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
        status, answer = self.client.request(method, path_and_query, raw)
        responses = self.doc["paths"][template][method.lower()]["responses"]
        key = "200" if answer["code"] == 0 else "default"
        ref = pointer("paths", template, method.lower(), "responses", key, "content",
                      "application/json", "schema")
        schema = {"$ref": ref, "paths": self.doc["paths"], "components": self.doc["components"]}
        self.assertIn(key, responses)
        jsonschema.Draft202012Validator(schema).validate(answer)
        return status, answer

    def test_real_answers_match_the_document(self):
        _, a = self.check("GET", "/api/v1/ping", "/api/v1/ping")
        self.assertEqual(a["code"], 0)
        self.check("POST", "/api/v1/ping", "/api/v1/ping", {"echo": "联调"})
        self.check("POST", "/api/v1/ping", "/api/v1/ping", {"echo": 5})  # 5001
        _, a = self.check("GET", "/api/v1/catalog/basic", "/api/v1/catalog/basic?since_version=0&limit=5")
        self.assertEqual(a["code"], 0)
        case = {
            "case_no": "INTEROP-0001", "item_code": "11330200MB23456785400011700200001",
            "basic_code": "000117002000", "item_name": "公共场所卫生许可", "applicant_type": "person",
            "applicant_name": "李四", "department": "宁波市卫生健康委员会",
            "implementer_uscc": "11330200MB23456785", "division_code": "330200",
            "status": "submitted", "submitted_at": "2026-11-02T09:00:00+08:00",
        }
        _, a = self.check("POST", "/api/v1/cases", "/api/v1/cases",
                          {"records": [case, dict(case, case_no="INTEROP-0002", submitted_at="yesterday")]})
        self.assertEqual(a["code"], 0)
        self.assertEqual([r["outcome"] for r in a["data"]["results"]], ["accepted", "refused"])
        self.check("GET", "/api/v1/cases/{case_no}", "/api/v1/cases/INTEROP-0001")
        self.check("GET", "/api/v1/cases/{case_no}", "/api/v1/cases/NO-SUCH-CASE")  # 6001
        self.check("POST", "/api/v1/implementation-lists", "/api/v1/implementation-lists",
                   {"records": [{"implementation_code": "X"}]})  # 5001
        self.check("POST", "/api/v1/ops/resources", "/api/v1/ops/resources", {"records": [
            {"resource_id": "interop-1", "category": "server", "kind": "virtual", "name": "主机",
             "attributes": {"cores": 8}}]})
        self.check("POST", "/api/v1/ops/alarms", "/api/v1/ops/alarms",
                   {"records": [{"fingerprint": "interop-a", "severity": 2, "title": "CPU"}]})
        self.check("GET", "/api/v1/seals/{es_id}", "/api/v1/seals/NO-SUCH-SEAL")
        codes = json.loads(get("/api/v1/codes"))
        ref = pointer("paths", "/api/v1/codes", "get", "responses", "200", "content", "application/json", "schema")
        jsonschema.Draft202012Validator({"$ref": ref, "paths": self.doc["paths"],
                                         "components": self.doc["components"]}).validate(codes)

    def test_metrics_parse_with_the_prometheus_client(self):
        self.client.ping()  # at least one API answer counted
        req = urllib.request.Request(BASE + "/metrics", method="GET")
        text = urllib.request.urlopen(req, timeout=30).read().decode()
        families = {f.name: f for f in text_string_to_metric_families(text)}
        for name in ("gsp_http_requests", "gsp_http_request_duration_seconds", "gsp_api_calls",
                     "gsp_db_pool", "gsp_build_info", "process_resident_memory_bytes",
                     "process_open_fds"):
            self.assertIn(name, families, sorted(families))
        methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "other"}
        for s in families["gsp_http_requests"].samples:
            self.assertIn(s.labels["method"], methods)
            self.assertTrue(s.labels["route"].startswith("/") or s.labels["route"].startswith("("), s)
        api = [s for s in families["gsp_api_calls"].samples if s.labels.get("endpoint") == "/api/v1/ping"]
        self.assertTrue(api, "API codes per endpoint")


if __name__ == "__main__":
    unittest.main(verbosity=2)

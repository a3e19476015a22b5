"""Drives Alibaba Cloud's official Python SDK against the emulator, for emulator/tests/official_sdk/.

    official_sdk_driver.py check REQUIREMENTS
        Exit 0 when every `name==version` of REQUIREMENTS is installed at that version; else name the
        differences on standard error and exit 1.
    official_sdk_driver.py run
        Read a plan (JSON) on standard input, make each call, print one JSON line per call on standard
        output: {"call": i, "ok": true, "request_id": ...}, {"call": i, "ok": false, "error": ...}, or
        {"call": i, "ok": false, "absent": ...} when a product package has no model for the operation.

The plan says everything; this script knows no operation:

    {"credentials": {"ak": {"id": ..., "secret": ...}, "sts": {"id": ..., "secret": ..., "token": ...}},
     "calls": [{"client": "typed" | "generic", "signing": "ACS3-HMAC-SHA256" | "ACS3-HMAC-SM3" | "v2",
                "credential": "ak" | "sts", "endpoint": "127.0.0.1:PORT", "product": "Dts",
                "version": "2020-01-01", "action": "DescribePreCheckStatus", "method": "POST" | "GET",
                "params": {"DtsJobId": "..."},
                "query": {"DtsJobId": "..."}, "body": {"Tag.1.Key": "..."} | null}]}

"typed" calls the product package's client (alibabacloud_<product><version>), as an application would:
`<Action>Request.from_map(params)` then `<action>_with_options`; the package decides where each parameter
goes. "generic" calls tea-openapi's `call_api` with `method`, the flattened `query` as the query string and
`body` (when there is one) as a form body (`req_body_type` formData). "v2" is tea-openapi's
`signature_algorithm` for the legacy V1 (RPC) signature; the ACS3 names select ACS3 with that algorithm
(SHA-256 is the SDK's default, left unset).
"""

import importlib
import importlib.metadata
import json
import os
import sys


def check(requirements_path):
    wrong = []
    with open(requirements_path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name, _, pinned = line.partition("==")
            try:
                installed = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                installed = None
            if installed != pinned:
                wrong.append(f"{name}: pinned {pinned}, installed {installed}")
    for w in wrong:
        print(w, file=sys.stderr)
    return 1 if wrong else 0


def config_for(plan, call):
    from alibabacloud_tea_openapi.utils_models import Config

    cred = plan["credentials"][call["credential"]]
    config = Config(
        access_key_id=cred["id"],
        access_key_secret=cred["secret"],
        security_token=cred.get("token"),
        endpoint=call["endpoint"],
        protocol="http",
        region_id="cn-hangzhou",
        connect_timeout=5000,
        read_timeout=20000,
    )
    if call["signing"] != "ACS3-HMAC-SHA256":
        config.signature_algorithm = call["signing"]
    return config


def fit_lists(model, params):
    """A `simple` list arrives as a JSON array; a package models it either as a list (and joins it
    itself) or as one string (which the caller joins). Follow the model's own annotation."""
    import typing

    try:
        hints = typing.get_type_hints(model.__init__)
    except Exception:
        hints = {}
    out = {}
    for wire, value in params.items():
        if isinstance(value, list):
            snake = next((n for n in hints if n.replace("_", "") == wire.lower()), None)
            if snake is not None and hints[snake] is str:
                value = ",".join(str(v) for v in value)
        out[wire] = value
    return out


class Absent(Exception):
    """The product package has no model for the operation."""


def version_of(package):
    try:
        return importlib.metadata.version(package.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        return "?"


def typed_call(config, call):
    package = "alibabacloud_" + call["product"].lower() + call["version"].replace("-", "")
    client = importlib.import_module(package + ".client").Client(config)
    models = importlib.import_module(package + ".models")
    model = getattr(models, call["action"] + "Request", None)
    if model is None:
        # The pinned package predates the operation (the metadata is newer): nothing to call.
        raise Absent(f"{package} {version_of(package)} has no {call['action']}Request")
    request = model().from_map(fit_lists(model, call["params"]))
    # The SDK's snake_case of the action, found rather than recomputed: acronyms make the rule fuzzy.
    wanted = (call["action"] + "WithOptions").lower()
    method = next(getattr(client, n) for n in dir(client) if n.replace("_", "") == wanted)
    from darabonba.runtime import RuntimeOptions

    response = method(request, RuntimeOptions())
    if response.body is None:
        # Some packages model no body for an operation; the request id is in the headers too.
        return response.status_code, {"RequestId": (response.headers or {}).get("x-acs-request-id")}
    return response.status_code, response.body.to_map()


def generic_call(config, call):
    from alibabacloud_tea_openapi.client import Client
    from alibabacloud_tea_openapi.utils_models import OpenApiRequest, Params
    from darabonba.runtime import RuntimeOptions

    params = Params(
        action=call["action"],
        version=call["version"],
        protocol="HTTP",
        pathname="/",
        method=call["method"],
        auth_type="AK",
        style="RPC",
        req_body_type="formData",
        body_type="json",
    )
    request = OpenApiRequest(query=call["query"], body=call["body"])
    response = Client(config).call_api(params, request, RuntimeOptions())
    return response["statusCode"], response["body"]


def run():
    plan = json.load(sys.stdin)
    # Only the emulator on 127.0.0.1 is called: no proxy may stand in between.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    for i, call in enumerate(plan["calls"]):
        try:
            make = typed_call if call["client"] == "typed" else generic_call
            status, body = make(config_for(plan, call), call)
            request_id = body.get("RequestId")
            ok = status == 200 and bool(request_id)
            line = {"call": i, "ok": ok, "request_id": request_id}
            if not ok:
                line["error"] = f"status {status}, body {json.dumps(body)[:500]}"
        except Absent as e:
            line = {"call": i, "ok": False, "absent": str(e)}
        except Exception as e:  # every failure is reported, and the next call still runs
            line = {"call": i, "ok": False, "error": f"{type(e).__name__}: {e}"[:2000]}
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) == 2 and sys.argv[1] == "run":
        sys.exit(run())
    print(__doc__, file=sys.stderr)
    sys.exit(2)

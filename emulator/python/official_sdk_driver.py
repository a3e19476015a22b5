"""Drives Alibaba Cloud's official Python SDK against the emulator, for emulator/tests/official_sdk/.

    official_sdk_driver.py check REQUIREMENTS
        Exit 0 when every `name==version` of REQUIREMENTS is installed at that version; else name the
        differences on standard error and exit 1.
    official_sdk_driver.py run
        Read a plan (JSON) on standard input, make each call, print one JSON line per call on standard
        output: {"call": id, "ok": true, "request_id": ...}, {"call": id, "ok": false, "error": ...} (with
        the "request_id" of an answered refusal), or {"call": id, "ok": false, "absent": ...} when a
        product package cannot make the call.

The plan says everything; this script knows no operation and no product:

    {"credentials": {"ak": {"id": ..., "secret": ...}, "sts": {"id": ..., "secret": ..., "token": ...}},
     "operations": [{"product": "R-kvstore", "version": "2015-01-01", "action": "DescribeInstances",
                     "method": "POST" | "GET", "params": {"Tag": [{"Key": "k"}]},
                     "styles": {"InstanceIds": "simple", "Filter": "json"},
                     "query": {"Tag.1.Key": "k"}, "body": {"Name": "x"} | null}],
     "calls": [{"call": 7, "operation": 0, "client": "typed" | "generic",
                "signing": "ACS3-HMAC-SHA256" | "ACS3-HMAC-SM3" | "v2", "credential": "ak" | "sts",
                "endpoint": "127.0.0.1:PORT"}]}

"typed" calls the product package's client, as an application would. Everything is found by the rules
Alibaba's Python generator (Darabonba) follows, which hold for every method of every pinned package (a
method found only under another spelling fails the call, rather than passing for absent):
- the package is `alibabacloud_<code><version>`: the product code lower-cased with every other character
  than a letter or digit as `_`, the version without dashes (`R-kvstore`, `2015-01-01` ->
  `alibabacloud_r_kvstore20150101`);
- the method is the snake case (`snake`) of `<Action>WithOptions`, the whole name at once, so a run of
  capitals and digits is one word wherever it ends (`DescribeDTSIPWithOptions` ->
  `describe_dtsipwith_options`, `AssignIpv6AddressesWithOptions` -> `assign_ipv_6addresses_with_options`,
  `CreateDBInstanceWithOptions` -> `create_dbinstance_with_options`);
- it takes `(request: <Action>Request, runtime)`, or `(tmp_req: <Action>Request, runtime)` when the
  package turns the `json`/`simple` members into a `<Action>ShrinkRequest` itself, or `(runtime)` alone
  when the package's API has no parameter; the request is `<Action>Request().from_map(params)`.
A package without the method, or whose request model has no member for part of the input (the metadata
documents more than the package knows, such as ECS's deprecated `Tag.N.key`), cannot make the call: it is
reported "absent", with what is missing, and not made; the generic client still makes it.

"generic" calls tea-openapi's `call_api` with `method`, the flattened `query` as the query string and
`body` (when there is one) as a form body (`req_body_type` formData). "v2" is tea-openapi's
`signature_algorithm` for the legacy V1 (RPC) signature; the ACS3 names select ACS3 with that algorithm
(SHA-256 is the SDK's default, left unset). Clients are made once per product, credential, signing and
endpoint, and reused, as an application would.
"""

import importlib
import importlib.metadata
import inspect
import json
import os
import re
import sys
import typing


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


def snake(name):
    """Darabonba's snake case: a run of capitals and digits is one lower-case word, joined to the letters
    that follow it (`CreateDBInstance` -> `create_dbinstance`, `DescribeVSwitchAttributes` ->
    `describe_vswitch_attributes`, `AssignIpv6Addresses` -> `assign_ipv_6addresses`)."""
    out, run = "", ""
    for c in name:
        if c.isupper() or c.isdigit():
            run += c
            continue
        if run:
            out = out + "_" + run.lower() if out else run.lower()
            run = ""
        out += c
    if run:
        out = out + "_" + run.lower() if out else run.lower()
    return out


def package_of(product, version):
    return "alibabacloud_" + re.sub(r"[^a-z0-9]", "_", product.lower()) + version.replace("-", "")


def version_of(package):
    try:
        return importlib.metadata.version(package.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        return "?"


class Absent(Exception):
    """The product package cannot make the call: it lacks the operation, or a member of the input."""


_clients = {}
_hints = {}


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


def client_for(plan, call, module):
    """The client of `module` (a package's `client`, or tea-openapi's) for the call's configuration."""
    key = (module, call["credential"], call["signing"], call["endpoint"])
    if key not in _clients:
        _clients[key] = importlib.import_module(module).Client(config_for(plan, call))
    return _clients[key]


def bare(kind):
    """`Optional[X]` as `X` (older Pythons read a `None` default so)."""
    if typing.get_origin(kind) is typing.Union:
        rest = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return kind


def hints_of(model):
    """The model's members as the wire names them (without underscores, lower case) -> their types."""
    if model not in _hints:
        try:
            hints = typing.get_type_hints(model.__init__)
        except Exception:
            hints = {}
        _hints[model] = {n.replace("_", ""): bare(t) for n, t in hints.items() if n != "return"}
    return _hints[model]


def fit(model, params, styles):
    """A `json` parameter arrives as JSON and a `simple` one as a list: a package models each either as
    the value (and serializes it itself, through its shrink request) or as one string (which the caller
    writes). Follow the model's own annotation."""
    hints = hints_of(model)
    out = {}
    for wire, value in params.items():
        style = styles.get(wire)
        kind = hints.get(wire.replace("_", "").lower())
        if style == "json" and kind is str and not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        elif style == "json" and kind not in (None, str) and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        elif style == "simple" and kind is str and isinstance(value, list):
            value = ",".join(str(v) for v in value)
        out[wire] = value
    return out


def dropped(given, kept, path=""):
    """The dotted paths of `given` (a request's input) that `kept` (the model's `to_map()` after
    `from_map(given)`) lacks: what the model had no member for."""
    if isinstance(given, dict) and isinstance(kept, dict):
        out = []
        for k, v in given.items():
            here = f"{path}.{k}" if path else k
            out += dropped(v, kept[k], here) if k in kept else [here]
        return out
    if isinstance(given, list) and isinstance(kept, list) and len(given) == len(kept):
        return [p for i, (g, k) in enumerate(zip(given, kept)) for p in dropped(g, k, f"{path}.{i + 1}")]
    return []


def typed_call(plan, call, op):
    package = package_of(op["product"], op["version"])
    client = client_for(plan, call, package + ".client")
    name = snake(op["action"] + "WithOptions")
    method = getattr(client, name, None)
    if method is None:
        wanted = name.replace("_", "")
        near = [n for n in dir(client) if n.replace("_", "") == wanted]
        if near:
            # The rule, not the package, is wrong: fail rather than call the operation absent.
            raise LookupError(f"{package} names {op['action']}'s method {near[0]}, not {name}")
        # The pinned package predates the operation (the metadata is newer): nothing to call.
        raise Absent(f"{package} {version_of(package)} has no {name}")
    from darabonba.runtime import RuntimeOptions

    takes = list(inspect.signature(method).parameters)
    if takes == ["runtime"]:
        if op["params"]:
            raise Absent(f"{package} {version_of(package)}: {name} takes no parameter")
        response = method(RuntimeOptions())
    else:
        models = importlib.import_module(package + ".models")
        model = getattr(models, op["action"] + "Request")
        params = fit(model, op["params"], op["styles"])
        request = model().from_map(params)
        lost = dropped(params, request.to_map())
        if lost:
            # The model has no member for part of the input (the metadata documents more than the
            # pinned package knows): the package cannot send it.
            raise Absent(f"{package} {version_of(package)}: {model.__name__} has no {', '.join(lost)}")
        response = method(request, RuntimeOptions())
    if response.body is None:
        # Some packages model no body for an operation; the request id is in the headers too.
        return response.status_code, {"RequestId": (response.headers or {}).get("x-acs-request-id")}
    return response.status_code, response.body.to_map()


def generic_call(plan, call, op):
    from alibabacloud_tea_openapi.utils_models import OpenApiRequest, Params
    from darabonba.runtime import RuntimeOptions

    params = Params(
        action=op["action"],
        version=op["version"],
        protocol="HTTP",
        pathname="/",
        method=op["method"],
        auth_type="AK",
        style="RPC",
        req_body_type="formData",
        body_type="json",
    )
    request = OpenApiRequest(query=op["query"], body=op["body"])
    response = client_for(plan, call, "alibabacloud_tea_openapi.client").call_api(
        params, request, RuntimeOptions()
    )
    return response["statusCode"], response["body"]


def run():
    plan = json.load(sys.stdin)
    # Only the emulator on 127.0.0.1 is called: no proxy may stand in between.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    for call in plan["calls"]:
        i = call["call"]
        op = plan["operations"][call["operation"]]
        try:
            make = typed_call if call["client"] == "typed" else generic_call
            status, body = make(plan, call, op)
            request_id = body.get("RequestId")
            ok = status == 200 and bool(request_id)
            line = {"call": i, "ok": ok, "request_id": request_id}
            if not ok:
                line["error"] = f"status {status}, body {json.dumps(body)[:500]}"
        except Absent as e:
            line = {"call": i, "ok": False, "absent": str(e)}
        except Exception as e:  # every failure is reported, and the next call still runs
            line = {"call": i, "ok": False, "error": f"{type(e).__name__}: {e}"[:2000]}
            # An answered refusal names its request, so the test can read what was sent.
            if getattr(e, "request_id", None):
                line["request_id"] = e.request_id
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) == 2 and sys.argv[1] == "run":
        sys.exit(run())
    print(__doc__, file=sys.stderr)
    sys.exit(2)

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
                     "style": "RPC" | "ROA" | "LOG", "method": "POST" | "GET" | "PUT" | ...,
                     "params": {"Tag": [{"Key": "k"}]},
                     "styles": {"InstanceIds": "simple", "Filter": "json"},
                     "query": {"Tag.1.Key": "k"}, "body": {"Name": "x"} | null,
                     # RESTful operations only:
                     "pathname": "/clusters/c%2F1", "path_params": {"ClusterId": "c/1"},
                     "host": {"project": "p"} | {}, "headers": {"x-acs-x": "v"},
                     "body_field": "body" | null, "json_body": <JSON or text> | null,
                     "body_type": "json" | "array" | "string" | "none"}],
     "calls": [{"call": 7, "operation": 0, "client": "typed" | "generic",
                "signing": "ACS3-HMAC-SHA256" | "ACS3-HMAC-SM3" | "v2" | "log", "credential": "ak" | "sts",
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
- it takes, in order: a RESTful operation's path and host parameters, by name (`cluster_id` for
  `{ClusterId}`, `project` for the host label); the request (`request`, or `tmp_req` when the package
  turns the `json`/`simple` members into a `<Action>ShrinkRequest` itself), unless the API has no other
  parameter; a RESTful operation's `headers` (a dict, or Log Service's `<Action>Headers` model); and
  `runtime`. The request is `<Action>Request().from_map(params)` (the action's first letter upper-cased:
  Elasticsearch's `createInstance` has `CreateInstanceRequest`); a RESTful body goes in as the model's
  member of the body parameter's name when it has one (`body`: a text or a list), else its members are
  the model's own (`CreateClusterRequest.name` for the body's `name`), as the packages model them.
A package without the method, or whose request model has no member for part of the input (the metadata
documents more than the package knows, such as ECS's deprecated `Tag.N.key`), or whose method takes a path
or host parameter the spec does not declare (Log Service's `project` where its metadata leaves it out),
cannot make the call: it is reported "absent", with what is missing, and not made; the generic client
still makes it.

"generic" calls tea-openapi's `call_api`: an RPC operation with `method`, the flattened `query` as the
query string and `body` (when there is one) as a form body (`req_body_type` formData); a RESTful one with
its `pathname`, query, headers and `json_body` as a JSON body (`req_body_type` json; `body_type` as the
response is read), and for Log Service through its gateway (`alibabacloud_gateway_sls`, `execute`), the
project in `host_map`. "v2" is tea-openapi's `signature_algorithm` for the legacy V1 signature (RPC) and
the legacy ROA signature (RESTful); the ACS3 names select ACS3 with that algorithm (SHA-256 is the SDK's
default, left unset); "log" is Log Service's own signature, its gateway's default. Clients are made once
per product, credential, signing and endpoint, and reused, as an application would.

The request id a call reports is its answer's `x-acs-request-id` header (`x-log-requestid` for Log
Service), and for an RPC call the body's `RequestId` too, which the emulator must fill in.
"""

import importlib
import importlib.metadata
import inspect
import json
import os
import re
import socket
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
    if call["signing"] not in ("ACS3-HMAC-SHA256", "log"):
        config.signature_algorithm = call["signing"]
    return config


def client_for(plan, call, module, gateway=None):
    """The client of `module` (a package's `client`, or tea-openapi's) for the call's configuration; with
    `gateway` (a module), signing through that gateway's `Client`, as Log Service's package does."""
    key = (module, gateway, call["credential"], call["signing"], call["endpoint"])
    if key not in _clients:
        client = importlib.import_module(module).Client(config_for(plan, call))
        if gateway:
            client._spi = importlib.import_module(gateway).Client()
        _clients[key] = client
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


def request_model_name(action):
    return action[:1].upper() + action[1:] + "Request"


def normalized(name):
    return name.replace("_", "").replace("-", "").lower()


def with_body(model, op, params):
    """`params` with a RESTful body: under the body parameter's name when the model has a member of that
    name, else spread into the model's own members (an object body)."""
    body = op.get("json_body")
    if body is None:
        return params
    field = op["body_field"]
    if normalized(field) in hints_of(model):
        return {**params, field: body}
    if isinstance(body, dict):
        return {**params, **body}
    raise Absent(f"{model.__name__} has no member for the body {field}")


def headers_argument(method, op):
    """A RESTful method's `headers`: a dict, or the package's headers model (Log Service)."""
    try:
        kind = bare(typing.get_type_hints(method).get("headers"))
    except Exception:
        kind = None
    if isinstance(kind, type) and hasattr(kind, "from_map"):
        return kind().from_map(dict(op.get("headers") or {}))
    return dict(op.get("headers") or {})


def request_id_of(status, headers, body, style):
    """The request id the answer reports (see the module's text): for RPC the body's, which the emulator
    must fill in; for RESTful operations the header's."""
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    if style == "RPC":
        return body.get("RequestId") if isinstance(body, dict) else None
    return headers.get("x-acs-request-id") or headers.get("x-log-requestid")


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
    places = {normalized(k): v for k, v in {**(op.get("path_params") or {}), **(op.get("host") or {})}.items()}
    args = []
    for p in takes:
        if p in ("request", "tmp_req", "headers", "runtime"):
            continue
        if normalized(p) not in places:
            # The package places a parameter the spec does not declare (Log Service's project, in the
            # host name, of operations whose metadata leaves it out): the input cannot fill it.
            raise Absent(f"{package} {version_of(package)}: {name} takes {p}, which the spec does not declare")
        args.append(places.pop(normalized(p)))
    if places:
        raise LookupError(f"{package} {name} takes no {', '.join(places)}")
    if "request" in takes or "tmp_req" in takes:
        models = importlib.import_module(package + ".models")
        model = getattr(models, request_model_name(op["action"]))
        params = with_body(model, op, fit(model, op["params"], op["styles"]))
        request = model().from_map(params)
        lost = dropped(params, request.to_map())
        if lost:
            # The model has no member for part of the input (the metadata documents more than the
            # pinned package knows): the package cannot send it.
            raise Absent(f"{package} {version_of(package)}: {model.__name__} has no {', '.join(lost)}")
        args.append(request)
    elif op["params"] or op.get("json_body") is not None:
        raise Absent(f"{package} {version_of(package)}: {name} takes no request")
    if "headers" in takes:
        args.append(headers_argument(method, op))
    response = method(*args, RuntimeOptions())
    # A package models no body where the operation answers none (`body_type: none`).
    body = getattr(response, "body", None)
    if body is not None and hasattr(body, "to_map"):
        body = body.to_map()
    headers = response.headers or {}
    # Some packages model no body for an RPC operation; the request id is in the headers too.
    if op["style"] == "RPC" and body is None:
        body = {"RequestId": {k.lower(): v for k, v in headers.items()}.get("x-acs-request-id")}
    return response.status_code, request_id_of(response.status_code, headers, body, op["style"]), body


def generic_call(plan, call, op):
    from alibabacloud_tea_openapi.utils_models import OpenApiRequest, Params
    from darabonba.runtime import RuntimeOptions

    if op["style"] == "RPC":
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
    else:
        params = Params(
            action=op["action"],
            version=op["version"],
            protocol="HTTP",
            pathname=op["pathname"],
            method=op["method"],
            auth_type="AK",
            style="ROA",
            req_body_type="json",
            body_type=op["body_type"],
        )
        request = OpenApiRequest(
            query=op["query"],
            body=op.get("json_body"),
            headers=dict(op.get("headers") or {}),
            host_map=dict(op.get("host") or {}),
        )
    if op["style"] == "LOG":
        client = client_for(plan, call, "alibabacloud_tea_openapi.client", "alibabacloud_gateway_sls.client")
        response = client.execute(params, request, RuntimeOptions())
    else:
        client = client_for(plan, call, "alibabacloud_tea_openapi.client")
        response = client.call_api(params, request, RuntimeOptions())
    status, body = response.get("statusCode"), response.get("body")
    return status, request_id_of(status, response.get("headers"), body, op["style"]), body


def refusal_request_id(e):
    """The request id of an answered refusal: tea-openapi's exceptions carry it as `request_id`; Log
    Service's gateway raises a `TeaException` whose `data` holds it, wrapped by the retry loop."""
    for err in (e, getattr(e, "inner_exception", None)):
        if getattr(err, "request_id", None) and err.request_id != "None":
            return err.request_id
        data = getattr(err, "data", None)
        if isinstance(data, dict) and (data.get("requestId") or data.get("RequestId")):
            return data.get("requestId") or data.get("RequestId")
    return None


def resolve_endpoint_labels():
    """Log Service puts the project before the endpoint (`proj.127.0.0.1:PORT`): such a name is the
    emulator's address, which no resolver knows."""
    original = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and re.fullmatch(r"[A-Za-z0-9-]+\.127\.0\.0\.1", host):
            host = "127.0.0.1"
        return original(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo


def run():
    plan = json.load(sys.stdin)
    # Only the emulator on 127.0.0.1 is called: no proxy may stand in between.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    resolve_endpoint_labels()
    for call in plan["calls"]:
        i = call["call"]
        op = plan["operations"][call["operation"]]
        try:
            make = typed_call if call["client"] == "typed" else generic_call
            status, request_id, body = make(plan, call, op)
            ok = isinstance(status, int) and 200 <= status < 300 and bool(request_id)
            line = {"call": i, "ok": ok, "request_id": request_id}
            if not ok:
                line["error"] = f"status {status}, body {json.dumps(body, default=str)[:500]}"
        except Absent as e:
            line = {"call": i, "ok": False, "absent": str(e)}
        except Exception as e:  # every failure is reported, and the next call still runs
            line = {"call": i, "ok": False, "error": f"{type(e).__name__}: {e}"[:2000]}
            # An answered refusal names its request, so the test can read what was sent.
            request_id = refusal_request_id(e)
            if request_id:
                line["request_id"] = request_id
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) == 2 and sys.argv[1] == "run":
        sys.exit(run())
    print(__doc__, file=sys.stderr)
    sys.exit(2)

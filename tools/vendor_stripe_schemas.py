"""Regenerate ``tests/fixtures/stripe/schemas-<api version>.json``: the part of Stripe's API
definitions the sandbox's answers are checked against.

Source: the TypeScript declarations of the ``stripe`` npm package whose pinned API version is
ours (stripe-python 16's ``stripe._api_version``: 2026-10-28.endive is stripe-node 23.1.0, built
from Stripe's OpenAPI spec release named in the package's ``OPENAPI_VERSION`` file). Stripe
generates those declarations from its OpenAPI spec, and unlike stripe-python's types they keep
apart a property Stripe may omit (``name?:``) from one it sends as ``null`` (``T | null``).

What is kept: every type reachable from the objects the double returns (customer, deleted
customer, payment_method, setup_intent, payment_intent, mandate, account, event, list and
search envelopes, API errors; refund and charge for refunds), each property with whether it is always present, its type, its
nullability and its enum values. References to resources outside that set (Charge,
Application, ...) are recorded by name only, under ``external``.

Usage::

    python tools/vendor_stripe_schemas.py                # npm pack stripe@23.1.0 (npm registry)
    python tools/vendor_stripe_schemas.py --package DIR  # an unpacked package (or its .tgz)

CI never runs this: the tests read only the vendored JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

API_VERSION = "2026-10-28.endive"
NPM_VERSION = "23.1.0"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "stripe" / f"schemas-{API_VERSION}.json"
#: Declaration files parsed (relative to the package's cjs/ folder); a name declared elsewhere
#: is an external reference.
FILES = ("resources/Customers.d.ts", "resources/PaymentMethods.d.ts",
         "resources/SetupIntents.d.ts", "resources/PaymentIntents.d.ts",
         "resources/Mandates.d.ts", "resources/Events.d.ts", "resources/Accounts.d.ts",
         "resources/Refunds.d.ts", "resources/Charges.d.ts", "shared.d.ts", "lib.d.ts")
#: Object kind (``object`` field, or envelope) -> type the double's answers must match.
ROOTS = {"customer": "Customer", "deleted_customer": "DeletedCustomer",
         "payment_method": "PaymentMethod", "setup_intent": "SetupIntent",
         "payment_intent": "PaymentIntent", "mandate": "Mandate", "account": "Account",
         "refund": "Refund", "charge": "Charge", "list": "ApiList", "search_result": "ApiSearchResult",
         "error": "PaymentIntent.LastPaymentError"}
PRIMITIVES = {"string": "string", "number": "number", "boolean": "boolean", "null": "null",
              "any": "any", "unknown": "any", "object": "any", "void": "null",
              "undefined": "null"}

# ---- tokens ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<ws>\s+) | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<punct>\.\.\.|=>|[{}()\[\]<>;:,?|&=.*])
""", re.VERBOSE | re.DOTALL)


def tokenize(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise SyntaxError(f"can't read {text[pos:pos + 40]!r}")
        pos = m.end()
        if m.lastgroup not in ("ws", "comment"):
            out.append(m.group())
    return out


# ---- declarations --------------------------------------------------------------------------------

@dataclass
class Decl:
    kind: str  # "interface" | "alias"
    scope: list[str]
    params: list[str] = field(default_factory=list)
    extends: list[Any] = field(default_factory=list)
    members: dict[str, tuple[bool, Any]] = field(default_factory=dict)  # name -> (optional, type)
    index: Any = None
    type: Any = None


class Parser:
    """Just enough of TypeScript's declaration syntax for Stripe's generated .d.ts files."""

    def __init__(self, tokens: list[str], decls: dict[str, Decl]) -> None:
        self.t = tokens
        self.i = 0
        self.decls = decls

    def peek(self, k: int = 0) -> str:
        return self.t[self.i + k] if self.i + k < len(self.t) else ""

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if expected is not None and tok != expected:
            raise SyntaxError(f"expected {expected!r}, got {tok!r} near "
                              f"{' '.join(self.t[self.i - 5:self.i + 5])}")
        self.i += 1
        return tok

    def skip_to_semicolon(self) -> None:
        depth = 0
        while self.i < len(self.t):
            tok = self.take()
            if tok in "{([":
                depth += 1
            elif tok in "})]":
                depth -= 1
            elif tok == ";" and depth == 0:
                return

    def skip_block(self) -> None:
        while self.peek() != "{":
            self.take()
        depth = 0
        while True:
            tok = self.take()
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
                if depth == 0:
                    return

    def declarations(self, scope: list[str], until: str | None = None) -> None:
        while self.i < len(self.t) and self.peek() != until:
            tok = self.peek()
            if tok in ("export", "declare", "readonly", "abstract"):
                self.take()
                if self.peek() in ("{", "*", "default"):
                    self.skip_to_semicolon()
                continue
            if tok == "import":
                self.skip_to_semicolon()
            elif tok == "interface":
                self.interface(scope)
            elif tok == "namespace":
                self.take()
                name = self.take()
                self.take("{")
                self.declarations([*scope, name], "}")
                self.take("}")
            elif tok == "type":
                self.alias(scope)
            elif tok == "class":
                self.skip_block()
            elif tok in ("const", "let", "var", "function", "enum"):
                if tok == "enum":
                    self.skip_block()
                else:
                    self.skip_to_semicolon()
            elif tok == ";":
                self.take()
            else:
                raise SyntaxError(f"unexpected {tok!r} at {' '.join(self.t[self.i:self.i + 8])}")

    def type_params(self) -> list[str]:
        params: list[str] = []
        if self.peek() == "<":
            self.take()
            while self.peek() != ">":
                params.append(self.take())
                if self.peek() == "extends":
                    self.take()
                    self.type_expr()
                if self.peek() == "=":
                    self.take()
                    self.type_expr()
                if self.peek() == ",":
                    self.take()
            self.take(">")
        return params

    def interface(self, scope: list[str]) -> None:
        self.take("interface")
        name = self.take()
        decl = Decl("interface", scope, self.type_params())
        if self.peek() == "extends":
            self.take()
            while True:
                decl.extends.append(self.type_expr())
                if self.peek() != ",":
                    break
                self.take()
        self.take("{")
        self.members(decl)
        self.take("}")
        qual = ".".join([*scope, name])
        if qual in self.decls and self.decls[qual].kind == "interface":
            self.decls[qual].members.update(decl.members)  # declaration merging
        else:
            self.decls[qual] = decl

    def members(self, decl: Decl) -> None:
        while self.peek() != "}":
            if self.peek() == "readonly":
                self.take()
            if self.peek() == "[":  # [key: string]: T;
                self.take()
                self.take()
                self.take(":")
                self.type_expr()
                self.take("]")
                self.take(":")
                decl.index = self.type_expr()
                self.take(";")
                continue
            name = self.take()
            if name.startswith(("'", '"')):
                name = json.loads('"' + name[1:-1] + '"')
            optional = False
            if self.peek() == "?":
                self.take()
                optional = True
            if self.peek() in ("(", "<"):  # a method
                self.skip_to_semicolon()
                continue
            self.take(":")
            decl.members[name] = (optional, self.type_expr())
            if self.peek() in (";", ","):
                self.take()

    def alias(self, scope: list[str]) -> None:
        self.take("type")
        name = self.take()
        params = self.type_params()
        self.take("=")
        expr = self.type_expr()
        self.take(";")
        self.decls[".".join([*scope, name])] = Decl("alias", scope, params, type=expr)

    # type expressions: ("union", [...]) ("inter", [...]) ("array", t) ("lit", v)
    # ("prim", name) ("ref", name, [args]) ("obj", Decl) ("any",)
    def type_expr(self) -> Any:
        if self.peek() == "|":
            self.take()
        parts = [self.intersection()]
        while self.peek() == "|":
            self.take()
            parts.append(self.intersection())
        return parts[0] if len(parts) == 1 else ("union", parts)

    def intersection(self) -> Any:
        parts = [self.postfix()]
        while self.peek() == "&":
            self.take()
            parts.append(self.postfix())
        return parts[0] if len(parts) == 1 else ("inter", parts)

    def postfix(self) -> Any:
        node = self.primary()
        while self.peek() == "[" and self.peek(1) == "]":
            self.take()
            self.take()
            node = ("array", node)
        return node

    def primary(self) -> Any:
        tok = self.peek()
        if tok == "(":
            start = self.i
            depth = 0
            while True:
                t = self.take()
                depth += t == "("
                depth -= t == ")"
                if depth == 0:
                    break
            if self.peek() == "=>":  # a function type
                self.take()
                self.type_expr()
                return ("any",)
            self.i = start + 1
            inner = self.type_expr()
            self.take(")")
            return inner
        if tok == "{":
            self.take()
            decl = Decl("interface", [])
            self.members(decl)
            self.take("}")
            return ("obj", decl)
        if tok.startswith(("'", '"')):
            self.take()
            return ("lit", json.loads('"' + tok[1:-1].replace('"', '\\"') + '"'))
        if re.fullmatch(r"-?\d+(?:\.\d+)?", tok):
            self.take()
            return ("lit", float(tok) if "." in tok else int(tok))
        if tok in ("true", "false"):
            self.take()
            return ("lit", tok == "true")
        if tok == "import" and self.peek(1) == "(":  # import('./x.js').Name: another file's
            for _ in range(4):
                self.take()
            name = "?"
            while self.peek() == ".":
                self.take()
                name = self.take()
            return ("ref", f"import:{name}", [])
        if tok in ("keyof", "typeof", "readonly"):
            self.take()
            self.primary()
            return ("any",)
        name = self.take()
        while self.peek() == ".":
            self.take()
            name += "." + self.take()
        args: list[Any] = []
        if self.peek() == "<":
            self.take()
            while self.peek() != ">":
                args.append(self.type_expr())
                if self.peek() == ",":
                    self.take()
            self.take(">")
        if name in PRIMITIVES and not args:
            return ("prim", PRIMITIVES[name])
        return ("ref", name, args)


# ---- resolution and output ---------------------------------------------------------------------

class Vendor:
    def __init__(self, decls: dict[str, Decl]) -> None:
        self.decls = decls
        self.schemas: dict[str, Any] = {}
        self.external: set[str] = set()
        self.todo: list[str] = []

    def resolve(self, name: str, scope: list[str]) -> str | None:
        for k in range(len(scope), -1, -1):
            qual = ".".join([*scope[:k], name])
            if qual in self.decls:
                return qual
        return None

    def need(self, qual: str) -> None:
        if qual not in self.schemas and qual not in self.todo:
            self.todo.append(qual)

    def run(self, roots: list[str]) -> None:
        for root in roots:
            self.need(root)
        while self.todo:
            qual = self.todo.pop()
            if qual in self.schemas:
                continue
            self.schemas[qual] = None  # placeholder against cycles
            self.schemas[qual] = self.declaration(qual)

    def declaration(self, qual: str) -> Any:
        decl = self.decls[qual]
        if decl.kind == "alias":
            node = self.node(decl.type, decl.scope, decl.params)
            return {"params": decl.params, **node} if decl.params else node
        return self.interface(decl, decl.scope, decl.params)

    def interface(self, decl: Decl, scope: list[str], params: list[str]) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for base in decl.extends:
            resolved = self.node(base, scope, params)
            base_qual = resolved.get("ref")
            if base_qual is None or base_qual not in self.decls:
                raise SyntaxError(f"can't flatten extends {base}")
            base_decl = self.decls[base_qual]
            props.update(self.interface(base_decl, base_decl.scope, base_decl.params)
                         ["properties"])
        for name, (optional, expr) in decl.members.items():
            props[name] = {"required": not optional, **self.node(expr, scope, params)}
        out: dict[str, Any] = {"type": "object", "properties": props}
        if decl.index is not None:
            out["additional"] = self.node(decl.index, scope, params)
        if params:
            out["params"] = params
        return out

    def node(self, expr: Any, scope: list[str], params: list[str]) -> dict[str, Any]:
        kind = expr[0]
        if kind == "prim":
            return {"type": expr[1]}
        if kind == "any":
            return {"type": "any"}
        if kind == "lit":
            return {"enum": [expr[1]]}
        if kind == "array":
            return {"type": "array", "items": self.node(expr[1], scope, params)}
        if kind == "obj":
            return self.interface(expr[1], scope, params)
        if kind == "inter":
            parts = [p for p in expr[1] if not (p[0] == "obj" and not p[1].members)]
            if len(parts) == 1:
                return self.node(parts[0], scope, params)
            return {"type": "any"}
        if kind == "union":
            alts: list[dict[str, Any]] = []
            for part in expr[1]:
                if part[0] == "ref" and part[1] == "OtherString":
                    continue  # stripe-node's "string & {}": tolerance in the SDK, not an API value
                alts.append(self.node(part, scope, params))
            return merge_union(alts)
        name, args = expr[1], expr[2]
        if name in params:
            return {"param": name}
        if name == "Array" and len(args) == 1:
            return {"type": "array", "items": self.node(args[0], scope, params)}
        if name == "Partial" and len(args) == 1:
            return {"partial": self.node(args[0], scope, params)}
        if name == "Record" and len(args) == 2:
            return {"type": "object", "properties": {},
                    "additional": self.node(args[1], scope, params)}
        if name == "OtherString":
            return {"type": "string"}
        qual = self.resolve(name, scope)
        if qual is None:
            self.external.add(name)
            return {"ref": name, "external": True}
        self.need(qual)
        out: dict[str, Any] = {"ref": qual}
        if args:
            out["args"] = [self.node(a, scope, params) for a in args]
        return out


def merge_union(alts: list[dict[str, Any]]) -> dict[str, Any]:
    """One enum from literal alternatives; ``anyOf`` for the rest."""
    literals = [v for a in alts if set(a) == {"enum"} for v in a["enum"]]
    others = [a for a in alts if set(a) != {"enum"}]
    merged = others + ([{"enum": literals}] if literals else [])
    return merged[0] if len(merged) == 1 else {"anyOf": merged}


def event_types(decls: dict[str, Decl], vendor: Vendor, roots: set[str]) -> dict[str, str]:
    """``event type -> XxxEvent`` for the events whose ``data.object`` is one of ``roots``."""
    out: dict[str, str] = {}
    for qual, decl in decls.items():
        if decl.kind != "interface" or "." in qual or not qual.endswith("Event") or \
                "type" not in decl.members:
            continue
        type_expr = decl.members["type"][1]
        data = decls.get(f"{qual}.Data")
        if type_expr[0] != "lit" or data is None or "object" not in data.members:
            continue
        obj = data.members["object"][1]
        target = vendor.resolve(obj[1], data.scope) if obj[0] == "ref" else None
        if target in roots:
            out[type_expr[1]] = qual
    return dict(sorted(out.items()))


def load_package(path: Path | None, workdir: Path) -> Path:
    if path is None:
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to fetch the stripe package (or pass --package)")
        subprocess.run([npm, "pack", f"stripe@{NPM_VERSION}", "--silent",  # noqa: S603
                        "--pack-destination", str(workdir)], check=True, capture_output=True)
        path = next(workdir.glob("stripe-*.tgz"))
    if path.is_file():
        with tarfile.open(path) as tar:
            tar.extractall(workdir, filter="data")
        path = workdir / "package"
    return path


def build(package: Path) -> dict[str, Any]:
    api = re.search(r"ApiVersion = '([^']+)'",
                    (package / "cjs" / "apiVersion.js").read_text(encoding="utf-8"))
    if api is None or api.group(1) != API_VERSION:
        raise SystemExit(f"the package pins {api and api.group(1)}, not {API_VERSION}")
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    decls: dict[str, Decl] = {}
    for rel in FILES:
        Parser(tokenize((package / "cjs" / rel).read_text(encoding="utf-8")), decls) \
            .declarations([])
    vendor = Vendor(decls)
    vendor.run(list(ROOTS.values()))
    events = event_types(decls, vendor, set(ROOTS.values()))
    vendor.run(list(events.values()))
    return {
        "source": {
            "api_version": API_VERSION,
            "openapi_spec_release": (package / "OPENAPI_VERSION").read_text().strip(),
            "from": f"npm package stripe@{meta['version']} (TypeScript declarations generated "
                    "by Stripe from that OpenAPI spec release), files "
                    + ", ".join(f"cjs/{f}" for f in FILES),
            "licence": f"{meta.get('license', 'MIT')}, copyright Stripe, Inc.",
            "regenerate": "python tools/vendor_stripe_schemas.py",
            "format": "schemas: name -> {type: object, properties: {name: {required, ...type}}, "
                      "additional?} | {type: string|number|boolean|null|any|array (items)} | "
                      "{enum} | {anyOf} | {ref, args?} | {partial} | {param}; required: "
                      "always present (else Stripe may omit it); null only where a type "
                      "or anyOf says null.",
        },
        "roots": ROOTS,
        "events": events,
        "external": sorted(vendor.external),
        "schemas": dict(sorted(vendor.schemas.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, help="unpacked stripe npm package or its .tgz")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = build(load_package(args.package, Path(tmp)))
    args.out.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(data['schemas'])} types, {len(data['events'])} event types)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

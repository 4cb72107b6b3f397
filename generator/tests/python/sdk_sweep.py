"""Drive a running `sdkgen serve` fake with the official UCloud Python SDK.

Usage: sdk_sweep.py API_JSON SERVICE, with BASE_URL, PUBLIC_KEY and PRIVATE_KEY in the
environment (the three lines `sdkgen serve` prints). API_JSON is the family's IR
(`sdkgen ir <family folder>`); SERVICE names the SDK's product client (`uhost`, `ulb`, ...).

Every action of the docs is called through the SDK: its typed product client where the SDK
has the action (the SDK's own schemas encode and validate the request and decode the
answer), else the SDK's generic `Client.invoke`. Four measures, printed as one JSON object on
standard output (generator/tests/python_sdk.rs reads it):

- sweep: each action with its required params (the docs' and the SDK's) set to plausible
  values; the RetCode, or why the SDK refused the request or the answer.
- pages: Describe*/List* actions with Offset, Limit, a TotalCount (or Total) and a list of
  objects, walked with Limit=2; consistent when the distinct items equal the total.
- filters: list actions with a `FooId` or `FooIds.N` param whose items have `FooId`;
  consistent when filtering by an id from an unfiltered page returns only that id.
- resources: CreateFoo/AllocateFoo, DescribeFoo, DeleteFoo/ReleaseFoo/TerminateFoo;
  consistent when the new id is found after creation and gone after deletion.

No network but the fake's; values are fixed, so a run is a function of the server's data.
"""

import importlib
import json
import logging
import os
import re
import sys

from ucloud.client import Client
from ucloud.core import exc
from ucloud.core.typesystem import fields, schema

START, END = 1_700_000_000, 1_700_086_400  # a fixed day for *StartTime/*EndTime params
PAGE = 2  # Limit of the page walks
MAX_PAGES = 200  # a walk longer than this is inconsistent


def is_index(token):
    return token in ("N", "n") or token.isdigit()


def leaf_name(name):
    return [t for t in name.split(".") if not is_index(t)][-1]


def doc_value(param):
    """A plausible value for a documented param: the first enum value, the minimum, ..."""
    c = param.get("constraints") or {}
    kind, leaf = param["type"], leaf_name(param["name"])
    if c.get("enum"):
        value = c["enum"][0]
        if kind == "int":
            return int(value)
        if kind == "bool":
            return str(value).lower() in ("true", "1")
        return value
    if kind == "int":
        if leaf.endswith("Time") and not leaf.endswith("Timeout"):
            return END if leaf.endswith("EndTime") else START
        value = c.get("min", 1)
        return min(value, c["max"]) if "max" in c else value
    if kind == "float":
        return c.get("min", 1.0)
    if kind == "bool":
        return True
    return {"Region": "cn-bj2", "Zone": "cn-bj2-02"}.get(leaf, leaf + "-1")


def sdk_field(node, tokens):
    """The SDK schema field at a dotted path (index tokens skipped), or None."""
    for token in tokens:
        if isinstance(node, fields.List):
            node = node.item
        if is_index(token):
            continue
        if not isinstance(node, schema.Schema):
            return None
        node = node.fields.get(token)
        if node is None:
            return None
    return node.item if isinstance(node, fields.List) else node


def adapt(value, field, param):
    """The value re-typed for the SDK's field when one value suits both docs and SDK."""
    free = not (param.get("constraints") or {}).get("enum")
    if isinstance(field, fields.Bool) and not isinstance(value, bool):
        text = str(value).lower()
        if text in ("true", "1", "false", "0"):
            return text in ("true", "1")
        return True if free and param["type"] == "string" else value
    if isinstance(field, (fields.Int, fields.Float)) and isinstance(value, str):
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            return int(value) if isinstance(field, fields.Int) else float(value)
        return 1 if free else value
    if isinstance(field, fields.Str) and isinstance(value, bool):
        return "true" if value else "false"
    return value


def put(node, tokens, value):
    """Sets a dotted wire name (`Disks.N.Size`) in the SDK's nested request shape."""
    key, rest = tokens[0], tokens[1:]
    if rest and is_index(rest[0]):
        items = node.setdefault(key, [])
        index = 0 if rest[0] in ("N", "n") else int(rest[0])
        while len(items) <= index:
            items.append({} if len(rest) > 1 else None)
        if len(rest) == 1:
            items[index] = value
        else:
            put(items[index], rest[1:], value)
    elif rest:
        put(node.setdefault(key, {}), rest, value)
    else:
        node[key] = value


def expand(name, param):
    """The wire names a param takes: its last list index repeated `min_items` times."""
    tokens = name.split(".")
    count = (param.get("constraints") or {}).get("min_items", 1)
    last = max((i for i, t in enumerate(tokens) if t in ("N", "n")), default=None)
    if last is None or count <= 1:
        return [tokens]
    return [tokens[:last] + [str(i)] + tokens[last + 1 :] for i in range(count)]


def stem_score(key, resource):
    """How well an id field names the resource: the length of its stem found in the name."""
    stem = re.sub(r"Ids?$", "", key).lower()
    name = re.sub(r"v\d+$", "", resource.lower())
    names = (name, re.sub(r"ies$", "y", name), re.sub(r"s$", "", name))
    return len(stem) if stem and any(stem in n for n in names) else 0


class Family:
    def __init__(self, api, service):
        self.actions = {a["name"]: a for a in api["actions"]}
        self.models = api["models"]
        quiet = logging.getLogger("sdk_sweep")
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
        config = {
            "base_url": os.environ["BASE_URL"],
            "public_key": os.environ["PUBLIC_KEY"],
            "private_key": os.environ["PRIVATE_KEY"],
            "region": "cn-bj2",
            "project_id": "org-fake",
            "timeout": 10,
            "max_retries": 0,
        }
        self.config = {"Region": config["region"], "ProjectId": config["project_id"]}
        root = Client(config, logger=quiet)
        self.generic = root
        self.client = getattr(root, service)()
        self.apis = importlib.import_module("ucloud.services.%s.schemas.apis" % service)
        with open(sys.modules[type(self.client).__module__].__file__, encoding="utf-8") as f:
            source = f.read()
        self.pool = {}  # id field -> an id some list shows (`harvest`)
        self.methods = {}  # action -> typed method name
        for chunk in source.split("\n    def ")[1:]:
            name = re.match(r"(\w+)\(", chunk)
            action = re.search(r'self\.invoke\(\s*"(\w+)"', chunk)
            if name and action:
                self.methods[action.group(1)] = name.group(1)

    def harvest(self):
        """Fills the id pool: the first item's ids of every list, own ids before references."""
        for _ in range(2):  # a list may need an id (a ULBId) another list gives
            own, seen = {}, {}
            for action in self.list_actions():
                _, body, _, _, _ = self.call(action)
                resource = re.sub(r"^(Describe|List)", "", action)
                for item in items_of(body, self.list_field(action)[0])[:1]:
                    for key, value in item.items():
                        if key.endswith("Id") and isinstance(value, str) and value:
                            (own if stem_score(key, resource) else seen).setdefault(key, value)
            self.pool = dict(seen, **own)

    def pool_value(self, param):
        """An id of an existing item for a `FooId` or `FooIds.N` param, if a list showed one."""
        leaf = leaf_name(param["name"])
        if param["type"] != "string":
            return None
        return self.pool.get(leaf[:-1] if leaf.endswith("Ids") else leaf)

    def request_schema(self, action):
        return getattr(self.apis, action + "RequestSchema", None) if action in self.methods else None

    def params(self, action):
        return {p["name"]: p for p in self.actions[action]["params"]}

    def request(self, action, extra=None):
        """Required params (docs' and SDK's) with plausible values, then `extra` wire values."""
        schema_cls = self.request_schema(action)
        sdk = schema_cls() if schema_cls else None
        req, notes = {}, []
        docs = self.params(action)
        for name, param in docs.items():
            if leaf_name(name) in ("Region", "ProjectId") and "." not in name:
                continue  # the client's config supplies them
            top = sdk and sdk.fields.get(name.split(".")[0])
            if not (param["required"] or (top is not None and top.required)):
                continue
            for tokens in expand(name, param):
                field = sdk_field(sdk, tokens) if sdk else None
                if sdk and field is None:
                    notes.append("the SDK has no param %s the docs require" % name)
                put(req, tokens, adapt(self.pool_value(param) or doc_value(param), field, param))
        if sdk:
            for key, field in sdk.fields.items():
                if field.required and key not in req and key not in ("Region", "ProjectId"):
                    notes.append("the SDK requires %s the docs do not have" % key)
                    req[key] = 1 if isinstance(field, fields.Int) else key + "-1"
        for name, value in (extra or {}).items():
            tokens = name.split(".")
            param = docs.get(name, {"type": "string"})
            put(req, tokens, adapt(value, sdk_field(sdk, tokens) if sdk else None, param))
        return req, notes

    def call(self, action, extra=None):
        """(status, body or None, retcode or None, message, notes); status `ok` on RetCode 0."""
        req, notes = self.request(action, extra)
        schema_cls = self.request_schema(action)
        if schema_cls:
            try:
                schema_cls().dumps(dict(self.config, **req))
            except exc.ValidationException as e:
                return "sdk-request", None, None, str(e), notes
        try:
            if schema_cls:
                body = getattr(self.client, self.methods[action])(req)
            else:
                body = self.generic.invoke(action, req)
        except exc.RetCodeException as e:
            return "retcode", None, e.code, e.message, notes
        except exc.ValidationException as e:
            return "sdk-response", None, None, str(e), notes
        except Exception as e:  # transport, invalid JSON: the fake should never cause them
            return "transport", None, None, "%s: %s" % (type(e).__name__, e), notes
        return "ok", body, 0, "", notes

    def list_field(self, action):
        """The first response field that is a list of a model, and the model."""
        for f in self.actions[action]["response"]:
            t = f["type"]
            if isinstance(t, dict) and isinstance(t.get("list"), dict) and "model" in t["list"]:
                return f["name"], self.models.get(t["list"]["model"], {"fields": []})
        return None, None

    def list_actions(self):
        return [a for a in sorted(self.actions) if re.match(r"(Describe|List)", a) and self.list_field(a)[0]]


def items_of(body, field):
    found = body.get(field) if body else None
    return [i for i in found if isinstance(i, dict)] if isinstance(found, list) else []


def identity(item, action):
    """An item's identity: its *Id field that best names the action's resource, else its JSON."""
    resource = re.sub(r"^(Describe|List)", "", action)
    keys = sorted((k for k in item if k.endswith("Id")), key=lambda k: -stem_score(k, resource))
    if keys and stem_score(keys[0], resource):
        return str(item[keys[0]])
    return json.dumps(item, sort_keys=True)


def id_param(params, key):
    """The documented param that filters by the id field `key`: `key` or `keys.N`."""
    for name in (key, key + "s.N", key + "s.n", key + "s"):
        if name in params:
            return name
    return None


DESTRUCTIVE = re.compile(r"(Delete|Del|Release|Terminate|Remove|Destroy)[A-Z]")


def sweep(fam):
    """Every action once: the others first, then each deleting one after a fresh harvest."""
    out = []
    fam.harvest()
    ordered = sorted(fam.actions, key=lambda a: (bool(DESTRUCTIVE.match(a)), a))
    for action in ordered:
        if DESTRUCTIVE.match(action):
            fam.harvest()
        status, _, code, message, notes = fam.call(action)
        out.append({
            "action": action,
            "via": "typed" if fam.request_schema(action) else "invoke",
            "status": status,
            "retcode": code,
            "message": message[:300],
            "notes": notes,
        })
    return out


def pages(fam):
    out = []
    fam.harvest()
    for action in fam.list_actions():
        names = {r["name"] for r in fam.actions[action]["response"]}
        total_name = next((t for t in ("TotalCount", "Total") if t in names), None)
        params = fam.params(action)
        if not total_name or "Offset" not in params or "Limit" not in params:
            continue
        field, _ = fam.list_field(action)
        seen, dupes, offset, total, detail = set(), 0, 0, None, ""
        for _ in range(MAX_PAGES):
            status, body, code, message, _ = fam.call(action, {"Offset": offset, "Limit": PAGE})
            if status != "ok":
                detail = "page at %d: %s %s %s" % (offset, status, code, message[:120])
                break
            total = body.get(total_name)
            items = items_of(body, field)
            if not items:
                break
            for item in items:
                key = identity(item, action)
                dupes += key in seen
                seen.add(key)
            offset += PAGE
            if not isinstance(total, int) or offset >= total:
                break
        else:
            detail = "more than %d pages" % MAX_PAGES
        ok = not detail and isinstance(total, int) and dupes == 0 and len(seen) == total
        if not detail:
            detail = "%d distinct, %d duplicates, %s %r" % (len(seen), dupes, total_name, total)
        out.append({"action": action, "consistent": ok, "detail": detail})
    return out


def filters(fam):
    out = []
    for action in fam.list_actions():
        field, model = fam.list_field(action)
        item_keys = {f["name"] for f in model["fields"]}
        params = fam.params(action)
        for key in sorted(item_keys - {"ProjectId"}):  # the client's setting, not a filter
            name = id_param(params, key) if key.endswith("Id") else None
            if not name:
                continue
            status, body, code, message, _ = fam.call(action)
            sample = next((i[key] for i in items_of(body, field) if i.get(key) not in (None, "")), None)
            sample = fam.pool.get(key) if sample is None else sample
            if sample is None:
                detail = "no %s in an unfiltered page (%s %s %s)" % (key, status, code, message[:80])
                out.append({"action": action, "param": name, "consistent": False, "detail": detail})
                continue
            # A list where the docs say so (`Ids.N`, an array type); `NodeIds` typed string
            # takes one string ("one or more ids").
            listed = name.endswith((".N", ".n")) or isinstance(params[name].get("type"), dict)
            value = [sample] if listed else sample
            status, body, code, message, _ = fam.call(action, {name.split(".")[0]: value})
            got = [i.get(key) for i in items_of(body, field)]
            ok = status == "ok" and bool(got) and all(str(g) == str(sample) for g in got)
            detail = "%s=%s: %d items, %d match" % (key, sample, len(got), sum(str(g) == str(sample) for g in got))
            if status != "ok":
                detail = "%s=%s: %s %s %s" % (key, sample, status, code, message[:120])
            out.append({"action": action, "param": name, "consistent": ok, "detail": detail})
    return out


def new_ids(body, resource):
    """(key, id) candidates in a create answer, best-named first: `FooId`, `FooIds[0]`, `Set[0].FooId`."""
    found = []
    for key, value in (body or {}).items():
        if key.endswith("Id") and isinstance(value, (str, int)) and value != "":
            found.append((key, str(value)))
        elif key.endswith("Ids") and isinstance(value, list) and value:
            found.append((key[:-1], str(value[0])))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            found += [(k, str(v)) for k, v in value[0].items() if k.endswith("Id") and v not in (None, "")]
        elif isinstance(value, dict):
            found += [(k, str(v)) for k, v in value.items() if k.endswith("Id") and v not in (None, "")]
    return sorted(found, key=lambda kv: -stem_score(kv[0], resource))


def resources(fam):
    out = []
    fam.harvest()
    for create in sorted(fam.actions):
        m = re.match(r"(Create|Allocate|Add)(\w+?)(V\d+)?$", create)
        if not m:
            continue
        res = m.group(2)
        forms = [res + e for e in ("", "s", "V2", "sV2")] + [re.sub(r"y$", "ies", res)]
        reads = [v + f for v in ("Describe", "List") for f in forms]
        lists = [a for a in reads if a in fam.actions and fam.list_field(a)[0]]
        named = [a for a in lists if any(stem_score(f["name"], res) for f in fam.list_field(a)[1]["fields"])]
        describe = (named + lists + [None])[0]  # prefer a list whose items have a FooId
        deletes = [v + f for v in ("Delete", "Del", "Release", "Terminate", "Remove") for f in forms]
        delete = next((a for a in deletes if a in fam.actions), None)
        if not describe or not delete:
            continue
        row = {"resource": res, "create": create, "describe": describe, "delete": delete}
        out.append(row)
        row["consistent"] = False
        status, body, code, message, _ = fam.call(create)
        if status != "ok":
            row["detail"] = "create: %s %s %s" % (status, code, message[:120])
            continue
        field, _ = fam.list_field(describe)
        dparams, xparams = fam.params(describe), fam.params(delete)
        pick = next(((k, v) for k, v in new_ids(body, res) if id_param(xparams, k)), None)
        if not field or not pick:
            row["detail"] = "no id in the create answer that %s takes" % delete
            continue
        key, new = pick

        def find():
            """Describe by the id, or every page where the describe has no id param."""
            name = id_param(dparams, key)
            if name:
                st, b, c, msg, _ = fam.call(describe, {name.split(".")[0]: [new] if name != key else new})
                return st, c, msg, any(str(i.get(key)) == new for i in items_of(b, field))
            paged = "Offset" in dparams and "Limit" in dparams
            for page in range(MAX_PAGES if paged else 1):
                st, b, c, msg, _ = fam.call(describe, {"Offset": page * 20, "Limit": 20} if paged else {})
                items = items_of(b, field)
                if any(str(i.get(key)) == new for i in items):
                    return st, c, msg, True
                if st != "ok" or not items:
                    break
            return st, c, msg, False

        st, c, msg, found = find()
        if not found:
            row["detail"] = "%s=%s not found after create (%s %s %s)" % (key, new, st, c, msg[:80])
            continue
        name = id_param(xparams, key)
        st, _, c, msg, _ = fam.call(delete, {name.split(".")[0]: [new] if name != key else new})
        if st != "ok":
            row["detail"] = "delete: %s %s %s" % (st, c, msg[:120])
            continue
        st, c, msg, found = find()
        row["consistent"] = not found
        row["detail"] = "%s=%s %s after delete" % (key, new, "still found" if found else "gone")
    return out


def main():
    api_path, service = sys.argv[1], sys.argv[2]
    with open(api_path, encoding="utf-8") as f:
        fam = Family(json.load(f), service)
    result = {"sweep": sweep(fam), "pages": pages(fam), "filters": filters(fam), "resources": resources(fam)}
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()

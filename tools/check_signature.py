#!/usr/bin/env python3
"""Checks a running `sdkgen serve` against the documented signature algorithm.

Standard library only, written independently of the Rust code, so agreement means the
algorithm is what the docs say and not just what the Rust side happens to do:
every param except Signature, sorted byte-wise by name, name+value concatenated, the
private key appended, SHA-1, lowercase hex.

Usage: check_signature.py BASE_URL PUBLIC_KEY PRIVATE_KEY [ACTION]
(or the BASE_URL / PUBLIC_KEY / PRIVATE_KEY environment variables that `sdkgen serve`
prints). Exits 0 when a signed request is accepted and tampered ones are refused (171).
"""

import hashlib
import json
import os
import sys
import time
import urllib.parse
import urllib.request


def sign(params, private_key):
    """The documented algorithm."""
    names = sorted(params, key=lambda n: n.encode("utf-8"))
    text = "".join(n + params[n] for n in names if n != "Signature") + private_key
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def call(base_url, params, method):
    body = urllib.parse.urlencode(params)
    if method == "GET":
        req = urllib.request.Request(base_url + "/?" + body)
    else:
        req = urllib.request.Request(
            base_url + "/",
            data=body.encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


def main(argv):
    args = argv[1:] + [None] * 4
    base_url = (args[0] or os.environ.get("BASE_URL", "")).rstrip("/")
    public_key = args[1] or os.environ.get("PUBLIC_KEY", "")
    private_key = args[2] or os.environ.get("PRIVATE_KEY", "")
    action = args[3] or "GetOrderAmount"
    if not (base_url and public_key and private_key):
        print(__doc__, file=sys.stderr)
        return 2
    now = int(time.time())
    params = {
        "Action": action,
        "PublicKey": public_key,
        "StartTime": str(now - 30 * 86400),
        "EndTime": str(now),
        # Byte-wise order puts "Regions.0" before "StartTime"; a UTF-8 value is signed raw.
        "Regions.0": "cn-zj",
        "ProjectId": "org-测试",
    }
    params["Signature"] = sign(params, private_key)
    failures = []
    passed = 0

    def check(name, ok, detail):
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(f"{name}: {detail}")

    for method in ("POST", "GET"):
        got = call(base_url, params, method)
        check(f"signed {method} accepted", got.get("RetCode") == 0, got)
    tampered = dict(params, StartTime=str(now - 29 * 86400))
    got = call(base_url, tampered, "POST")
    check("tampered param refused", got.get("RetCode") == 171, got)
    wrong_key = dict(params)
    wrong_key["Signature"] = sign(params, private_key + "x")
    got = call(base_url, wrong_key, "POST")
    check("wrong private key refused", got.get("RetCode") == 171, got)
    for f in failures:
        print("FAIL", f)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""scapy's side of tests/wire/scapy_diff_test.cpp (PEERS.md section 3).

Usage: scapy_check.py INPUT.json      (writes one JSON document to stdout)
       scapy_check.py --version       (prints the scapy version; exit 3 without scapy)

INPUT.json:
  {"lcp":  [{"code": 1, "id": 7, "options": [OPTION, ...], "bytes": "hex"}, ...],
   "chap": [{"code": 1, "id": 7, "value": "hex", "name": "hex", "message": "hex",
             "bytes": "hex"}, ...]}
  OPTION: {"kind": "mru"|"accm"|"magic", "value": N}
        | {"kind": "auth"|"quality", "protocol": N, "data": "hex"}
        | {"kind": "callback", "operation": N, "message": "hex"}
        | {"kind": "generic", "type": N, "data": "hex"}
  "bytes" is the project's encoding of the packet (Code .. Data, no padding).

For every packet the script
  - builds it with scapy from the fields alone ("built": hex of raw(packet)), and
  - parses "bytes" with scapy as HDLC / PPP / <protocol> ("parsed": scapy's class names and
    field values; integers as numbers, octet strings as hex; "rest": octets scapy left over).
The comparison with the project's values is done by the C++ test.
"""
import json
import logging
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

try:
    import scapy
    from scapy.compat import raw
    from scapy.fields import ConditionalField, StrField
    from scapy.layers.ppp import (HDLC, PPP_CHAP, PPP_CHAP_ChallengeResponse, PPP_LCP,
                                  PPP_LCP_ACCM_Option, PPP_LCP_Auth_Protocol_Option,
                                  PPP_LCP_Callback_Option, PPP_LCP_Configure,
                                  PPP_LCP_Magic_Number_Option, PPP_LCP_MRU_Option,
                                  PPP_LCP_Option, PPP_LCP_Quality_Protocol_Option)
except ImportError as error:  # python3-scapy missing
    print("scapy unavailable: %s" % error, file=sys.stderr)
    sys.exit(3)

CHAP = 0xC223


def unhex(text):
    return bytes.fromhex(text)


def value(v):
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    if isinstance(v, str):
        return v.encode("latin-1").hex()
    return v


def fields_of(layer, skip=()):
    """The fields of a dissected layer. ConditionalFields that do not apply are left out. scapy
    stops dissecting when the octets run out, so a string field after the end of the octets is
    not in layer.fields: it is zero octets long and reported as ""; any other missing field is
    reported as "<absent>"."""
    out = {}
    for field in layer.fields_desc:
        if field.name in skip:
            continue
        inner = field
        if isinstance(field, ConditionalField):
            if not field._evalcond(layer):
                continue
            inner = field.fld
        if field.name in layer.fields:
            out[field.name] = value(layer.fields[field.name])
        elif isinstance(inner, StrField):
            out[field.name] = ""
        else:
            out[field.name] = "<absent>"
    return out


def find_layer(frame, cls):
    """The first layer that is a `cls` (scapy's getlayer wants the exact dispatched class)."""
    layer = frame
    while layer:
        if isinstance(layer, cls):
            return layer
        layer = layer.payload
    return None


def build_option(o):
    kind = o["kind"]
    if kind == "mru":
        return PPP_LCP_MRU_Option(max_recv_unit=o["value"])
    if kind == "accm":
        return PPP_LCP_ACCM_Option(accm=o["value"])
    if kind == "magic":
        return PPP_LCP_Magic_Number_Option(magic_number=o["value"])
    if kind == "auth":
        data = unhex(o["data"])
        if o["protocol"] == CHAP:  # scapy's class fixes Length 5: algorithm only
            return PPP_LCP_Auth_Protocol_Option(auth_protocol=CHAP, algorithm=data[0])
        # scapy computes no Length for protocols other than CHAP: give it explicitly.
        return PPP_LCP_Auth_Protocol_Option(auth_protocol=o["protocol"], data=data,
                                            len=4 + len(data))
    if kind == "quality":
        return PPP_LCP_Quality_Protocol_Option(quality_protocol=o["protocol"],
                                               data=unhex(o["data"]))
    if kind == "callback":
        return PPP_LCP_Callback_Option(operation=o["operation"], message=unhex(o["message"]))
    if kind == "generic":
        return PPP_LCP_Option(type=o["type"], data=unhex(o["data"]))
    raise ValueError("unknown option kind %r" % kind)


def rest_after(layer):
    payload = layer.payload
    return raw(payload).hex() if payload else ""


def lcp_case(item):
    packet = PPP_LCP_Configure(code=item["code"], id=item["id"],
                               options=[build_option(o) for o in item["options"]])
    built = raw(packet).hex()
    frame = HDLC(b"\xff\x03\xc0\x21" + unhex(item["bytes"]))
    layer = find_layer(frame, PPP_LCP)
    if layer is None:
        return {"built": built, "error": "scapy found no LCP layer: " + repr(frame)}
    parsed = {"class": type(layer).__name__, "code": layer.code, "id": layer.id, "len": layer.len,
              "options": [], "rest": rest_after(layer)}
    for option in layer.getfieldval("options") or []:
        if not isinstance(option, PPP_LCP_Option):  # e.g. Raw when an option overruns
            parsed["options"].append({"class": type(option).__name__, "raw": raw(option).hex()})
            continue
        parsed["options"].append({"class": type(option).__name__, "type": option.type,
                                  "len": option.len,
                                  "fields": fields_of(option, skip=("type", "len"))})
    return {"built": built, "parsed": parsed}


def chap_case(item):
    if item["code"] in (1, 2):
        packet = PPP_CHAP_ChallengeResponse(code=item["code"], id=item["id"],
                                            value=unhex(item["value"]),
                                            optional_name=unhex(item["name"]))
    else:
        packet = PPP_CHAP(code=item["code"], id=item["id"], data=unhex(item["message"]))
    built = raw(packet).hex()
    frame = HDLC(b"\xff\x03\xc2\x23" + unhex(item["bytes"]))
    layer = find_layer(frame, PPP_CHAP)
    if layer is None:
        return {"built": built, "error": "scapy found no CHAP layer: " + repr(frame)}
    parsed = {"class": type(layer).__name__, "fields": fields_of(layer), "rest": rest_after(layer)}
    return {"built": built, "parsed": parsed}


def run(cases, function):
    results = []
    for item in cases:
        try:
            results.append(function(item))
        except Exception as error:  # reported per packet, the C++ side fails on it
            results.append({"error": "%s: %s" % (type(error).__name__, error)})
    return results


def main(argv):
    if len(argv) == 2 and argv[1] == "--version":
        print(scapy.VERSION)
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    answer = {"scapy_version": scapy.VERSION,
              "lcp": run(request.get("lcp", []), lcp_case),
              "chap": run(request.get("chap", []), chap_case)}
    json.dump(answer, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

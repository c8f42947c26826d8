#!/usr/bin/env python3
# The OutputIntent of a PDF, read from qpdf --json on stdin: prints
# "OBJ|IDENTIFIER|S|REGISTRY" (OBJ: the DestOutputProfile's object number).
import json
import sys

objs = json.load(sys.stdin)["qpdf"][1]


def get(v):
    while isinstance(v, str) and v.endswith(" R"):
        v = objs["obj:" + v]["value"]
    return v


root = get(objs["trailer"]["value"]["/Root"])
oi = get(get(root["/OutputIntents"])[0])
prof = oi["/DestOutputProfile"].split()[0]
print("|".join([prof, get(oi["/OutputConditionIdentifier"])[2:], oi["/S"], get(oi.get("/RegistryName", "u:-"))[2:]]))

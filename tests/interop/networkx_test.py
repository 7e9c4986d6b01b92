#!/usr/bin/env python3
"""GraphML -> NetworkX: the GraphML that `kg build --format graphml` writes is read by
NetworkX's own reader, and its shortest paths give the chains `kg path` gives.

Usage: python3 networkx_test.py KG_BINARY SAMPLES_DIR   (ctest passes both)
Prints 'N passed, M failed'; exits 1 on any failure.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import networkx as nx

VIA = "metwith,export,agreement,meeting"
PAIRS = [("لافروف", "Bilawal Bhutto Zardari"),
         ("Shah Mahmood Qureshi", "बिलावल भुट्टो ज़रदारी"),
         ("Andrey Rudenko", "Bilawal Bhutto Zardari"),
         ("Ukraine", "Kuwait"),
         ("Donald Trump", "Kuwait")]  # the same pairs as common.mjs


def key_of(kg, graph, name):
    """The node key kg resolves a name to: the first word of `kg explain`."""
    out = subprocess.run([kg, "explain", graph, name], capture_output=True, text=True,
                         check=True).stdout
    return out.split()[0]


def main():
    kg, samples = sys.argv[1], sys.argv[2]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="kg-interop-nx-") as out:
        build = subprocess.run([kg, "build", "--format", "jsonld,graphml", "--out", out, samples],
                               capture_output=True, text=True, check=True).stdout
        nodes = int(re.search(r"^nodes: (\d+)", build, re.M).group(1))
        edges = int(re.search(r"^edges: (\d+)", build, re.M).group(1))
        g = nx.read_graphml(os.path.join(out, "graph.graphml"))
        by_key = {data["key"]: n for n, data in g.nodes(data=True)}

        def check(name, ok, detail=""):
            nonlocal passed, failed
            print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
            if ok:
                passed += 1
            else:
                failed += 1

        check("every node and edge is read", g.number_of_nodes() == nodes and
              g.number_of_edges() == edges,
              f"{g.number_of_nodes()}/{nodes} nodes, {g.number_of_edges()}/{edges} edges")
        lavrov = g.nodes[by_key["person:sergey-lavrov"]]
        check("names in every script and evidence as JSON",
              "لافروف" in " ".join(json.loads(lavrov["alternateNames"])) and
              all("sentence" in e for e in json.loads(lavrov["evidence"])), str(lavrov)[:300])

        # Facts only: no represents edges (kg weighs them as a last resort), no planned or
        # denied relation nodes; undirected, as kg path walks.
        facts = nx.Graph()
        facts.add_nodes_from(n for n, d in g.nodes(data=True) if not d.get("status"))
        facts.add_edges_from((a, b) for a, b, d in g.edges(data=True)
                             if d["role"] != "represents" and a in facts and b in facts)
        for a, b in PAIRS:
            r = subprocess.run([kg, "path", "--json", "--via", VIA,
                                os.path.join(out, "graph.jsonld"), a, b],
                               capture_output=True, text=True)
            if r.returncode == 1 and "no path between" in r.stderr:
                ends = [by_key[key_of(kg, os.path.join(out, "graph.jsonld"), n)] for n in (a, b)]
                check(f"no path {a} -> {b}, as kg says", not nx.has_path(facts, *ends),
                      "networkx finds one")
                continue
            check(f"kg path {a} -> {b} answers", r.returncode == 0, r.stderr)
            if r.returncode != 0:
                continue
            answer = json.loads(r.stdout)
            chain = [answer["from"]["key"]]
            for hop in answer["hops"]:
                chain += [hop["via"], hop["to"]["key"]]
            paths = [[g.nodes[n]["key"] for n in p] for p in nx.all_shortest_paths(
                facts, by_key[answer["from"]["key"]], by_key[answer["to"]["key"]])]
            check(f"shortest paths include kg's chain {a} -> {b}",
                  chain in paths and all(len(p) == len(chain) for p in paths),
                  f"kg: {chain}; networkx: {paths}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

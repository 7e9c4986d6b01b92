#!/usr/bin/python3
"""The peer for path queries: NetworkX (Debian's python3-networkx) on the same graph as GraphML.

usage: bench/peers/networkx_path.py GRAPH.graphml FROM TO
Prints one line of JSON: the seconds to load the GraphML, the seconds of one shortest_path
query (undirected, as kg path walks relations both ways) and the number of hops.
"""
import json
import sys
import time

import networkx as nx

t0 = time.perf_counter()
g = nx.read_graphml(sys.argv[1])
load = time.perf_counter() - t0
u = g.to_undirected(as_view=True)
t0 = time.perf_counter()
path = nx.shortest_path(u, sys.argv[2], sys.argv[3])
query = time.perf_counter() - t0
print(json.dumps({"peer": "networkx", "version": nx.__version__, "nodes": g.number_of_nodes(),
                  "load_s": load, "query_s": query, "path_nodes": len(path)}))

#!/usr/bin/env python3
"""Check the held-out set 4 gold files (articles 501–516) against their articles: the development set's validator
(tests/data/dev/validate.py), run on this folder. Usage: python3 validate.py [FILE-PREFIX ...]
Set KG_DEV_VALIDATOR to use another copy of the development validator."""
import os
import runpy

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ['KG_GOLD_SET'] = HERE
CANDIDATES = [
    os.environ.get('KG_DEV_VALIDATOR', ''),
    os.path.join(HERE, '..', 'dev', 'validate.py'),
]
for path in CANDIDATES:
    if path and os.path.exists(path):
        runpy.run_path(path, run_name='__main__')
        break
else:
    raise SystemExit('validate.py: cannot find the development validator (set KG_DEV_VALIDATOR)')

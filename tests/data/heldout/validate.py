#!/usr/bin/env python3
"""Check the held-out gold files against their articles: the development set's validator
(../dev/validate.py), run on this folder. Usage: python3 validate.py [FILE-PREFIX ...]"""
import os
import runpy

os.environ['KG_GOLD_SET'] = os.path.dirname(os.path.abspath(__file__))
runpy.run_path(os.path.join(os.environ['KG_GOLD_SET'], '..', 'dev', 'validate.py'), run_name='__main__')

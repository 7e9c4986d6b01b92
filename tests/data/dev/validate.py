#!/usr/bin/env python3
"""Check a gold set (this folder, or tests/data/heldout through its wrapper) against its articles.

Usage: python3 validate.py [NAME ...]   (from any directory; NAME = gold file or prefix, default: all)
Checks: valid JSON; fields as in /work/shared/gold/FORMAT.md; file/article/language names agree;
every relation and meeting key is an entity of the file; every alias and every evidence string
occurs verbatim in the article text; warns when a key is named differently than in the other
gold set or the shared seed entities. Exits non-zero on any error; warnings do not fail.
"""
import json, os, re, sys, datetime

# The gold set to check: this folder, or the one a wrapper names (tests/data/heldout).
HERE = os.environ.get('KG_GOLD_SET') or os.path.dirname(os.path.abspath(__file__))
ART, GOLD = os.path.join(HERE, 'articles'), os.path.join(HERE, 'gold')
TYPES = {'person': 'Person', 'country': 'Country', 'place': 'Place', 'org': 'Organization', 'commodity': 'Commodity'}
errors, warnings = [], []

def err(f, m): errors.append(f'{f}: {m}')
def warn(f, m): warnings.append(f'{f}: {m}')

def iso(s):
    try: datetime.date.fromisoformat(s); return True
    except Exception: return False

arts = sorted(x for x in os.listdir(ART) if x.endswith('.txt'))
golds = sorted(x for x in os.listdir(GOLD) if x.endswith('.json'))
if len(sys.argv) > 1:
    golds = [g for g in golds if any(g.startswith(os.path.basename(a).split('.')[0]) for a in sys.argv[1:])]
for a in arts:
    if a[:-4] + '.json' not in os.listdir(GOLD): warn(a, 'article has no gold file')
names = {}   # key -> {name: [files]} for the cross-file consistency check

for g in golds:
    path = os.path.join(GOLD, g)
    try:
        d = json.load(open(path, encoding='utf-8'))
    except Exception as e:
        err(g, f'invalid JSON: {e}'); continue
    art = d.get('article')
    if art != g[:-5] + '.txt': err(g, f'article field {art!r} does not match file name')
    apath = os.path.join(ART, art or '')
    if not os.path.isfile(apath): err(g, 'article file missing'); continue
    text = open(apath, encoding='utf-8').read()
    m = re.match(r'^\d{3}_([a-z]{2})_', art)
    if not m or m.group(1) != d.get('language'): err(g, f'language {d.get("language")!r} vs file name')
    pub = d.get('published')
    if pub is not None and not iso(pub): err(g, f'published not ISO: {pub!r}')
    for k in ('entities', 'relations', 'meetings'):
        if not isinstance(d.get(k), list): err(g, f'{k} missing or not a list')
    keys, req = set(), {}
    for e in d.get('entities', []):
        k = e.get('key', '')
        if k in keys: err(g, f'duplicate key {k}')
        keys.add(k); req[k] = e.get('required')
        names.setdefault(k, {}).setdefault(e.get('name'), []).append(g)
        pre = k.split(':', 1)[0]
        if TYPES.get(pre) != e.get('type'): err(g, f'{k}: type {e.get("type")!r} does not fit prefix')
        if pre == 'country' and not re.fullmatch(r'country:[A-Z]{2}', k): err(g, f'{k}: not ISO2')
        if pre != 'country' and not re.fullmatch(r'[a-z]+:[a-z0-9]+(-[a-z0-9]+)*', k): err(g, f'{k}: bad slug')
        if not e.get('name'): err(g, f'{k}: no name')
        if not isinstance(e.get('required'), bool): err(g, f'{k}: required not bool')
        al = e.get('aliases')
        if not al: err(g, f'{k}: no aliases')
        for a in al or []:
            if a not in text: err(g, f'{k}: alias {a!r} not in article')
        if len(set(al or [])) != len(al or []): err(g, f'{k}: duplicate alias')
    def need(k, what):
        if k not in keys: err(g, f'{what}: {k!r} is not an entity of the file')
    for i, r in enumerate(d.get('relations', [])):
        t = r.get('type'); w = f'relation {i} ({t})'
        if t in ('met-with', 'agreed'):
            args = r.get('args', [])
            if len(args) != 2 or args[0] == args[1]: err(g, f'{w}: needs two distinct args')
            for a in args: need(a, w)
            if t == 'met-with' and not all(a.startswith('person:') for a in args): err(g, f'{w}: met-with args must be people')
            if t == 'agreed' and not r.get('topic'): err(g, f'{w}: no topic')
            used = args
        elif t == 'exported':
            used = [r.get('exporter'), r.get('importer'), r.get('commodity')]
            for a in used: need(a, w)
            if not str(r.get('commodity', '')).startswith('commodity:'): err(g, f'{w}: commodity key')
        else:
            err(g, f'{w}: unknown type'); used = []
        if not isinstance(r.get('required'), bool): err(g, f'{w}: required not bool')
        ev = r.get('evidence', '')
        if not ev or ev not in text: err(g, f'{w}: evidence not in article: {ev[:60]!r}')
        if r.get('required') and any(req.get(a) is False for a in used):
            warn(g, f'{w}: required relation uses an optional entity')
    for i, mt in enumerate(d.get('meetings', [])):
        w = f'meeting {i}'
        ps = mt.get('participants', [])
        if len(ps) < 1: err(g, f'{w}: no participants')
        for p in ps: need(p, w)
        if mt.get('place') is not None: need(mt['place'], w)
        if mt.get('date') is not None and not iso(mt['date']): err(g, f'{w}: date not ISO')
        if not isinstance(mt.get('required'), bool): err(g, f'{w}: required not bool')
        ev = mt.get('evidence', '')
        if not ev or ev not in text: err(g, f'{w}: evidence not in article: {ev[:60]!r}')
    nw = len(text.split())
    if not 250 <= nw <= 600 + 40: warn(g, f'article has {nw} words')

for k, v in sorted(names.items()):
    if len(v) > 1: warn('keys', f'{k} has different names across files: {v}')
byname = {}
for k, v in names.items():
    for n in v: byname.setdefault(n.casefold(), set()).add(k)
for n, ks in sorted(byname.items()):
    if len(ks) > 1: warn('keys', f'name {n!r} used by several keys: {sorted(ks)}')

# cross-set consistency: same key -> same English name as in the other gold sets and the
# shared seed entities (../shared/gold/entities.tsv, when present); warnings only
DATA = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
XREF = [os.path.join(DATA, s, 'gold') for s in ('dev', 'heldout')
        if os.path.join(DATA, s) != os.path.abspath(HERE)]
ext = {}
for dname in XREF:
    if not os.path.isdir(dname): continue
    for fn in sorted(os.listdir(dname)):
        if not fn.endswith('.json'): continue
        try: dd = json.load(open(os.path.join(dname, fn), encoding='utf-8'))
        except Exception: continue
        for e in dd.get('entities', []): ext.setdefault(e.get('key'), set()).add(e.get('name'))
TSV = os.path.join(DATA, '..', '..', '..', 'shared', 'gold', 'entities.tsv')
if os.path.isfile(TSV):
    for line in open(TSV, encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if len(f) >= 3 and ':' in f[0]: ext.setdefault(f[0], set()).add(f[2])
for k, v in sorted(names.items()):
    if k in ext:
        for n in v:
            if n not in ext[k]: warn('xref', f'{k} named {n!r} here but {sorted(ext[k])} in earlier gold sets')
extname = {}
for k, ns in ext.items():
    for n in ns: extname.setdefault((n or '').casefold(), set()).add(k)
for k, v in sorted(names.items()):
    for n in v:
        other = extname.get((n or '').casefold(), set()) - {k}
        if other: warn('xref', f'{k} uses name {n!r}, which earlier gold sets give to {sorted(other)}')

for k, v in sorted(names.items()):
    if len(v) > 1: warn('keys', f'{k} has different names across files: {v}')
byname = {}
for k, v in names.items():
    for n in v: byname.setdefault(n.casefold(), set()).add(k)
for n, ks in sorted(byname.items()):
    if len(ks) > 1: warn('keys', f'name {n!r} used by several keys: {sorted(ks)}')

for w in warnings: print('WARN ', w)
for e in errors: print('ERROR', e)
print(f'{len(golds)} gold files, {len(errors)} errors, {len(warnings)} warnings')
sys.exit(1 if errors else 0)

for w in warnings: print('WARN ', w)
for e in errors: print('ERROR', e)
print(f'{len(golds)} gold files, {len(errors)} errors, {len(warnings)} warnings')
sys.exit(1 if errors else 0)

// The report page's script. It reads the graph from the JSON block #kg-data and writes every
// piece of text with textContent (never innerHTML), so nothing from an article becomes markup.
// Node i and edge i of the data are <g id="n<i>"> and <g id="e<i>"> in the diagram.
'use strict';
(() => {
  const data = JSON.parse(document.getElementById('kg-data').textContent);
  const nodes = data.nodes;
  const edges = data.edges;
  const evidence = data.evidence;
  const ENTITY_KINDS = new Set(['person', 'country', 'place', 'organization', 'commodity']);
  const isEntity = (i) => ENTITY_KINDS.has(nodes[i].kind);
  const outEdges = nodes.map(() => []);
  const inEdges = nodes.map(() => []);
  edges.forEach((e, i) => {
    outEdges[e.from].push(i);
    inEdges[e.to].push(i);
  });
  // An actor by its name; a relation or meeting by what it is and whom it joins.
  const KIND_WORDS = { metwith: 'met with', export: 'export', agreement: 'agreement', meeting: 'meeting' };
  const label = (i) => {
    const n = nodes[i];
    if (ENTITY_KINDS.has(n.kind) || !KIND_WORDS[n.kind]) return n.name || n.key;
    const ends = outEdges[i].map((e) => edges[e].to).filter((j) => ENTITY_KINDS.has(nodes[j].kind));
    const date = n.attrs.startDate ? ` ${n.attrs.startDate}` : '';
    return `${KIND_WORDS[n.kind]}${date}: ${ends.map((j) => nodes[j].name || nodes[j].key).join(', ')}`;
  };

  function el(tag, text, className) {
    const x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = text;
    if (className) x.className = className;
    return x;
  }
  function textWithLang(tag, text, lang) {
    const x = el(tag, text);
    x.dir = 'auto';
    if (lang) x.lang = lang;
    return x;
  }
  function linkButton(text, onClick) {
    const b = el('button', text, 'link');
    b.type = 'button';
    b.dir = 'auto';
    b.addEventListener('click', onClick);
    return b;
  }

  // ---- Names: the fold a typed name and the graph's names are compared under. It follows
  // kg's (NFKC, case, marks, Arabic-script letter variants, words joined by one space) closely
  // enough for names; kg path's ICU fold is the reference.
  const LETTER_FOLDS = new Map([
    ['\u0649', '\u064A'], ['\u06CC', '\u064A'], ['\u06D2', '\u064A'], ['\u06A9', '\u0643'],
    ['\u0629', '\u0647'], ['\u06C1', '\u0647'], ['\u06D5', '\u0647'], ['\u0640', ''],
  ]);
  function fold(s) {
    const t = s.normalize('NFKD').toLowerCase().replace(/\p{M}/gu, '');
    const mapped = Array.from(t, (c) => (LETTER_FOLDS.has(c) ? LETTER_FOLDS.get(c) : c)).join('');
    return mapped.split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');
  }
  const namesOf = (i) => [nodes[i].name].concat(nodes[i].forms.map((f) => f[0])).filter(Boolean);
  const foldedNames = nodes.map((n, i) => namesOf(i).map(fold));

  // The actor a typed name means, as kg path resolves it: a name or key equal under the fold,
  // else the last word of one name. Returns {hit} or {error, candidates}.
  function resolve(query) {
    const want = fold(query);
    let hits = [];
    nodes.forEach((n, i) => {
      if (!isEntity(i)) return;
      if (n.key === query || foldedNames[i].includes(want)) hits.push(i);
    });
    if (hits.length === 0) {
      nodes.forEach((n, i) => {
        if (!isEntity(i)) return;
        if (foldedNames[i].some((f) => f.includes(' ') && f.slice(f.lastIndexOf(' ') + 1) === want))
          hits.push(i);
      });
    }
    if (hits.length === 1) return { hit: hits[0] };
    if (hits.length === 0) return { error: `no actor named '${query}' in the graph`, candidates: [] };
    return { error: `'${query}' is ambiguous; it names ${hits.length} nodes:`, candidates: hits };
  }

  // ---- The diagram: selection and zoom.
  const diagram = document.getElementById('diagram');
  const svg = diagram.querySelector('svg');
  let selected = null;
  function highlight(id) {
    if (selected) selected.classList.remove('selected');
    selected = svg ? svg.getElementById(id) : null;
    if (selected) {
      selected.classList.add('selected');
      selected.scrollIntoView({ block: 'center', inline: 'center' });
    }
  }
  if (svg) {
    const width = svg.width.baseVal.value;
    const height = svg.height.baseVal.value;
    let scale = 1;
    const zoom = (factor) => {
      scale = factor === 0 ? Math.min(1, diagram.clientWidth / width) : scale * factor;
      svg.setAttribute('width', `${width * scale}pt`);
      svg.setAttribute('height', `${height * scale}pt`);
    };
    document.getElementById('zoom-in').addEventListener('click', () => zoom(1.25));
    document.getElementById('zoom-out').addEventListener('click', () => zoom(0.8));
    document.getElementById('zoom-fit').addEventListener('click', () => zoom(0));
    svg.addEventListener('click', (ev) => {
      const g = ev.target.closest('g.node, g.edge');
      const m = g && /^([ne])(\d+)$/.exec(g.id);
      if (!m) return;
      const i = Number(m[2]);
      if (m[1] === 'n' && i < nodes.length) showNode(i, false);
      if (m[1] === 'e' && i < edges.length) showEdge(i, false);
    });
  }

  // ---- Details of a node or an edge.
  const details = document.getElementById('details');
  function evidenceList(indices) {
    const ul = el('ul', null, 'evidence');
    for (const k of indices) {
      const [article, lang, begin, end, sentence] = evidence[k];
      const li = el('li');
      li.appendChild(el('span', `${article} · ${lang || '?'} · bytes ${begin}–${end}`, 'ev-source'));
      li.appendChild(textWithLang('span', sentence || '(no sentence recorded)', lang)).classList.add('sentence');
      ul.appendChild(li);
    }
    if (indices.length === 0) ul.appendChild(el('li', 'none recorded', 'hint'));
    return ul;
  }
  function heading(text, kind, key) {
    const h = el('h3');
    h.appendChild(textWithLang('span', text));
    if (kind) h.appendChild(el('span', kind, 'kind'));
    const wrap = el('div');
    wrap.appendChild(h);
    if (key) wrap.appendChild(el('div', key, 'key'));
    return wrap;
  }
  function notAFact(i) {
    const status = nodes[i].attrs.status;
    return !isEntity(i) && status ? status : null;
  }
  function showNode(i, scroll = true) {
    const n = nodes[i];
    details.replaceChildren();
    details.dataset.kind = 'node';
    details.dataset.key = n.key;
    details.appendChild(heading(label(i), n.kind, n.key));
    const status = notAFact(i);
    if (status) details.appendChild(el('p', `Not a fact: ${status}.`, 'notfact'));
    if (!n.drawn) details.appendChild(el('p', 'Not drawn in the diagram (left out by its cap or filters).', 'hint'));
    if (n.forms.length) {
      details.appendChild(el('h4', 'Names'));
      const ul = el('ul', null, 'forms');
      for (const [form, lang] of n.forms) {
        const li = el('li');
        li.appendChild(textWithLang('span', form, lang));
        li.appendChild(el('span', ` ${lang || '?'}`, 'form-lang'));
        ul.appendChild(li);
      }
      details.appendChild(ul);
    }
    const attrs = Object.entries(n.attrs);
    if (attrs.length) {
      details.appendChild(el('h4', 'Attributes'));
      const ul = el('ul');
      for (const [k, v] of attrs) ul.appendChild(textWithLang('li', `${k}: ${v}`));
      details.appendChild(ul);
    }
    const links = outEdges[i].concat(inEdges[i]).sort((a, b) => a - b);
    if (links.length) {
      details.appendChild(el('h4', 'Links'));
      const ul = el('ul', null, 'results');
      for (const e of links) {
        const other = edges[e].from === i ? edges[e].to : edges[e].from;
        const arrow = edges[e].from === i ? `${edges[e].role} →` : `← ${edges[e].role}`;
        const li = el('li');
        li.appendChild(linkButton(`${arrow} ${label(other)}`, () => showEdge(e)));
        ul.appendChild(li);
      }
      details.appendChild(ul);
    }
    details.appendChild(el('h4', 'Evidence'));
    details.appendChild(evidenceList(n.mentions));
    highlight(`n${i}`);
    if (scroll) details.scrollIntoView({ block: 'nearest' });
  }
  function showEdge(e, scroll = true) {
    const edge = edges[e];
    details.replaceChildren();
    details.dataset.kind = 'edge';
    details.dataset.key = `${nodes[edge.from].key} ${edge.role} ${nodes[edge.to].key}`;
    details.appendChild(heading(`${label(edge.from)} — ${edge.role} → ${label(edge.to)}`, 'link'));
    const status = notAFact(edge.from) || notAFact(edge.to);
    if (status) details.appendChild(el('p', `Not a fact: ${status}.`, 'notfact'));
    const ends = el('p');
    ends.appendChild(linkButton(label(edge.from), () => showNode(edge.from)));
    ends.appendChild(el('span', ` ${edge.role} `));
    ends.appendChild(linkButton(label(edge.to), () => showNode(edge.to)));
    details.appendChild(ends);
    details.appendChild(el('h4', 'Evidence'));
    details.appendChild(evidenceList(edge.evidence));
    highlight(`e${e}`);
    if (scroll) details.scrollIntoView({ block: 'nearest' });
  }

  // ---- Search: every actor one of whose names holds the typed words; whole names first,
  // then the best supported.
  const searchInput = document.getElementById('search');
  const searchResults = document.getElementById('search-results');
  let found = [];
  function search() {
    const want = fold(searchInput.value);
    searchResults.replaceChildren();
    found = [];
    if (!want) return;
    const scored = [];
    nodes.forEach((n, i) => {
      if (!isEntity(i)) return;
      let best = -1;
      let shown = label(i);
      foldedNames[i].forEach((f, k) => {
        let score = -1;
        if (f === want || n.key === searchInput.value) score = 3;
        else if (f.split(' ').includes(want)) score = 2;
        else if (f.includes(want)) score = 1;
        if (score > best) {
          best = score;
          shown = namesOf(i)[k];
        }
      });
      if (best >= 0) scored.push({ i, best, shown });
    });
    scored.sort((a, b) => b.best - a.best || nodes[b.i].mentions.length - nodes[a.i].mentions.length || a.i - b.i);
    found = scored.map((s) => s.i);
    for (const s of scored.slice(0, 30)) {
      const li = el('li');
      li.appendChild(linkButton(label(s.i), () => showNode(s.i)));
      li.appendChild(el('span', nodes[s.i].kind, 'kind'));
      if (s.shown !== label(s.i)) li.appendChild(textWithLang('span', s.shown));
      li.dataset.key = nodes[s.i].key;
      searchResults.appendChild(li);
    }
    if (scored.length === 0) searchResults.appendChild(el('li', 'no actor has that name', 'hint'));
  }
  searchInput.addEventListener('input', search);
  document.getElementById('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    search();
    if (found.length) showNode(found[0]);
  });

  // ---- Paths: the rule of kg path (graph/knowledge_graph.cpp, shortest_path), step for step.
  // Nodes are in key order, so comparing indices compares keys.
  function incident(v) {
    const out = [];
    for (const e of outEdges[v]) out.push(edges[e].to);
    for (const e of inEdges[v]) out.push(edges[e].from);
    return [...new Set(out)].sort((a, b) => a - b);
  }
  function directRole(a, b) {
    for (const e of outEdges[a]) if (edges[e].to === b) return edges[e].role;
    for (const e of outEdges[b]) if (edges[e].to === a) return edges[e].role;
    return '';
  }
  const costOf = (kind) => (kind === 'meeting' ? 11 : kind === 'represents' ? 25 : 10);
  class Heap {
    constructor() { this.items = []; }
    static less(x, y) { return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]); }
    push(item) {
      const a = this.items;
      a.push(item);
      for (let i = a.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!Heap.less(a[i], a[p])) break;
        [a[i], a[p]] = [a[p], a[i]];
        i = p;
      }
    }
    pop() {
      const a = this.items;
      const top = a[0];
      const last = a.pop();
      if (a.length) {
        a[0] = last;
        for (let i = 0; ;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < a.length && Heap.less(a[l], a[m])) m = l;
          if (r < a.length && Heap.less(a[r], a[m])) m = r;
          if (m === i) break;
          [a[i], a[m]] = [a[m], a[i]];
          i = m;
        }
      }
      return top;
    }
    get size() { return this.items.length; }
  }
  function shortestPath(from, to, filter) {
    const allowed = (kind, date) => {
      if (filter.kinds.size && !filter.kinds.has(kind)) return false;
      if (filter.since && date && date < filter.since.slice(0, date.length)) return false;
      if (filter.until && date && date.slice(0, filter.until.length) > filter.until) return false;
      if ((filter.since || filter.until) && !date && kind !== 'represents') return false;
      return true;
    };
    const dist = new Map([[from, 0]]);
    const cameFrom = new Map();
    const seen = new Set();
    const frontier = new Heap();
    frontier.push([0, from]);
    const relax = (cur, nb, via, kind) => {
      if (seen.has(nb)) return;
      const d = dist.get(cur) + costOf(kind);
      if (dist.has(nb) && dist.get(nb) <= d) return;
      dist.set(nb, d);
      cameFrom.set(nb, { from: cur, to: nb, via, role: kind });
      frontier.push([d, nb]);
    };
    while (frontier.size) {
      const [d, cur] = frontier.pop();
      if (seen.has(cur) || dist.get(cur) !== d) continue;  // an entry a cheaper one replaced
      seen.add(cur);
      if (cur === to) break;
      for (const nb of incident(cur)) {
        if (isEntity(nb)) {
          const role = directRole(cur, nb);
          if (allowed(role, '')) relax(cur, nb, null, role);
          continue;
        }
        // A planned or denied meeting, export or agreement is no link between actors.
        if (nodes[nb].attrs.status) continue;
        if (!allowed(nodes[nb].kind, nodes[nb].attrs.startDate || '')) continue;
        for (const other of incident(nb))
          if (other !== cur && isEntity(other)) relax(cur, other, nb, nodes[nb].kind);
      }
    }
    if (!seen.has(to)) return null;
    const hops = [];
    for (let v = to; v !== from; v = cameFrom.get(v).from) hops.push(cameFrom.get(v));
    return hops.reverse();
  }
  function hopEvidence(hop) {
    if (hop.via !== null) return nodes[hop.via].mentions;
    const set = new Set();
    for (const e of outEdges[hop.from]) if (edges[e].to === hop.to) edges[e].evidence.forEach((k) => set.add(k));
    for (const e of outEdges[hop.to]) if (edges[e].to === hop.from) edges[e].evidence.forEach((k) => set.add(k));
    return [...set].sort((a, b) => a - b);
  }
  const RELATION_WORDS = {
    metwith: 'met with', export: 'trade (export)', agreement: 'agreed with',
    meeting: 'attended a meeting with', represents: 'represents',
  };
  // The words of kg path: a meeting links people to each other and to the place it was held.
  function relationWords(hop) {
    if (hop.role === 'meeting' && nodes[hop.to].kind === 'place') return 'attended a meeting in';
    if (hop.role === 'meeting' && nodes[hop.from].kind === 'place') return 'was the place of a meeting with';
    return RELATION_WORDS[hop.role] || 'linked to';
  }

  const pathResult = document.getElementById('path-result');
  function showResolveError(r, input) {
    const p = el('p', r.error, 'error');
    pathResult.appendChild(p);
    if (r.candidates.length) {
      const ul = el('ul', null, 'results');
      for (const c of r.candidates) {
        const li = el('li');
        li.appendChild(linkButton(`${nodes[c].key}  ${label(c)}`, () => { input.value = nodes[c].key; }));
        ul.appendChild(li);
      }
      pathResult.appendChild(ul);
    }
  }
  document.getElementById('path-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    pathResult.replaceChildren();
    delete pathResult.dataset.hops;
    const fromInput = document.getElementById('path-from');
    const toInput = document.getElementById('path-to');
    const from = resolve(fromInput.value);
    const to = resolve(toInput.value);
    if (from.error) showResolveError(from, fromInput);
    if (to.error) showResolveError(to, toInput);
    if (from.error || to.error) return;
    const kinds = new Set([...document.querySelectorAll('#path-via input:checked')].map((c) => c.value));
    const filter = {
      kinds,
      since: document.getElementById('path-since').value.trim(),
      until: document.getElementById('path-until').value.trim(),
    };
    const hops = shortestPath(from.hit, to.hit, filter);
    if (!hops) {
      pathResult.appendChild(el('p', `no path between '${label(from.hit)}' and '${label(to.hit)}'`, 'error'));
      pathResult.dataset.hops = 'none';
      return;
    }
    pathResult.dataset.hops = String(hops.length);
    pathResult.appendChild(el('p', `${label(from.hit)} → ${label(to.hit)}: ${hops.length} ${hops.length === 1 ? 'hop' : 'hops'}`));
    const ol = el('ol', null, 'hops');
    for (const hop of hops) {
      const li = el('li');
      li.dataset.from = nodes[hop.from].key;
      li.dataset.to = nodes[hop.to].key;
      li.dataset.relation = hop.role;
      li.dataset.words = relationWords(hop);
      if (hop.via !== null) li.dataset.via = nodes[hop.via].key;
      li.appendChild(linkButton(label(hop.from), () => showNode(hop.from)));
      const middle = ` —${relationWords(hop)}→ `;
      if (hop.via !== null) li.appendChild(linkButton(middle, () => showNode(hop.via)));
      else li.appendChild(el('span', middle));
      li.appendChild(linkButton(label(hop.to), () => showNode(hop.to)));
      li.appendChild(evidenceList(hopEvidence(hop)));
      ol.appendChild(li);
    }
    pathResult.appendChild(ol);
  });

  // ---- Summary.
  const actors = nodes.filter((n, i) => isEntity(i)).length;
  document.getElementById('summary').textContent =
    `${data.articles} articles · ${actors} actors · ${nodes.length - actors} relations and meetings · ${edges.length} links`;
  document.title = `kg report: ${data.articles} articles`;
  if (data.note) {
    document.getElementById('cap-note').textContent =
      `Diagram: ${data.note}. The search and the path form see every actor.`;
  }
})();

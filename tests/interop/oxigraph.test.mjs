// JSON-LD -> RDF -> SPARQL: the JSON-LD that kg writes goes through an independent JSON-LD
// processor (jsonld.js toRDF, no remote fetch allowed) into Oxigraph, and SPARQL queries find
// the same chains between actors as `kg path`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { buildSamples, kgPath, need, PAIRS, ROLES } from './common.mjs';
import { loadJsonld } from './load.mjs';

const jsonld = await need('jsonld');
const oxigraph = await need('oxigraph');

const ROLE_IRIS = ROLES.map((r) =>
  r === 'attendee' || r === 'location' ? `<http://schema.org/${r}>` : `<urn:kg:vocab:${r}>`);
const ROLE_PATH = `(${ROLE_IRIS.join('|')})`;
const iri = (key) => `<urn:kg:${key}>`;

// Chains of exactly `hops` relation steps from `from` to `to`, each step through a relation or
// meeting node that is a fact (no kg:status), with its role edges as a property path.
function chainQuery(from, to, hops) {
  const vars = [];
  const lines = [];
  let prev = iri(from);
  for (let i = 1; i <= hops; ++i) {
    const r = `?r${i}`;
    const next = i === hops ? iri(to) : `?x${i}`;
    vars.push(r);
    if (i < hops) vars.push(next);
    lines.push(`  ${r} ${ROLE_PATH} ${prev} . ${r} ${ROLE_PATH} ${next} .`);
    lines.push(`  FILTER NOT EXISTS { ${r} <urn:kg:vocab:status> ?status${i} }`);
    lines.push(`  FILTER (${next} != ${prev})`);
    prev = next;
  }
  return `SELECT DISTINCT ${vars.join(' ')} WHERE {\n${lines.join('\n')}\n}`;
}

const keyOf = (term) => {
  assert.equal(term.termType, 'NamedNode');
  assert.ok(term.value.startsWith('urn:kg:'), term.value);
  return term.value.slice('urn:kg:'.length);
};

const built = buildSamples('jsonld');
const graphFile = path.join(built.out, 'graph.jsonld');
const doc = JSON.parse(fs.readFileSync(graphFile, 'utf8'));
// Nothing may be fetched: kg's @context is inline, so a loader that refuses everything works.
const asked = [];
const { store, nquads, refuseRemote } = await loadJsonld(jsonld, oxigraph, doc, asked);
const askedForGraph = [...asked];

test('jsonld.js converts the whole graph to RDF and Oxigraph loads every quad', () => {
  assert.deepEqual(askedForGraph, [], 'the graph asked for remote documents');
  const lines = nquads.split('\n').filter((l) => l.length > 0);
  assert.ok(lines.length > built.nodes, `${lines.length} quads for ${built.nodes} nodes`);
  assert.equal(store.size, new Set(lines).size);
  // Every kg node is a subject with its type.
  const typed = store.query('SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t . ' +
                            'FILTER (STRSTARTS(STR(?s), "urn:kg:")) }');
  assert.equal(Number(typed[0].get('n').value), built.nodes);
  // Every role edge of kg is a triple.
  const roles = store.query(`SELECT (COUNT(*) AS ?n) WHERE { ?s (${ROLE_IRIS.join('|')}|` +
                            '<urn:kg:vocab:represents>) ?o }');
  assert.equal(Number(roles[0].get('n').value), built.edges);
});

test('the document loader really refuses remote contexts', async () => {
  await assert.rejects(
    jsonld.toRDF({ '@context': 'https://schema.org/', name: 'x' },
                 { format: 'application/n-quads', documentLoader: refuseRemote }),
    { name: 'jsonld.InvalidUrl' });
  assert.deepEqual(asked, ['https://schema.org/']);
});

for (const [from, to] of PAIRS) {
  test(`SPARQL finds the chain kg path finds: ${from} -> ${to}`, () => {
    const kg = kgPath(graphFile, from, to);
    const reachable = store.query(
      `ASK { ${iri(kg.from)} (^${ROLE_PATH}/${ROLE_PATH})+ ${iri(kg.to)} }`);
    if (kg.chain === null) {
      // kg found nothing: then there is no fact chain at all (the property path ignores
      // status, so it may still find one through a planned relation; the chains may not).
      for (let hops = 1; hops <= 8; ++hops)
        assert.equal(store.query(chainQuery(kg.from, kg.to, hops)).length, 0, `${hops} hops`);
      return;
    }
    assert.equal(reachable, true, 'property path (^role/role)+ joins the two actors');
    const hops = (kg.chain.length - 1) / 2;
    // No shorter chain in the store ...
    for (let shorter = 1; shorter < hops; ++shorter)
      assert.deepEqual(store.query(chainQuery(kg.from, kg.to, shorter)), [],
                       `a ${shorter}-hop chain exists, kg path says ${hops}`);
    // ... and among the shortest ones, kg's chain.
    const chains = store.query(chainQuery(kg.from, kg.to, hops)).map((row) => {
      const keys = [kg.from];
      for (let i = 1; i <= hops; ++i) {
        keys.push(keyOf(row.get(`r${i}`)));
        keys.push(i === hops ? kg.to : keyOf(row.get(`x${i}`)));
      }
      return keys.join(' ');
    });
    assert.ok(chains.length > 0, `no ${hops}-hop chain in the store`);
    assert.ok(chains.includes(kg.chain.join(' ')),
              `kg path: ${kg.chain.join(' ')}\nSPARQL:\n  ${chains.join('\n  ')}`);
  });
}

// Neo4j CSV -> Kuzu: the neo4j-admin CSV files that `kg build --format neo4j` writes are
// copied as they are into Kuzu (an embedded Cypher database, with its own CSV reader), and a
// Cypher shortest-path query finds the same chains between actors as `kg path`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { buildSamples, kgPath, need, PAIRS, ROLES } from './common.mjs';
import { loadNeo4jFolder } from './load.mjs';

const kuzu = await need('kuzu');

const built = buildSamples('jsonld,neo4j');
const dir = path.join(built.out, 'neo4j');
const { run, labels, relTypes } = await loadNeo4jFolder(kuzu, dir);

test('Kuzu copies every node and relationship of the CSV files', async () => {
  let nodes = 0;
  for (const label of labels) nodes += (await run(`MATCH (n:${label}) RETURN count(*) AS n`))[0].n;
  assert.equal(nodes, built.nodes);
  const rels = (await run('MATCH ()-[r]->() RETURN count(*) AS n'))[0].n;
  assert.equal(rels, built.edges);
});

test('names and sentences with quotes, commas, tabs, <>& and ; survive the CSV files', async () => {
  const jsonld = JSON.parse(fs.readFileSync(path.join(built.out, 'graph.jsonld'), 'utf8'));
  let compared = 0;
  const sentences = new Set();
  for (const n of jsonld['@graph']) {
    const key = n['@id'].slice('urn:kg:'.length);
    const rows = await run('MATCH (n) WHERE n.key = $key RETURN n.name AS name, n.evidence AS ev',
                           { key });
    assert.equal(rows.length, 1, key);
    assert.equal(rows[0].name, n.name ?? null, key);
    const mentions = n.mention ?? n.evidence ?? [];
    const ev = rows[0].ev === null ? [] : JSON.parse(rows[0].ev);
    assert.deepEqual(ev.map((e) => [e.article, e.start, e.end, e.sentence ?? '']),
                     mentions.map((m) => [m.article, m.startOffset, m.endOffset, m.text ?? '']), key);
    compared += mentions.length;
    for (const e of ev) sentences.add(e.sentence);
  }
  assert.ok(compared > 0);
  // The fixture's sentences came through Kuzu's CSV reader byte for byte.
  const hard = [...sentences].filter((s) => /"/.test(s) && /;/.test(s) && /[<>&]/.test(s) && /\t/.test(s));
  assert.ok(hard.length > 0, 'no sentence with quotes, ;, <>& and a tab was compared');
});

const factRoles = ROLES.map((r) => r.toUpperCase()).filter((t) => relTypes.has(t));

for (const [from, to] of PAIRS) {
  test(`a Cypher shortest path finds the chain kg path finds: ${from} -> ${to}`, async () => {
    const kg = kgPath(path.join(built.out, 'graph.jsonld'), from, to);
    // Undirected, through relation and meeting nodes that are facts (no status).
    const rows = await run(
      `MATCH p = (a)-[:${factRoles.join('|')}* ALL SHORTEST 1..16 (r, n | WHERE n.status IS NULL)]-(b) ` +
      'WHERE a.key = $from AND b.key = $to RETURN properties(nodes(p), \'key\') AS keys',
      { from: kg.from, to: kg.to });
    if (kg.chain === null) {
      assert.deepEqual(rows, []);
      return;
    }
    const chains = rows.map((r) => r.keys.join(' '));
    assert.ok(chains.length > 0, 'Kuzu finds no path');
    for (const c of rows) assert.equal(c.keys.length, kg.chain.length, `${c.keys.join(' ')}`);
    assert.ok(chains.includes(kg.chain.join(' ')),
              `kg path: ${kg.chain.join(' ')}\nKuzu:\n  ${chains.join('\n  ')}`);
  });
}

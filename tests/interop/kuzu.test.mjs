// Neo4j CSV -> Kuzu: the neo4j-admin CSV files that `kg build --format neo4j` writes are
// copied as they are into Kuzu (an embedded Cypher database, with its own CSV reader), and a
// Cypher shortest-path query finds the same chains between actors as `kg path`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { buildSamples, kgPath, need, PAIRS, ROLES } from './common.mjs';

const kuzu = await need('kuzu');

const built = buildSamples('jsonld,neo4j');
const dir = path.join(built.out, 'neo4j');
const files = fs.readdirSync(dir).sort();

// A neo4j-admin header cell ("articleCount:int", "key:ID", ":LABEL") as a Kuzu column.
function column(header) {
  if (header === ':LABEL') return { name: 'labels', type: 'STRING' };
  if (header === ':TYPE') return { name: 'type', type: 'STRING' };
  const [name, kind = 'string'] = header.split(':');
  if (kind === 'ID') return { name, type: 'STRING', primary: true };
  if (kind === 'int') return { name, type: 'INT64' };
  return { name, type: 'STRING' }; // strings, and string[] kept as their ';' text
}
// Our headers never need quoting; the data rows are left to Kuzu's CSV reader.
const headerOf = (file) => fs.readFileSync(path.join(dir, file), 'utf8').split('\n', 1)[0].split(',');
const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const db = new kuzu.Database(':memory:');
const conn = new kuzu.Connection(db);
const run = async (cypher, params) => {
  const result = params ? await conn.execute(await conn.prepare(cypher), params)
                        : await conn.query(cypher);
  return result.getAll();
};

const nodeFiles = files.filter((f) => /^nodes_\w+\.csv$/.test(f));
const relFiles = files.filter((f) => /^rels_\w+\.csv$/.test(f));
const labels = nodeFiles.map((f) => f.slice('nodes_'.length, -'.csv'.length));
const copied = { nodes: 0, rels: 0 };
for (const [i, file] of nodeFiles.entries()) {
  const cols = headerOf(file).map(column);
  const key = cols.find((c) => c.primary);
  await run(`CREATE NODE TABLE ${labels[i]}(${cols.map((c) => `${c.name} ${c.type}`).join(', ')}, ` +
            `PRIMARY KEY(${key.name}))`);
  // parallel=false: sentences span lines inside quoted fields.
  await run(`COPY ${labels[i]} FROM ${q(path.join(dir, file))} (header=true, parallel=false)`);
  // Every table answers n.status (NULL where the label has none), for the fact filter below.
  if (!cols.some((c) => c.name === 'status')) await run(`ALTER TABLE ${labels[i]} ADD status STRING`);
}
// rels_<TYPE>_<From>_<To>.csv: one Kuzu relationship table per type, one FROM/TO pair per file.
const relTypes = new Map();
for (const file of relFiles) {
  const [type, from, to] = file.slice('rels_'.length, -'.csv'.length).split('_');
  if (!relTypes.has(type)) relTypes.set(type, []);
  relTypes.get(type).push({ file, from, to });
}
for (const [type, parts] of relTypes) {
  const props = headerOf(parts[0].file).slice(2).map(column);
  await run(`CREATE REL TABLE ${type}(${parts.map((p) => `FROM ${p.from} TO ${p.to}`).join(', ')}, ` +
            `${props.map((c) => `${c.name} ${c.type}`).join(', ')})`);
  for (const p of parts)
    await run(`COPY ${type} FROM ${q(path.join(dir, p.file))} ` +
              `(header=true, parallel=false, from='${p.from}', to='${p.to}')`);
}

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

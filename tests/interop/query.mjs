// Queries kg's exports with the stores the interop tests use, for the README's examples:
//   node tests/interop/query.mjs sparql out/graph.jsonld 'SELECT ... WHERE { ... }'
//   node tests/interop/query.mjs cypher out/neo4j 'MATCH ... RETURN ...'
//   node tests/interop/query.mjs nquads out/graph.jsonld > graph.nq    (for any RDF store)
// sparql: the JSON-LD through jsonld.js (no remote fetch) into an in-memory Oxigraph store;
// cypher: the Neo4j CSV folder copied into an in-memory Kuzu database. One JSON line per row.
import fs from 'node:fs';
import path from 'node:path';

import { loadJsonld, loadNeo4jFolder } from './load.mjs';

const [mode, input, query] = process.argv.slice(2);
const usage = 'usage: node query.mjs sparql GRAPH.jsonld QUERY | cypher NEO4J_DIR QUERY | ' +
              'nquads GRAPH.jsonld';
if (!input || (mode !== 'nquads' && !query) || !['sparql', 'cypher', 'nquads'].includes(mode)) {
  console.error(usage);
  process.exit(2);
}
const here = path.dirname(new URL(import.meta.url).pathname);
async function need(pkg) {
  if (!fs.existsSync(path.join(here, 'node_modules', pkg))) {
    console.error(`${here}/node_modules/${pkg} is missing: run tests/interop/install`);
    process.exit(1);
  }
  return (await import(pkg)).default;
}

try {
  if (mode === 'cypher') {
    const { run } = await loadNeo4jFolder(await need('kuzu'), input);
    for (const row of await run(query)) console.log(JSON.stringify(row));
  } else {
    const doc = JSON.parse(fs.readFileSync(input, 'utf8'));
    const { store, nquads } = await loadJsonld(await need('jsonld'), await need('oxigraph'), doc);
    if (mode === 'nquads') {
      process.stdout.write(nquads);
    } else {
      const result = store.query(query);
      if (typeof result === 'boolean') {
        console.log(JSON.stringify(result));
      } else {
        for (const row of result) {
          const out = {};
          for (const [name, term] of row) out[name] = term.value;
          console.log(JSON.stringify(out));
        }
      }
    }
  }
} catch (e) {
  console.error(`${input}: ${e.message}`);
  process.exit(1);
}

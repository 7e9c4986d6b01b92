// Loaders shared by the interop tests and the query scripts: kg's Neo4j CSV folder into an
// in-memory Kuzu database, and kg's JSON-LD into an Oxigraph store through jsonld.js.
import fs from 'node:fs';
import path from 'node:path';

// A neo4j-admin header cell ("articleCount:int", "key:ID", ":LABEL") as a Kuzu column.
function column(header) {
  if (header === ':LABEL') return { name: 'labels', type: 'STRING' };
  if (header === ':TYPE') return { name: 'type', type: 'STRING' };
  const [name, kind = 'string'] = header.split(':');
  if (kind === 'ID') return { name, type: 'STRING', primary: true };
  if (kind === 'int') return { name, type: 'INT64' };
  return { name, type: 'STRING' }; // strings, and string[] kept as their ';' text
}

const quote = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

// Copies every nodes_<Label>.csv and rels_<TYPE>_<From>_<To>.csv of `dir` as they are (Kuzu's
// own CSV reader parses them). Returns { conn, run(cypher, params), labels, relTypes }.
export async function loadNeo4jFolder(kuzu, dir) {
  const files = fs.readdirSync(dir).sort();
  // kg's headers never need quoting; the data rows are left to Kuzu.
  const headerOf = (file) =>
    fs.readFileSync(path.join(dir, file), 'utf8').split('\n', 1)[0].split(',');
  const db = new kuzu.Database(':memory:');
  const conn = new kuzu.Connection(db);
  const run = async (cypher, params) => {
    const result = params ? await conn.execute(await conn.prepare(cypher), params)
                          : await conn.query(cypher);
    return result.getAll();
  };
  const labels = [];
  for (const file of files.filter((f) => /^nodes_\w+\.csv$/.test(f))) {
    const label = file.slice('nodes_'.length, -'.csv'.length);
    labels.push(label);
    const cols = headerOf(file).map(column);
    const key = cols.find((c) => c.primary);
    await run(`CREATE NODE TABLE ${label}(${cols.map((c) => `${c.name} ${c.type}`).join(', ')}, ` +
              `PRIMARY KEY(${key.name}))`);
    // parallel=false: a quoted field may span lines.
    await run(`COPY ${label} FROM ${quote(path.join(dir, file))} (header=true, parallel=false)`);
    // Every table answers n.status (NULL where the label has none), for fact filters.
    if (!cols.some((c) => c.name === 'status')) await run(`ALTER TABLE ${label} ADD status STRING`);
  }
  // One Kuzu relationship table per type, one FROM/TO pair per file.
  const relTypes = new Map();
  for (const file of files.filter((f) => /^rels_\w+\.csv$/.test(f))) {
    const [type, from, to] = file.slice('rels_'.length, -'.csv'.length).split('_');
    if (!relTypes.has(type)) relTypes.set(type, []);
    relTypes.get(type).push({ file, from, to });
  }
  for (const [type, parts] of relTypes) {
    const props = headerOf(parts[0].file).slice(2).map(column);
    await run(`CREATE REL TABLE ${type}(${parts.map((p) => `FROM ${p.from} TO ${p.to}`).join(', ')}, ` +
              `${props.map((c) => `${c.name} ${c.type}`).join(', ')})`);
    for (const p of parts)
      await run(`COPY ${type} FROM ${quote(path.join(dir, p.file))} ` +
                `(header=true, parallel=false, from='${p.from}', to='${p.to}')`);
  }
  return { conn, run, labels, relTypes };
}

// Converts a JSON-LD document to N-Quads with jsonld.js, never fetching anything (kg's
// @context is inline), in safe mode (anything a processor would drop is an error), and loads
// the quads into a new Oxigraph store. `asked` collects URLs a document tried to load.
export async function loadJsonld(jsonld, oxigraph, doc, asked = []) {
  const refuseRemote = async (url) => {
    asked.push(url);
    throw new Error(`remote fetch refused: ${url}`);
  };
  const nquads = await jsonld.toRDF(doc, {
    format: 'application/n-quads',
    documentLoader: refuseRemote,
    safe: true,
  });
  const store = new oxigraph.Store();
  store.load(nquads, { format: 'application/n-quads' });
  return { store, nquads, refuseRemote };
}

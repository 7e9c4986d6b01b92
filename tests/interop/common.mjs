// Shared by the interop tests: runs the built kg on the samples and asks `kg path` for the
// chains the stores must find too.
//
// Usage: node <test>.mjs KG_BINARY SAMPLES_DIR   (ctest passes both; see tests/CMakeLists.txt)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const [kgBinary, samplesDir] = process.argv.slice(2);
if (!kgBinary || !samplesDir) {
  console.error('usage: node ' + path.basename(process.argv[1]) + ' KG_BINARY SAMPLES_DIR');
  process.exit(2);
}

const here = path.dirname(new URL(import.meta.url).pathname);

// The node packages are installed by scripts/install-deps (npm ci here); say so plainly.
export async function need(pkg) {
  if (!fs.existsSync(path.join(here, 'node_modules', pkg))) {
    console.error(`${here}/node_modules/${pkg} is missing: run scripts/install-deps ` +
                  '(it runs npm ci in tests/interop)');
    process.exit(1);
  }
  return (await import(pkg)).default;
}

// Builds the samples graph in a fresh folder with the given formats; returns the folder and
// kg's node and edge counts.
// Beside the samples, one article whose sentences carry what CSV, XML and SPARQL must escape.
export const FIXTURE =
  'Russian Foreign Minister Sergey Lavrov met his Pakistani counterpart, Bilawal Bhutto ' +
  'Zardari, "the young minister", in Goa\ton Thursday; they spoke of <trade> & energy.\r\n' +
  'Lavrov said: "a \\ backslash, a \'quote\' and a comma, all in one".\n';

export function buildSamples(formats) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-interop-'));
  const fixture = path.join(out, 'interop_fixture_en.txt');
  process.on('exit', () => fs.rmSync(out, { recursive: true, force: true }));
  fs.writeFileSync(fixture, FIXTURE);
  const stdout = execFileSync(kgBinary, ['build', '--format', formats, '--out', out, samplesDir,
                                         fixture], { encoding: 'utf8' });
  const nodes = Number(/^nodes: (\d+)/m.exec(stdout)[1]);
  const edges = Number(/^edges: (\d+)/m.exec(stdout)[1]);
  return { out, nodes, edges };
}

// The pairs asked about: one, two and three hops between people (named in three scripts), two
// countries linked through trade, and a pair kg finds no path for. Whatever kg answers
// (`kg path` on this build of the samples) is the expected answer.
export const PAIRS = [
  ['لافروف', 'Bilawal Bhutto Zardari'],
  ['Shah Mahmood Qureshi', 'बिलावल भुट्टो ज़रदारी'],
  ['Andrey Rudenko', 'Bilawal Bhutto Zardari'],
  ['Ukraine', 'Kuwait'],
  ['Donald Trump', 'Kuwait'], // no chain of facts joins these
];

// Relations and meetings only: `represents` (a person to their country) is weighted by kg so
// that it is a last resort, while a database's shortest path counts hops alike; without it
// kg's cheapest chain is also a chain with the fewest hops.
export const VIA = 'metwith,export,agreement,meeting';
// The roles that join a relation or meeting node to the entities it is about.
export const ROLES = ['participant', 'exporter', 'importer', 'commodity', 'party', 'attendee',
                      'location'];

// `kg path --json` on the graph: returns { from, to, chain } where chain alternates entity
// and relation keys [from, via1, x1, via2, ..., to], or chain null when kg finds no path.
export function kgPath(graph, from, to) {
  const r = spawnSync(kgBinary, ['path', '--json', '--via', VIA, graph, from, to],
                      { encoding: 'utf8' });
  if (r.status === 1 && /no path between/.test(r.stderr))
    return { from: kgKey(graph, from), to: kgKey(graph, to), chain: null };
  if (r.status !== 0) throw new Error(`kg path ${from} ${to} failed (${r.status}): ${r.stderr}`);
  const answer = JSON.parse(r.stdout);
  const chain = [answer.from.key];
  for (const hop of answer.hops) {
    if (!hop.via) throw new Error(`kg path hop without a relation node: ${JSON.stringify(hop)}`);
    chain.push(hop.via, hop.to.key);
  }
  return { from: answer.from.key, to: answer.to.key, chain };
}

// The node key kg resolves a name to: the first word of `kg explain`.
export function kgKey(graph, name) {
  const out = execFileSync(kgBinary, ['explain', graph, name], { encoding: 'utf8' });
  return out.split(/\s/, 1)[0];
}

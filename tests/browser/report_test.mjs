// Browser test of the page `kg build --html` writes, in Debian's chromium driven by
// playwright-core. The graph is built from samples/ plus an article full of markup
// (hostile_article.txt); the page must load with no request but its own file, run none of
// that markup, show an edge's evidence on a click, find Lavrov and لافروف as one node, and
// answer a path question exactly as `kg path --json` does.
// usage: node report_test.mjs KG_BINARY SOURCE_DIR WORK_DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [kg, sourceDir, workDir] = process.argv.slice(2);
if (!kg || !sourceDir || !workDir) {
  console.error('usage: node report_test.mjs KG_BINARY SOURCE_DIR WORK_DIR');
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok    ${what}`);
  } else {
    failed += 1;
    console.log(`FAIL  ${what}${detail ? `\n      ${detail}` : ''}`);
  }
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// ---- The graph and the page, from the samples and the hostile article.
fs.rmSync(workDir, { recursive: true, force: true });
fs.mkdirSync(workDir, { recursive: true });
const articles = path.join(workDir, 'articles');
fs.mkdirSync(articles);
for (const f of fs.readdirSync(path.join(sourceDir, 'samples')).filter((f) => f.endsWith('.txt')))
  fs.copyFileSync(path.join(sourceDir, 'samples', f), path.join(articles, f));
fs.copyFileSync(path.join(sourceDir, 'tests/browser/hostile_article.txt'), path.join(articles, 'hostile.txt'));
const out = path.join(workDir, 'out');
execFileSync(kg, ['build', '--quiet', '--html', '--out', out, articles], { stdio: 'inherit' });
const graphFile = path.join(out, 'graph.jsonld');
const pageFile = path.join(out, 'graph.html');
const pageUrl = pathToFileURL(pageFile).href;
const jsonld = JSON.parse(fs.readFileSync(graphFile, 'utf8'))['@graph'];
const byId = new Map(jsonld.map((n) => [n['@id'], n]));
const hostileSentences = jsonld
  .flatMap((n) => (n.evidence || []).map((e) => e.text || ''))
  .filter((t) => t.includes('<script>window.pwned=1</script>'));
check(hostileSentences.length > 0, 'the hostile article reached the graph as evidence');

// ---- The browser: nothing but the page's own file may be requested.
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const failedRequests = [];
  const otherRequests = [];
  const problems = [];
  page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    if (r.url() !== pageUrl) otherRequests.push(r.url());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(pageUrl, { waitUntil: 'load' });

  check(failedRequests.length === 0, 'no request failed', failedRequests.join('; '));
  check(otherRequests.length === 0, 'no request but the page itself', otherRequests.join('; '));
  check((await page.evaluate(() => typeof window.pwned)) === 'undefined', 'no markup from an article ran');
  check((await page.locator('#diagram svg g.node').count()) > 10, 'the diagram is drawn');
  check((await page.textContent('#summary')).includes('6 articles'), 'the summary counts six articles',
    await page.textContent('#summary'));

  // ---- A click on an edge shows its evidence, as the JSON-LD has it.
  const edgeIds = await page.$$eval('#diagram svg g.edge', (gs) => gs.map((g) => g.id));
  let clicked = 0;
  for (const id of edgeIds.slice(0, 40)) {
    await page.click(`[id="${id}"] text`);
    const key = await page.getAttribute('#details', 'data-key');
    const [from, role, to] = key.split(' ');
    const edge = (byId.get(`urn:kg:${from}`)?.edge || []).find((e) => e.role === role && e.target === `urn:kg:${to}`);
    const expected = (edge?.evidence || []).map((e) => e.text);
    const shown = await page.$$eval('#details .evidence .sentence', (s) => s.map((x) => x.textContent));
    if (!edge || !same(shown, expected)) {
      check(false, `edge ${id} (${key}) shows its evidence`, `shown ${JSON.stringify(shown)} expected ${JSON.stringify(expected)}`);
      break;
    }
    clicked += 1;
  }
  check(clicked === Math.min(40, edgeIds.length) && clicked > 0, `a click on each of ${clicked} edges shows its evidence sentences`);

  // ---- The hostile sentence shows as text, not as markup.
  await page.fill('#search', 'Lavrov');
  await page.press('#search', 'Enter');
  const lavrovKey = await page.getAttribute('#details', 'data-key');
  await page.fill('#search', 'لافروف');
  await page.press('#search', 'Enter');
  const arabicKey = await page.getAttribute('#details', 'data-key');
  check(lavrovKey === 'person:sergey-lavrov' && arabicKey === lavrovKey,
    'the search finds Lavrov and لافروف as the same node', `${lavrovKey} / ${arabicKey}`);
  const forms = await page.$$eval('#details .forms li span[dir]', (s) => s.map((x) => x.textContent));
  check(forms.some((f) => /لافروف/.test(f)) && forms.some((f) => /Lavrov/.test(f)),
    'his names show in Arabic script and in Latin', JSON.stringify(forms));
  const sentences = await page.$$eval('#details .evidence .sentence', (s) => s.map((x) => x.textContent));
  check(sentences.some((s) => s.includes('<script>window.pwned=1</script>')),
    'the article\'s <script> shows as text in his evidence');
  check((await page.locator('#details script, #details img').count()) === 0, 'no element was made from article text');
  const selected = await page.getAttribute('#diagram svg .selected', 'id');
  const lavrovIndex = await page.evaluate(() => JSON.parse(document.getElementById('kg-data').textContent)
    .nodes.findIndex((n) => n.key === 'person:sergey-lavrov'));
  check(selected === `n${lavrovIndex}`, 'the found node is highlighted in the diagram', `${selected}`);

  // ---- The path form answers what kg path --json answers.
  const pairs = [
    ['Lavrov', 'Bilawal Bhutto Zardari', []],
    ['لافروف', 'Pakistan', []],
    ['Lavrov', 'Pakistan', ['metwith', 'represents']],
    ['Lavrov', 'place:goa', []],  // a meeting's place: 'attended a meeting in'
    ['place:goa', 'Lavrov', []],
  ];
  const nodeKeys = jsonld.filter((n) => n['@type'] === 'Person').map((n) => n['@id'].slice('urn:kg:'.length));
  // And every person to the first, to cover long chains and pairs with no path.
  for (const key of nodeKeys.slice(1)) pairs.push([nodeKeys[0], key, []]);
  let agreed = 0;
  for (const [from, to, via] of pairs) {
    const args = ['path', '--json'];
    if (via.length) args.push('--via', via.join(','));
    args.push(graphFile, from, to);
    let cli = null;
    try {
      cli = JSON.parse(execFileSync(kg, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    } catch {
      cli = null;  // exit 1: no path
    }
    await page.fill('#path-from', from);
    await page.fill('#path-to', to);
    for (const box of await page.$$('#path-via input')) {
      const want = via.includes(await box.getAttribute('value'));
      if ((await box.isChecked()) !== want) await box.click();
    }
    await page.click('#path-go');
    const hops = await page.$$eval('#path-result .hops > li', (lis) => lis.map((li) => ({
      from: li.dataset.from,
      to: li.dataset.to,
      relation: li.dataset.relation,
      words: li.dataset.words,
      via: li.dataset.via,
      evidence: [...li.querySelectorAll('.sentence')].map((s) => s.textContent),
    })));
    const expected = cli === null ? [] : cli.hops.map((h) => ({
      from: h.from.key, to: h.to.key, relation: h.relation, words: h.words, via: h.via,
      evidence: h.evidence.map((e) => e.sentence),
    }));
    const pageSaysNone = (await page.getAttribute('#path-result', 'data-hops')) === 'none';
    if (same(hops, expected) && (cli !== null || pageSaysNone)) {
      agreed += 1;
    } else {
      check(false, `path ${from} -> ${to} ${via.join(',')} as kg path`,
        `page ${JSON.stringify(hops).slice(0, 400)}\n      cli ${JSON.stringify(expected).slice(0, 400)}`);
    }
  }
  check(agreed === pairs.length, `the path form agrees with kg path --json on ${agreed} of ${pairs.length} pairs`);

  await page.screenshot({ path: path.join(workDir, 'report.png') });
  check(problems.length === 0, 'no script error or warning in the console', problems.join('; '));
  check((await page.evaluate(() => typeof window.pwned)) === 'undefined', 'still no markup from an article ran');
} finally {
  await browser.close();
}

console.log(`\nbrowser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// The peer on the same text: compromise (a rule-based English NLP library) on the English
// articles of a bench/gen_corpus corpus. For each article it tags the text and lists people,
// places and organisations, the part of kg's work compromise can do. Prints one line of JSON:
// articles, bytes, seconds, MB/s, and how many names it found.
//   node bench/peers/compromise_bench.js corpus/corpus-0000.jsonl ...
'use strict';
const fs = require('fs');
const readline = require('readline');
const nlp = require('compromise');

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node compromise_bench.js FILE.jsonl...');
    process.exit(2);
  }
  let articles = 0, bytes = 0, names = 0, seconds = 0;
  for (const f of files) {
    const lines = readline.createInterface({input: fs.createReadStream(f), crlfDelay: Infinity});
    for await (const line of lines) {
      if (!line.trim()) continue;
      const a = JSON.parse(line);
      if (!String(a.id).startsWith('en-')) continue;  // the English articles only
      const t0 = process.hrtime.bigint();
      const doc = nlp(a.text);
      names += doc.people().length + doc.places().length + doc.organizations().length;
      seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      articles += 1;
      bytes += Buffer.byteLength(a.text, 'utf8');
    }
  }
  console.log(JSON.stringify({peer: 'compromise', articles, bytes, seconds,
                              mb_per_s: bytes / 1e6 / seconds, names}));
}

main();

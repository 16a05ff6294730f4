// readability-bench.js
//
// Copyright 2026 The Lectern authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Mozilla Readability.js on jsdom over the pages of a list file (one path per
// line, optionally followed by a tab and the page's URL), the same list that
// `lectern-extract --batch` reads. Writes <out-dir>/<name>.html when an output
// directory is given, and prints the time and pages per second on stderr.
//
//   node readability-bench.js LIST [OUT-DIR]

'use strict';

const fs = require('fs');
const path = require('path');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const [list, outDir] = process.argv.slice(2);
if (!list) {
  console.error('usage: node readability-bench.js LIST [OUT-DIR]');
  process.exit(2);
}

const entries = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean).map(line => {
  const [file, url] = line.split('\t');
  return { file, url: url || 'http://localhost/' };
});

if (outDir)
  fs.mkdirSync(outDir, { recursive: true });

const escape = s => (s || '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const virtualConsole = new VirtualConsole();
let failed = 0;
let extractNs = 0n;
const start = process.hrtime.bigint();

for (const { file, url } of entries) {
  const html = fs.readFileSync(file, 'utf8');
  const t = process.hrtime.bigint();
  let article = null;
  try {
    const dom = new JSDOM(html, { url, virtualConsole });
    article = new Readability(dom.window.document).parse();
    dom.window.close();
  } catch (e) {
    article = null;
  }
  extractNs += process.hrtime.bigint() - t;

  if (!article) {
    failed++;
    continue;
  }
  if (outDir) {
    const name = path.basename(file).replace(/\.[^.]*$/, '') + '.html';
    fs.writeFileSync(path.join(outDir, name),
      `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>${escape(article.title)}</title>\n` +
      `</head>\n<body>\n${article.content}\n</body>\n</html>\n`);
  }
}

const total = Number(process.hrtime.bigint() - start) / 1e9;
console.error(`${entries.length} pages, ${failed} failed, ${total.toFixed(3)} s in all, ` +
              `${(Number(extractNs) / 1e9).toFixed(3)} s extracting, ` +
              `${(entries.length / total).toFixed(1)} pages/s`);

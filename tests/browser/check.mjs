// Opens every page of a site crt publish wrote in headless Chromium and fails
// on any axe-core violation at WCAG 2.1 A/AA, any console error or failed
// load, any broken or non-relative link, and any chart without a visible
// mark. Saves a full-page screenshot of each page at a phone width and a
// desktop width.
// Usage: node check.mjs SITE_DIR SCREENSHOT_DIR
import { createServer } from 'node:http';
import { readFile, readdir, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [site, shots] = process.argv.slice(2);
if (!site || !shots) {
  console.error('usage: node check.mjs SITE_DIR SCREENSHOT_DIR');
  process.exit(2);
}
const root = path.resolve(site);
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const widths = [{ name: 'phone', width: 390, height: 844 }, { name: 'desktop', width: 1280, height: 900 }];
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.csv': 'text/csv', '.json': 'application/json' };

async function pages(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await pages(full)));
    else if (entry.name.endsWith('.html')) found.push(path.relative(root, full));
  }
  return found.sort();
}

// The site as a static host serves it, from 127.0.0.1 only.
const server = createServer(async (request, response) => {
  const file = path.join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname));
  try {
    if (!file.startsWith(root + path.sep)) throw new Error('outside');
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404);
    response.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const failures = [];
let checks = 0;
function check(ok, message) {
  checks += 1;
  if (!ok) failures.push(message);
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
try {
  await mkdir(shots, { recursive: true });
  const list = await pages(root);
  check(list.length > 0, `no pages in ${root}`);
  for (const page of list) {
    const tab = await browser.newPage();
    const problems = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('requestfailed', (request) => problems.push(`failed to load ${request.url()}`));
    tab.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
    });
    await tab.setViewport({ width: widths[1].width, height: widths[1].height });
    const response = await tab.goto(base + page, { waitUntil: 'load' });
    check(response && response.ok(), `${page}: did not load`);

    // Every link and resource is relative and leads to a file of the site
    // (or, for #fragment, to an element of the page).
    const links = await tab.$$eval('[href], [src]', (elements) =>
      elements.map((e) => e.getAttribute('href') ?? e.getAttribute('src')));
    for (const link of links) {
      if (link === 'data:,') continue; // the empty icon, so no browser asks for /favicon.ico
      check(!/^([a-z][a-z0-9+.-]*:|\/)/i.test(link), `${page}: link ${link} is not relative`);
      if (link.startsWith('#')) {
        const id = decodeURIComponent(link.slice(1));
        check(await tab.$(`[id="${id}"]`) !== null, `${page}: link ${link} leads nowhere in the page`);
        continue;
      }
      const target = path.join(path.dirname(path.join(root, page)), link.split('#')[0]);
      const found = await stat(target).then((s) => s.isFile(), () => false);
      check(found, `${page}: link ${link} is broken`);
    }

    // Every chart draws something: some mark of it is on screen.
    const charts = await tab.$$eval('svg.chart', (svgs) => svgs.map((svg) => {
      let visible = 0;
      for (const mark of svg.querySelectorAll('.mark')) {
        const box = mark.getBoundingClientRect();
        const style = getComputedStyle(mark);
        if (box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
            && Number(style.opacity) > 0) visible += 1;
      }
      return { visible, named: Boolean(svg.getAttribute('aria-labelledby')) };
    }));
    charts.forEach((chart, i) => {
      check(chart.visible > 0, `${page}: chart ${i + 1} renders empty`);
      check(chart.named, `${page}: chart ${i + 1} has no text alternative`);
    });

    await tab.addScriptTag({ content: axeSource });
    for (const size of widths) {
      await tab.setViewport({ width: size.width, height: size.height });
      const result = await tab.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }));
      for (const violation of result.violations) {
        const where = violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join('; ');
        check(false, `${page} at ${size.width}px: ${violation.id}: ${violation.help} (${where})`);
      }
      checks += 1;
      const name = page.replace(/\.html$/, '').replaceAll('/', '-');
      await tab.screenshot({ path: path.join(shots, `${name}-${size.name}.png`), fullPage: true });
    }
    // Readable with JavaScript off: the same heading and tables are there.
    const plain = await browser.newPage();
    await plain.setJavaScriptEnabled(false);
    await plain.goto(base + page, { waitUntil: 'load' });
    const shown = await plain.$$eval('main h1, main table', (elements) => elements.length);
    const withScripts = await tab.$$eval('main h1, main table', (elements) => elements.length);
    check(shown > 0 && shown === withScripts, `${page}: reads differently with JavaScript off`);
    await plain.close();
    for (const problem of problems) check(false, `${page}: ${problem}`);
    checks += 1;
    await tab.close();
  }
  console.log(`${list.length} pages checked at ${widths.map((w) => `${w.width}px`).join(' and ')}; screenshots in ${shots}`);
} finally {
  await browser.close();
  server.close();
}
for (const failure of failures) console.error(`FAIL: ${failure}`);
console.log(`${checks - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);

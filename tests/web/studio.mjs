// The studio's browser test, run by tests/t_serve.sh: drives the page of a
// running `placard serve` in Debian's headless Chromium through
// playwright-core, as an organiser would: fill an Arabic–English event,
// watch the preview change, download the PDF (and the data as YAML).
// Prints "ok NAME" / "FAIL NAME: why" lines; the shell script checks the
// downloaded PDF with pdfinfo, pdffonts and zbarimg.
//
// usage: node studio.mjs URL OUTDIR [SCREENSHOT.png]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [url, outdir, shot] = process.argv.slice(2);
const ok = (name) => console.log(`ok ${name}`);
const fail = (name, why) => console.log(`FAIL ${name}: ${String(why).split('\n')[0]}`);
const check = (name, cond, why) => (cond ? ok(name) : fail(name, why));

const EVENT = {
  lang: 'en',
  title: 'Defend Jerusalem',
  subtitle: 'For return and liberation',
  body: 'Rally and march through the city.\n\nBring flags and friends.',
  date: '2021-05-15',
  time: '15:00',
  end_time: '18:00',
  venue: 'Oranienplatz',
  city: 'Berlin',
  url: 'https://example.org/events/berlin-2021?ref=studio',
  organizer: 'Example Network',
  second_lang: 'ar',
  ar: { title: 'دافعوا عن القدس', subtitle: 'من أجل العودة والتحرير', venue: 'ساحة أورانين', city: 'برلين' },
};

// A fresh profile each run (playwright takes it as userDataDir).
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(outdir, 'chromium-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  acceptDownloads: true,
  viewport: { width: 1360, height: 1000 },
  timeout: 60000,
});
try {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // (a refused request is logged by Chromium too: the test makes some on purpose)
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.setDefaultTimeout(20000);

  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  ok('page loads and reads the layouts');

  // Every text box lets the browser pick its direction (Arabic in, Arabic right).
  const noAuto = await page.$$eval('input:not([type]), input[type=url], textarea',
    (els) => els.filter((e) => e.getAttribute('dir') !== 'auto').map((e) => e.id || e.dataset.tr));
  check('text fields have dir="auto"', noAuto.length === 0, `without: ${noAuto.join(', ')}`);

  // A bilingual layout when there is one (read from the page, not assumed).
  const layouts = await page.$$eval('#o-layout option', (os) => os.map((o) => ({ v: o.value, t: o.textContent })));
  const want = layouts.find((l) => l.v === 'poster-bilingual-a3') || layouts.find((l) => l.v === 'flyer-a5');
  await page.selectOption('#o-layout', want.v);
  const m = /([\d.]+) × ([\d.]+) mm/.exec(want.t);
  fs.writeFileSync(path.join(outdir, 'layout.txt'), `${want.v} ${Math.round(m[1])}x${Math.round(m[2])}\n`);

  for (const k of ['lang', 'title', 'subtitle', 'body', 'venue', 'city', 'url', 'organizer'])
    await page.fill(`#f-${k}`, EVENT[k]);
  await page.fill('#f-date', EVENT.date);
  await page.fill('#f-time', EVENT.time);
  await page.fill('#f-end_time', EVENT.end_time);
  await page.fill('#f-second_lang', EVENT.second_lang);
  const block = page.locator('#tr-blocks fieldset.tr').first();
  check('the second language names the translation', (await block.locator('.tr-lang').inputValue()) === 'ar',
    'translation block language was not filled in');
  for (const [k, v] of Object.entries(EVENT.ar)) await block.locator(`[data-tr="${k}"]`).fill(v);

  // The preview arrives shortly after typing stops.
  await page.waitForFunction(() => document.querySelector('#preview').dataset.version
    && document.querySelector('#status').textContent.startsWith('Up to date'));
  const first = await page.$eval('#preview', (i) => ({ src: i.src, w: i.naturalWidth, h: i.naturalHeight }));
  check('a preview PNG is shown', first.src.startsWith('data:image/png;base64,') && first.w > 300,
    `src ${first.src.slice(0, 30)}, ${first.w}×${first.h}`);
  fs.writeFileSync(path.join(outdir, 'preview-1.png'), Buffer.from(first.src.split(',')[1], 'base64'));
  const findings = await page.$$eval('#findings li', (lis) => lis.map((l) => l.textContent));
  check('preflight findings are listed in words', findings.length > 0 && findings[0].length > 10, findings.join(' | '));

  // Change the title: the preview follows.
  await page.fill('#f-title', 'Defend Jerusalem — Berlin');
  await page.waitForFunction((old) => document.querySelector('#preview').src !== old
    && document.querySelector('#status').textContent.startsWith('Up to date'), first.src);
  const second = await page.$eval('#preview', (i) => i.src);
  check('the preview changes after an edit', second !== first.src, 'same image');
  fs.writeFileSync(path.join(outdir, 'preview-2.png'), Buffer.from(second.split(',')[1], 'base64'));

  // A mistake is shown in words next to the preview, on the field.
  await page.fill('#f-url', 'javascript:alert(1)');
  await page.waitForFunction(() => document.querySelector('#status').classList.contains('error'));
  const err = await page.textContent('#status');
  const bad = await page.getAttribute('#f-url', 'aria-invalid');
  check('a bad URL is explained and marked', /url|address|scheme|http/i.test(err) && bad === 'true', `status: ${err}; aria-invalid=${bad}`);
  await page.fill('#f-url', EVENT.url);
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Up to date'));

  // A logo through the picture button; the preview follows again.
  const before = await page.$eval('#preview', (i) => i.src);
  await page.setInputFiles('#logo-file', path.resolve('assets/examples/logo.svg'));
  await page.waitForFunction(() => /logo\.svg/.test(document.querySelector('#logo-name').textContent));
  await page.waitForFunction((old) => document.querySelector('#preview').src !== old
    && document.querySelector('#status').textContent.startsWith('Up to date'), before);
  ok('a logo upload shows in the preview');

  if (shot) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot, fullPage: false });
  }

  // Downloads: the PDF and the data.
  for (const [button, file] of [['#dl-pdf', 'studio.pdf'], ['#dl-yaml', 'studio.yaml'], ['#dl-print', 'studio-print.pdf']]) {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    await dl.saveAs(path.join(outdir, file));
    check(`download ${button.slice(4)} (${dl.suggestedFilename()})`, fs.statSync(path.join(outdir, file)).size > 200, 'empty file');
  }

  // Opening the saved data fills the form again.
  await page.fill('#f-title', '');
  await page.setInputFiles('#open-file', path.join(outdir, 'studio.yaml'));
  await page.waitForFunction(() => document.querySelector('#f-title').value !== '');
  const back = {
    title: await page.inputValue('#f-title'),
    date: await page.inputValue('#f-date'),
    ar: await page.locator('#tr-blocks fieldset.tr').first().locator('[data-tr="title"]').inputValue(),
  };
  check('opening the saved YAML fills the form', back.title === 'Defend Jerusalem — Berlin'
    && back.date === EVENT.date && back.ar === EVENT.ar.title, JSON.stringify(back));

  // A campaign: events added, one removed, one moved up; a schedule layout
  // previews them all on one page and the PDF lists them.
  if (layouts.some((l) => l.v === 'schedule-poster-a3')) {
    await page.selectOption('#o-layout', 'schedule-poster-a3');
    const evs = [['Vigil', '2021-05-16', '18:00', 'Toulouse'], ['March', '2021-05-15', '14:00', 'Madrid'],
      ['Gone', '2021-05-17', '10:00', 'Nowhere']];
    for (const [title, date, time, city] of evs) {
      await page.click('#add-ev');
      const li = page.locator('#ev-list li.ev').last();
      await li.locator('[data-ev="title"]').fill(title);
      await li.locator('[data-ev="date"]').fill(date);
      await li.locator('[data-ev="time"]').fill(time);
      await li.locator('[data-ev="city"]').fill(city);
      await li.locator('[data-ev="url"]').fill(`https://example.org/e/${city.toLowerCase()}`);
    }
    await page.locator('#ev-list li.ev').nth(2).locator('.ev-remove').click();
    await page.locator('#ev-list li.ev').nth(1).locator('.ev-up').click();
    const order = await page.$$eval('#ev-list [data-ev="title"]', (els) => els.map((e) => e.value));
    check('events are added, removed and moved up', order.join(',') === 'March,Vigil', order.join(','));
    const was = await page.$eval('#preview', (i) => i.src);
    await page.waitForFunction((old) => document.querySelector('#preview').src !== old
      && document.querySelector('#status').textContent.startsWith('Up to date'), was);
    const sched = await page.$eval('#preview', (i) => i.src);
    fs.writeFileSync(path.join(outdir, 'preview-schedule.png'), Buffer.from(sched.split(',')[1], 'base64'));
    ok('a schedule preview is shown');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-pdf')]);
    await dl.saveAs(path.join(outdir, 'studio-schedule.pdf'));
    check('download the schedule PDF', fs.statSync(path.join(outdir, 'studio-schedule.pdf')).size > 200, 'empty file');
  }

  check('no script errors on the page', errors.length === 0, errors.join(' | '));
} catch (e) {
  fail('browser session', e.message);
} finally {
  await ctx.close();
}

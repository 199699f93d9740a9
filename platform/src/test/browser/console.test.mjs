// Browser test of the staff console (issue 5 item 7), started by ConsoleBrowserIT with a running
// platform. Drives Debian's Chromium through playwright-core; publishes device events with MQTT.js;
// puts a TCP proxy between the browser and the platform so that "the server goes away" can be
// played without stopping the platform. Exits 0 when every check passed.
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import mqtt from 'mqtt';

const env = (k) => { const v = process.env[k]; if (!v) throw new Error('missing ' + k); return v; };
const PLATFORM_PORT = Number(env('PLATFORM_PORT'));
const TOKEN = env('TOKEN_A');
const MQTT_URL = env('MQTT_URL').replace(/^tcp:/, 'mqtt:');
const SHOTS = env('SCREENSHOTS');
fs.mkdirSync(SHOTS, { recursive: true });

let step = 'start';
const log = (...a) => console.log(new Date().toISOString(), ...a);
function check(cond, what) { if (!cond) throw new Error('check failed: ' + what); log('ok:', what); }

// --- a TCP proxy the test can cut and restore ---
const sockets = new Set();
let server;
function listen(port) {
  return new Promise((resolve, reject) => {
    server = net.createServer((client) => {
      const upstream = net.connect(PLATFORM_PORT, '127.0.0.1');
      sockets.add(client); sockets.add(upstream);
      client.pipe(upstream); upstream.pipe(client);
      const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on('error', drop); upstream.on('error', drop); client.on('close', drop); upstream.on('close', drop);
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}
function cut() {
  return new Promise((resolve) => { server.close(() => resolve()); sockets.forEach((s) => s.destroy()); sockets.clear(); });
}

// --- MQTT: the devices, and the reassure command they receive ---
const broker = await mqtt.connectAsync(MQTT_URL, { clientId: 'browser-it-' + process.pid, protocolVersion: 5, clean: true });
const commands = [];
broker.on('message', (topic, payload) => commands.push({ topic, text: payload.toString() }));
await broker.subscribeAsync('anxin/v1/fa/fa-pb-1/cmd', { qos: 1 });
let seqA = 1000; let seqB = 1000;
const publish = (facility, dev, type, seq) => broker.publishAsync(
  `anxin/v1/${facility}/${dev}/event`, JSON.stringify({ v: 1, dev, seq, type }), { qos: 1 });

const proxyPort = await listen(0);
const BASE = `http://127.0.0.1:${proxyPort}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required'],
});
const page = await browser.newPage({ viewport: { width: 412, height: 915 }, locale: 'zh-CN' });
page.on('console', (m) => { if (m.type() === 'error') log('browser console:', m.text()); });
const shot = (name) => page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });

try {
  step = 'log in';
  await page.goto(BASE + '/console/');
  await page.locator('#token').fill(TOKEN);
  await page.locator('#login-form button[type=submit]').click();
  await page.locator('#empty').waitFor({ state: 'visible', timeout: 10000 });
  check(await page.locator('#empty').innerText() === '没有未处理的警报', 'board shown in zh-CN after login');
  await page.waitForFunction(() => document.querySelector('#banner').hidden === true);
  // the stream is open: the server counts it; give the EventSource its open event
  await page.waitForTimeout(0);

  step = 'another facility\'s alert is not shown';
  await publish('fb', 'fb-pb-1', 'panic', seqB++);

  step = 'a fall appears within 2 s';
  const t0 = Date.now();
  await publish('fa', 'fa-pb-1', 'fall', seqA++);
  const card = page.locator('.alert[data-state=open]').first();
  await card.waitFor({ state: 'visible', timeout: 2000 });
  const shownAfter = Date.now() - t0;
  check(shownAfter <= 2000, `fall shown ${shownAfter} ms after publishing`);
  check((await card.innerText()).includes('跌倒'), 'the card says 跌倒 (fall)');
  check((await card.innerText()).includes('Home A'), 'the card names the facility');
  check(await page.evaluate(() => window.anxinChimes >= 1), 'a P1 chime was played');
  await shot('1-fall-shown');
  check(await page.locator('.alert').count() === 1, 'only the caregiver\'s own facility is on the board');
  check(!(await page.locator('#alerts').innerText()).includes('Home B'), 'Home B never appears');

  step = 'acknowledge in one tap';
  await card.locator('button[data-action=ack]').click();
  await page.locator('.alert[data-state=acknowledged]').first().waitFor({ timeout: 5000 });
  await shot('2-acknowledged');
  const deadline = Date.now() + 10000;
  while (!commands.some((c) => c.text.includes('"reassure"')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  check(commands.some((c) => c.text.includes('"reassure"')), 'the device received reassure');

  step = 'connection lost';
  await cut();
  await page.locator('#banner').waitFor({ state: 'visible', timeout: 10000 });
  check((await page.locator('#banner').innerText()).includes('连接中断'), 'the lost-connection banner shows');
  await shot('3-connection-lost');
  await publish('fa', 'fa-pb-1', 'panic', seqA++); // happens while the console is cut off
  await page.waitForTimeout(500);
  check(await page.locator('.alert').count() === 1, 'nothing new reached the cut-off console');

  step = 'catch up after reconnecting';
  await listen(proxyPort);
  await page.locator('.alert[data-state=open]').first().waitFor({ timeout: 15000 });
  await page.locator('#banner').waitFor({ state: 'hidden', timeout: 15000 });
  check((await page.locator('.alert[data-state=open]').first().innerText()).includes('紧急呼叫'), 'the panic pressed during the outage is on the board');
  check(await page.locator('.alert').count() === 2, 'both alerts are on the board');
  await shot('4-caught-up');

  step = 'resolve with an outcome in two taps';
  await page.locator('.alert[data-state=acknowledged] button[data-action=resolve]').click();
  await page.locator('#resolve-dialog button[value=assisted]').click();
  await page.locator('.alert[data-state=resolved]').first().waitFor({ timeout: 5000 });
  check((await page.locator('.alert[data-state=resolved]').first().innerText()).includes('已协助'), 'resolved as assisted');

  step = 'English';
  await page.locator('#lang').click();
  check((await page.locator('.alert[data-state=open] button[data-action=ack]').innerText()) === "I'm going", 'English labels');
  await shot('5-english');

  step = 'device health view';
  await page.locator('#tab-devices').click();
  await page.locator('#device-rows tr[data-device="fa-pb-1"]').waitFor({ timeout: 5000 });
  check((await page.locator('#device-rows tr[data-device="fa-pb-1"]').innerText()).includes('online'), 'the panic button is online');
  await shot('6-devices');
  log('all checks passed');
} catch (e) {
  log('FAILED at step "' + step + '":', e.message);
  await shot('failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
  await broker.endAsync();
  server.close();
}

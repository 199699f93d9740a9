// Anxin staff console: live alert board over Server-Sent Events, one-tap acknowledge, two-tap
// resolve, P1 chime, reconnect with catch-up, zh-CN / English. No framework, no CDN.
'use strict';

const TEXT = {
  'zh-CN': {
    title: '安心 · 值班看板', board: '警报', residents: '住户', devices: '设备', logout: '退出',
    lost: '连接中断，正在重新连接…', tokenLabel: '访问令牌', login: '登录', badToken: '令牌无效或已撤销',
    noAlerts: '没有未处理的警报', room: '房间', resident: '住户', care: '照护标记', openAlerts: '警报',
    device: '设备', kind: '类型', status: '状态', battery: '电量', lastSeen: '最后上报',
    online: '在线', offline: '离线', never: '从未', ack: '我去处理', resolve: '结案',
    acknowledged: '已响应', resolved: '已结案', open: '待响应', by: '由', step: '升级级别',
    resolveTitle: '处理结果', assisted: '已协助', false_alarm: '误报', cancelled_by_resident: '住户已取消',
    transferred_to_hospital: '已送医', auto_cleared: '自动解除', other: '其他', cancel: '取消',
    soundOn: '🔔 提示音已开', soundOff: '🔇 开启提示音', delayed: '延迟', count: '次', allFacilities: '全部机构',
    failed: '操作失败', late: '迟到',
    rules: { panic: '紧急呼叫', fall: '跌倒', night_exit: '夜间外出', door_left_open: '门未关', not_back_in_bed: '离床未归',
      inactivity: '长时间无活动', device_silent: '设备失联', gateway_offline: '网关离线', battery_low: '电量低', tamper: '设备被拆' },
    care_flags: { wandering_risk: '走失风险', lives_alone: '独居', fall_risk: '跌倒风险' },
  },
  en: {
    title: 'Anxin · Night board', board: 'Alerts', residents: 'Residents', devices: 'Devices', logout: 'Log out',
    lost: 'Connection lost — reconnecting…', tokenLabel: 'Access token', login: 'Log in', badToken: 'Unknown or revoked token',
    noAlerts: 'No open alerts', room: 'Room', resident: 'Resident', care: 'Care flags', openAlerts: 'Alerts',
    device: 'Device', kind: 'Kind', status: 'Status', battery: 'Battery', lastSeen: 'Last seen',
    online: 'online', offline: 'offline', never: 'never', ack: "I'm going", resolve: 'Resolve',
    acknowledged: 'acknowledged', resolved: 'resolved', open: 'open', by: 'by', step: 'escalation step',
    resolveTitle: 'Outcome', assisted: 'Assisted', false_alarm: 'False alarm', cancelled_by_resident: 'Cancelled by resident',
    transferred_to_hospital: 'To hospital', auto_cleared: 'Auto-cleared', other: 'Other', cancel: 'Cancel',
    soundOn: '🔔 Sound on', soundOff: '🔇 Enable sound', delayed: 'delayed', count: '×', allFacilities: 'All facilities',
    failed: 'Action failed', late: 'late',
    rules: { panic: 'Panic button', fall: 'Fall', night_exit: 'Night exit', door_left_open: 'Door left open', not_back_in_bed: 'Not back in bed',
      inactivity: 'Inactivity', device_silent: 'Device silent', gateway_offline: 'Gateway offline', battery_low: 'Battery low', tamper: 'Tamper' },
    care_flags: { wandering_risk: 'wandering risk', lives_alone: 'lives alone', fall_risk: 'fall risk' },
  },
};

const state = {
  lang: localStorage.getItem('anxin.lang') || 'zh-CN',
  token: localStorage.getItem('anxin.token'),
  alerts: new Map(),
  me: null,
  facility: '',
  source: null,
  sound: false,
  audio: null,
  view: 'board',
};
const $ = (id) => document.getElementById(id);
const t = (k) => TEXT[state.lang][k] ?? k;
const SEVERITY = { P1: 0, P2: 1, P3: 2 };

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $('lang').textContent = state.lang === 'zh-CN' ? 'English' : '中文';
  $('sound').textContent = state.sound ? t('soundOn') : t('soundOff');
  document.title = t('title');
  renderFacilities();
  render();
}

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { Authorization: 'Bearer ' + state.token, 'Content-Type': 'application/json', ...(options.headers || {}) },
  });
  if (res.status === 401) { logout(t('badToken')); throw new Error('unauthorized'); }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail || res.statusText);
  return body;
}

function showLogin(message) {
  $('login').hidden = false;
  document.querySelectorAll('.view').forEach((v) => { v.hidden = true; });
  $('login-error').hidden = !message;
  $('login-error').textContent = message || '';
  $('token').focus();
}

function logout(message) {
  localStorage.removeItem('anxin.token');
  state.token = null;
  if (state.source) state.source.close();
  state.source = null;
  state.alerts.clear();
  $('banner').hidden = true;
  showLogin(message);
}

async function start() {
  $('login').hidden = true;
  try {
    state.me = await api('/api/v1/me');
  } catch (e) {
    if (state.token) { $('banner').hidden = false; setTimeout(start, 3000); }
    return;
  }
  $('banner').hidden = true;
  renderFacilities();
  show(state.view);
  await loadAlerts();
  connect();
}

function renderFacilities() {
  const sel = $('facility');
  if (!state.me) { sel.hidden = true; return; }
  sel.hidden = state.me.facilities.length < 2;
  sel.innerHTML = '';
  const all = new Option(t('allFacilities'), '');
  sel.add(all);
  state.me.facilities.forEach((f) => sel.add(new Option(f, f)));
  sel.value = state.facility;
}

async function loadAlerts() {
  const q = new URLSearchParams({ limit: '200', since: new Date(Date.now() - 12 * 3600e3).toISOString() });
  if (state.facility) q.set('facility', state.facility);
  const body = await api('/api/v1/alerts?' + q);
  state.alerts.clear();
  body.alerts.forEach((a) => state.alerts.set(a.id, a));
  render();
}

function connect() {
  if (state.source) state.source.close();
  const src = new EventSource('/api/v1/alerts/stream?access_token=' + encodeURIComponent(state.token));
  state.source = src;
  src.onopen = () => {
    if (!$('banner').hidden) { $('banner').hidden = true; loadAlerts().catch(() => {}); }
  };
  src.onerror = () => { $('banner').hidden = false; };
  ['alert.opened', 'alert.updated', 'alert.escalated', 'alert.acknowledged', 'alert.resolved'].forEach((name) => {
    src.addEventListener(name, (e) => {
      const a = JSON.parse(e.data);
      const before = state.alerts.get(a.id);
      if (before) a.escalationStep = Math.max(before.escalationStep || 0, a.escalationStep || 0, a.step || 0);
      else a.escalationStep = Math.max(a.escalationStep || 0, a.step || 0);
      if (state.facility && a.facility !== state.facility) return;
      state.alerts.set(a.id, a);
      if (name === 'alert.opened' && a.severity === 'P1') chime();
      render();
    });
  });
  src.addEventListener('reset', () => { loadAlerts().catch(() => {}); });
}

function sorted() {
  return [...state.alerts.values()]
    .filter((a) => a.state !== 'resolved' || Date.now() - Date.parse(a.resolvedAt) < 10 * 60e3)
    .sort((x, y) => (x.state === 'resolved') - (y.state === 'resolved')
      || SEVERITY[x.severity] - SEVERITY[y.severity]
      || Date.parse(x.openedAt) - Date.parse(y.openedAt));
}

function elapsed(since) {
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
  const h = Math.floor(s / 3600); const m = Math.floor((s % 3600) / 60); const sec = s % 60;
  return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(sec).padStart(2, '0');
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function render() {
  const list = $('alerts');
  const items = sorted();
  $('empty').hidden = items.some((a) => a.state !== 'resolved');
  list.replaceChildren(...items.map(card));
}

function card(a) {
  const li = el('li', 'alert ' + a.severity + ' ' + a.state);
  li.dataset.id = a.id;
  li.dataset.state = a.state;
  const left = el('div');
  const what = el('div', 'what');
  what.append(el('span', 'sev ' + a.severity, a.severity), (TEXT[state.lang].rules[a.rule] || a.rule) + (a.count > 1 ? ' ' + a.count + t('count') : ''));
  const where = el('div', 'where', [a.facilityName || a.facility, a.room, a.residentName || a.resident].filter(Boolean).join(' · '));
  const metaParts = [t(a.state)];
  if (a.state !== 'open' && (a.acknowledgedBy || a.resolvedBy)) metaParts.push(t('by') + ' ' + (a.resolvedBy || a.acknowledgedBy));
  if (a.outcome) metaParts.push(t(a.outcome));
  if (a.escalationStep > 1) metaParts.push(t('step') + ' ' + a.escalationStep);
  if (a.delayedMs > 0) metaParts.push(t('delayed') + ' ' + Math.round(a.delayedMs / 1000) + 's');
  left.append(what, where, el('div', 'meta', metaParts.join(' · ')));
  const clock = el('div', 'elapsed', elapsed(a.openedAt));
  clock.dataset.since = a.openedAt;
  li.append(left, clock);
  if (a.state !== 'resolved' && state.me && state.me.role !== 'bureau') {
    const actions = el('div', 'actions');
    if (a.state === 'open') {
      const ack = el('button', 'big ack', t('ack'));
      ack.dataset.action = 'ack';
      ack.onclick = () => act(a.id, 'ack');
      actions.append(ack);
    }
    const res = el('button', 'big', t('resolve'));
    res.dataset.action = 'resolve';
    res.onclick = () => askOutcome(a.id);
    actions.append(res);
    li.append(actions);
  }
  return li;
}

async function act(id, what, body) {
  try {
    const a = await api('/api/v1/alerts/' + encodeURIComponent(id) + '/' + what, { method: 'POST', body: body ? JSON.stringify(body) : undefined });
    const before = state.alerts.get(id);
    a.escalationStep = Math.max(a.escalationStep || 0, before ? before.escalationStep || 0 : 0);
    state.alerts.set(id, a);
    render();
  } catch (e) {
    alert(t('failed') + ': ' + e.message);
  }
}

function askOutcome(id) {
  const dialog = $('resolve-dialog');
  dialog.returnValue = '';
  dialog.onclose = () => { if (dialog.returnValue) act(id, 'resolve', { outcome: dialog.returnValue }); };
  dialog.showModal();
}

// --- sound: browsers allow audio only after a tap, so the first tap on the page unlocks it ---
function unlockAudio() {
  if (!state.audio) {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx) state.audio = new Ctx();
  }
  if (state.audio && state.audio.state === 'suspended') state.audio.resume();
  state.sound = !!state.audio;
  $('sound').textContent = state.sound ? t('soundOn') : t('soundOff');
}

function chime() {
  window.anxinChimes = (window.anxinChimes || 0) + 1;
  if (!state.sound || !state.audio) return;
  const now = state.audio.currentTime;
  [880, 660, 880].forEach((f, i) => {
    const o = state.audio.createOscillator(); const g = state.audio.createGain();
    o.frequency.value = f; o.type = 'square';
    g.gain.setValueAtTime(0.25, now + i * 0.25); g.gain.exponentialRampToValueAtTime(0.001, now + i * 0.25 + 0.22);
    o.connect(g).connect(state.audio.destination); o.start(now + i * 0.25); o.stop(now + i * 0.25 + 0.23);
  });
}

// --- residents and devices views ---
function currentFacility() { return state.facility || (state.me && state.me.facilities[0]) || ''; }

async function loadResidents() {
  const f = currentFacility(); if (!f) return;
  const body = await api('/api/v1/residents?facility=' + encodeURIComponent(f));
  const open = {};
  state.alerts.forEach((a) => { if (a.state !== 'resolved' && a.resident) open[a.resident] = (open[a.resident] || 0) + 1; });
  $('resident-rows').replaceChildren(...body.residents.map((r) => {
    const tr = el('tr');
    tr.append(el('td', '', r.room || ''), el('td', '', r.name || r.id),
      el('td', '', r.care.map((c) => TEXT[state.lang].care_flags[c] || c).join(', ')), el('td', open[r.id] ? 'offline' : '', String(open[r.id] || 0)));
    return tr;
  }));
}

async function loadDevices() {
  const f = currentFacility(); if (!f) return;
  const body = await api('/api/v1/devices?facility=' + encodeURIComponent(f));
  $('device-rows').replaceChildren(...body.devices.map((d) => {
    const tr = el('tr');
    tr.dataset.device = d.id;
    const status = el('td', d.online ? 'online' : 'offline', d.online ? t('online') : t('offline'));
    const bat = el('td', d.battery !== null && d.battery <= 15 ? 'low' : '', d.battery === null ? '–' : d.battery + '%');
    tr.append(el('td', '', d.id), el('td', '', d.kind), el('td', '', d.room || ''), status, bat,
      el('td', '', d.lastSeen ? new Date(d.lastSeen).toLocaleString(state.lang) : t('never')));
    return tr;
  }));
}

function show(view) {
  state.view = view;
  ['board', 'residents', 'devices'].forEach((v) => {
    $(v).hidden = v !== view;
    $('tab-' + v).classList.toggle('active', v === view);
  });
  if (view === 'residents') loadResidents().catch(() => {});
  if (view === 'devices') loadDevices().catch(() => {});
}

document.querySelectorAll('.tab').forEach((b) => { b.onclick = () => show(b.dataset.view); });
$('lang').onclick = () => { state.lang = state.lang === 'zh-CN' ? 'en' : 'zh-CN'; localStorage.setItem('anxin.lang', state.lang); applyLanguage(); };
$('sound').onclick = unlockAudio;
$('logout').onclick = () => logout();
$('facility').onchange = () => { state.facility = $('facility').value; loadAlerts().catch(() => {}); show(state.view); };
document.addEventListener('pointerdown', unlockAudio, { once: true });
$('login-form').onsubmit = (e) => {
  e.preventDefault();
  state.token = $('token').value.trim();
  localStorage.setItem('anxin.token', state.token);
  unlockAudio();
  start();
};
setInterval(() => { document.querySelectorAll('.elapsed').forEach((c) => { c.textContent = elapsed(c.dataset.since); }); }, 1000);

applyLanguage();
const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromLink) { state.token = fromLink; localStorage.setItem('anxin.token', fromLink); history.replaceState(null, '', location.pathname); }
if (state.token) start(); else showLogin();

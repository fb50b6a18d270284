// The compliance console. Every number shown comes from the compliance API this page calls with the
// token the person entered (kept in this tab's session storage, never in a URL). Data is written into the
// page as text nodes only (never as HTML), so nothing a record holds can run as markup.
'use strict';

const TOKEN_KEY = 'idgw-console-token';
const STATES = ['US-AL', 'US-AK', 'US-AZ', 'US-AR', 'US-CA', 'US-CO', 'US-CT', 'US-DE', 'US-DC', 'US-FL', 'US-GA',
  'US-HI', 'US-ID', 'US-IL', 'US-IN', 'US-IA', 'US-KS', 'US-KY', 'US-LA', 'US-ME', 'US-MD', 'US-MA', 'US-MI',
  'US-MN', 'US-MS', 'US-MO', 'US-MT', 'US-NE', 'US-NV', 'US-NH', 'US-NJ', 'US-NM', 'US-NY', 'US-NC', 'US-ND',
  'US-OH', 'US-OK', 'US-OR', 'US-PA', 'US-RI', 'US-SC', 'US-SD', 'US-TN', 'US-TX', 'US-UT', 'US-VT', 'US-VA',
  'US-WA', 'US-WV', 'US-WI', 'US-WY'];
const PAGES = ['shares', 'subject', 'disclosures', 'integrity', 'audit', 'preview'];

let session = null; // {name, roles}

// ---- small helpers -------------------------------------------------------------------------------------

function $(selector, root) { return (root || document).querySelector(selector); }

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

function say(id, text, kind) {
  const node = document.getElementById(id);
  node.textContent = text || '';
  node.className = 'status' + (kind ? ' ' + kind : '');
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

/** Calls the API with the token; a 401 signs out with a clear message. Resolves to the Response. */
async function api(path, options) {
  const opts = options || {};
  const headers = { 'Authorization': 'Bearer ' + token() };
  if (opts.accept) headers['Accept'] = opts.accept;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method: opts.method || 'GET', headers: headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body), cache: 'no-store' });
  if (response.status === 401) {
    signOut('Your token was not accepted (401). Sign in again.');
    throw new ApiError(401, 'not signed in');
  }
  if (!response.ok) {
    let detail = response.status + ' ' + response.statusText;
    try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch (e) { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  return response;
}

function ndjson(text) { return text.split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l)); }

/** A datetime-local value (taken as UTC) to ISO-8601, or null when empty. */
function isoOf(local) { return local ? new Date(local + 'Z').toISOString() : null; }

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type: type }));
  const a = el('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function short(hex) { return hex ? hex.slice(0, 12) + '…' : ''; }

function readableTime(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC') : ''; }

function fillStates() {
  for (const select of document.querySelectorAll('select.states')) {
    clear(select).appendChild(el('option', { value: '' }, 'any state'));
    for (const s of STATES) select.appendChild(el('option', { value: s }, s));
  }
}

// ---- sign-in and navigation ----------------------------------------------------------------------------

async function signIn(candidate) {
  const response = await fetch('/internal/v1/session', { headers: { 'Authorization': 'Bearer ' + candidate },
    cache: 'no-store' });
  if (response.status === 401) throw new ApiError(401, 'That token was not accepted. Check it and try again.');
  if (!response.ok) throw new ApiError(response.status, 'Sign-in failed (' + response.status + ').');
  const who = await response.json();
  if (!who.roles.includes('compliance') && !who.roles.includes('operator')) {
    throw new ApiError(403, 'This token has neither the compliance nor the operator role: it cannot use the console.');
  }
  sessionStorage.setItem(TOKEN_KEY, candidate);
  return who;
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  session = null;
  $('#nav').hidden = true;
  $('#sign-out').hidden = true;
  $('#who').textContent = '';
  for (const p of PAGES) { document.getElementById('page-' + p).hidden = true; }
  $('#page-sign-in').hidden = false;
  const error = $('#sign-in-error');
  error.textContent = message || '';
  error.hidden = !message;
}

function show(page) {
  if (!session) return;
  const allowed = PAGES.filter(p => p === 'preview' ? session.roles.includes('operator') : session.roles.includes('compliance'));
  const target = allowed.includes(page) ? page : allowed[0];
  $('#page-sign-in').hidden = true;
  for (const p of PAGES) document.getElementById('page-' + p).hidden = p !== target;
  for (const a of document.querySelectorAll('#nav a')) {
    a.hidden = !allowed.includes(a.dataset.page);
    a.classList.toggle('current', a.dataset.page === target);
  }
  const loader = LOADERS[target];
  if (loader) loader();
}

// ---- share log -------------------------------------------------------------------------------------------

const sharesState = { filter: null, cursors: [null], index: 0 };

function sharesFilter() {
  const f = new FormData($('#shares-form'));
  return { from: isoOf(f.get('from')), to: isoOf(f.get('to')), partner: f.get('partner').trim(),
    state: f.get('state'), device: f.get('device').trim() };
}

function sharesPath(filter, extra) {
  if (filter.device) {
    return '/compliance/v1/subjects/' + encodeURIComponent(filter.device) + '/shares'
      + query(Object.assign({ from: filter.from, to: filter.to }, extra));
  }
  return '/compliance/v1/shares' + query(Object.assign({ from: filter.from, to: filter.to, partner: filter.partner,
    state: filter.state }, extra));
}

/** A subject lookup has no server-side partner or state filter: those are applied here, and said so. */
function keep(filter, record) {
  if (!filter.device) return true;
  return (!filter.state || record.jurisdiction === filter.state)
    && (!filter.partner || record.recipients.some(r => r.partner === filter.partner));
}

async function loadShares() {
  const filter = sharesState.filter;
  const cursor = sharesState.cursors[sharesState.index];
  say('shares-status', 'Loading…');
  try {
    const response = await api(sharesPath(filter, { view: 'readable', limit: filter.device ? null : 50, cursor: cursor }));
    const records = ndjson(await response.text()).filter(r => keep(filter, r));
    const next = response.headers.get('X-Next-Cursor');
    const body = clear($('#shares-table tbody'));
    for (const r of records) {
      const recipients = el('ul', {}, r.recipients.map(p => el('li', {}, el('strong', {}, p.partner), ' (',
        p.role, '): ', p.identityFieldsSent.join(', '))));
      const signals = r.restrictingSignals.length === 0 ? 'none'
        : el('ul', {}, r.restrictingSignals.map(s => el('li', { title: s.meaning }, s.code, ': ', s.meaning)));
      body.appendChild(el('tr', {}, el('td', {}, readableTime(r.time)),
        el('td', {}, r.jurisdictionName + ' (' + r.jurisdiction + ')'), el('td', {}, recipients), el('td', {}, signals),
        el('td', {}, 'consent v' + r.consentRecordVersion + ', rules ' + r.jurisdictionRulesVersion),
        el('td', { class: 'mono', title: r.subjectPseudonym }, short(r.subjectPseudonym))));
    }
    $('#shares-table').hidden = records.length === 0;
    const page = sharesState.index + 1;
    say('shares-status', records.length === 0 ? 'No share records match this filter.'
      : records.length + (records.length === 1 ? ' record' : ' records') + (filter.device ? ' for this device' : ' on page ' + page)
        + (filter.device && (filter.state || filter.partner) ? ' (state and partner applied to the device\'s records)' : '')
        + '.');
    if (next && sharesState.cursors.length === sharesState.index + 1) sharesState.cursors.push(next);
    $('#shares-next').hidden = !next;
    $('#shares-prev').hidden = sharesState.index === 0;
    $('#shares-csv').disabled = false;
    $('#shares-ndjson').disabled = false;
  } catch (e) {
    if (e.status !== 401) say('shares-status', e.message, 'error');
  }
}

/** Every page of the filter, in one file: CSV rows for a spreadsheet, or the stored records to verify offline. */
async function downloadShares(csv) {
  const filter = sharesState.filter;
  say('shares-status', 'Preparing the download…');
  try {
    let cursor = null;
    let text = '';
    let first = true;
    do {
      const response = await api(sharesPath(filter, { limit: filter.device ? null : 10000, cursor: cursor }),
        { accept: csv ? 'text/csv' : 'application/x-ndjson' });
      let part = await response.text();
      if (csv && !first) part = part.slice(part.indexOf('\n') + 1); // one header
      text += part;
      first = false;
      cursor = filter.device ? null : response.headers.get('X-Next-Cursor');
    } while (cursor);
    download(csv ? 'shares.csv' : 'shares.ndjson', csv ? 'text/csv' : 'application/x-ndjson', text);
    say('shares-status', 'Downloaded.');
  } catch (e) {
    if (e.status !== 401) say('shares-status', e.message, 'error');
  }
}

// ---- subject report ----------------------------------------------------------------------------------------

async function buildSubjectReport() {
  const f = new FormData($('#subject-form'));
  const kind = f.get('kind');
  const id = f.get('id').trim();
  const from = f.get('from') ? f.get('from') + 'T00:00:00Z' : null;
  const to = f.get('to') ? new Date(Date.parse(f.get('to') + 'T00:00:00Z') + 86400000).toISOString() : null;
  const report = clear($('#subject-report'));
  $('#subject-print').disabled = true;
  say('subject-status', 'Looking up…');
  try {
    const path = (kind === 'account' ? '/compliance/v1/accounts/' : '/compliance/v1/subjects/')
      + encodeURIComponent(id) + '/shares' + query({ from: from, to: to, view: 'readable' });
    const records = ndjson(await (await api(path)).text());
    say('subject-status', '');
    renderSubjectReport(report, kind, id, from, to, records);
    $('#subject-print').disabled = false;
  } catch (e) {
    if (e.status !== 401) say('subject-status', e.message, 'error');
  }
}

function renderSubjectReport(report, kind, id, from, to, records) {
  const period = (from ? 'from ' + from.slice(0, 10) : 'from the start of the records') + ' '
    + (to ? 'to ' + new Date(Date.parse(to) - 1).toISOString().slice(0, 10) : 'to today');
  report.appendChild(el('h2', {}, 'Right-to-know report'));
  report.appendChild(el('p', {}, 'Subject: ', kind === 'account' ? 'account ' : 'device ', el('span', { class: 'mono' }, id),
    '. Period: ' + period + '. Prepared ' + readableTime(new Date().toISOString()) + '.'));
  if (records.length === 0) {
    report.appendChild(el('p', { class: 'lead', id: 'subject-summary' },
      'No personal information about this ' + kind + ' was sold, shared or disclosed to a partner in this period.'));
    return;
  }
  const byPartner = new Map();
  for (const r of records) {
    for (const p of r.recipients) {
      const entry = byPartner.get(p.partner) || { partner: p, times: [], fields: new Set(), categories: new Set(),
        bases: new Set(), rules: new Set(), consents: new Set(), states: new Set() };
      entry.times.push(r.time);
      p.identityFieldsSent.forEach(x => entry.fields.add(x));
      p.personalInformationCategories.forEach(x => entry.categories.add(x));
      entry.bases.add(p.legalBasisInWords);
      entry.rules.add(r.jurisdiction + ' rules of ' + r.jurisdictionRulesVersion);
      entry.consents.add(r.consentRecordVersion);
      entry.states.add(r.jurisdictionName);
      byPartner.set(p.partner, entry);
    }
  }
  report.appendChild(el('p', { class: 'lead', id: 'subject-summary' }, 'Personal information about this ' + kind
    + ' was disclosed ' + records.length + (records.length === 1 ? ' time' : ' times') + ' to ' + byPartner.size
    + (byPartner.size === 1 ? ' partner' : ' partners') + ' in this period.'));
  report.appendChild(el('h3', {}, 'Who received what, and why it was allowed'));
  const body = el('tbody');
  for (const e of [...byPartner.values()].sort((a, b) => a.partner.partner.localeCompare(b.partner.partner))) {
    e.times.sort();
    const why = [...e.bases].join('; ')
      + ' (consent record version ' + [...e.consents].join(', ') + '; ' + [...e.rules].join(', ') + ')';
    body.appendChild(el('tr', {}, el('td', {}, el('strong', {}, e.partner.partner), el('br'), e.partner.partnerCategory,
      el('br'), e.partner.role), el('td', {}, [...e.categories].join(', '), el('br'), 'fields: ', [...e.fields].join(', ')),
      el('td', { class: 'num' }, e.times.length), el('td', {}, readableTime(e.times[0]), ' to ',
        readableTime(e.times[e.times.length - 1])), el('td', {}, why)));
  }
  report.appendChild(el('table', { class: 'data', id: 'subject-partners' }, el('thead', {}, el('tr', {},
    el('th', {}, 'Partner'), el('th', {}, 'Categories of personal information'), el('th', { class: 'num' }, 'Times'),
    el('th', {}, 'When (UTC)'), el('th', {}, 'Why it was allowed'))), body));
  report.appendChild(el('h3', {}, 'Each disclosure'));
  const each = el('tbody');
  for (const r of records) {
    for (const p of r.recipients) {
      each.appendChild(el('tr', {}, el('td', {}, readableTime(r.time)), el('td', {}, p.partner),
        el('td', {}, p.identityFieldsSent.join(', ')), el('td', {}, r.jurisdictionName),
        el('td', {}, p.legalBasisInWords + ' (consent v' + r.consentRecordVersion + ', rules ' + r.jurisdictionRulesVersion + ')')));
    }
  }
  report.appendChild(el('table', { class: 'data' }, el('thead', {}, el('tr', {}, el('th', {}, 'Time (UTC)'),
    el('th', {}, 'Partner'), el('th', {}, 'Fields'), el('th', {}, 'State'), el('th', {}, 'Basis'))), each));
}

// ---- disclosures ---------------------------------------------------------------------------------------------

function monthRange(month) {
  const [y, m] = month.split('-').map(Number);
  return { from: new Date(Date.UTC(y, m - 1, 1)).toISOString(), to: new Date(Date.UTC(y, m, 1)).toISOString() };
}

function lastMonth() {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

function disclosuresPath() {
  const f = new FormData($('#disclosures-form'));
  const range = f.get('month') ? monthRange(f.get('month')) : {};
  return '/compliance/v1/disclosures' + query({ from: range.from, to: range.to, state: f.get('state') });
}

async function loadDisclosures() {
  say('disclosures-status', 'Loading…');
  try {
    const table = await (await api(disclosuresPath())).json();
    const body = clear($('#disclosures-table tbody'));
    const list = (recipients, key) => el('ul', {}, recipients.map(r => el('li', {}, r[key] + ' (' + r.count + ')')));
    const total = recipients => recipients.reduce((n, r) => n + r.count, 0);
    for (const c of table.categories) {
      body.appendChild(el('tr', {}, el('td', {}, c.piCategory), el('td', {}, list(c.soldOrSharedTo, 'thirdPartyCategory')),
        el('td', { class: 'num' }, total(c.soldOrSharedTo)), el('td', {}, list(c.disclosedTo, 'serviceProviderCategory')),
        el('td', { class: 'num' }, total(c.disclosedTo))));
    }
    $('#disclosures-table').hidden = table.categories.length === 0;
    say('disclosures-status', (table.categories.length === 0 ? 'Nothing was disclosed' : 'Disclosures')
      + ' in ' + table.stateName + ' from ' + readableTime(table.from) + (table.to ? ' to ' + readableTime(table.to) : '') + '.');
    $('#disclosures-csv').disabled = false;
  } catch (e) {
    if (e.status !== 401) say('disclosures-status', e.message, 'error');
  }
}

async function downloadDisclosures() {
  try {
    const response = await api(disclosuresPath(), { accept: 'text/csv' });
    const f = new FormData($('#disclosures-form'));
    download('disclosures-' + (f.get('state') || 'all') + '-' + (f.get('month') || 'all') + '.csv', 'text/csv',
      await response.text());
  } catch (e) {
    if (e.status !== 401) say('disclosures-status', e.message, 'error');
  }
}

// ---- integrity ------------------------------------------------------------------------------------------------

async function verifyNow() {
  say('verify-status', 'Verifying every writer\'s chain, checkpoints and archive…');
  const out = clear($('#verify-result'));
  try {
    const result = await (await api('/compliance/v1/verify')).json();
    say('verify-status', result.ok ? 'Verified: every entry is intact and in order.' : 'Verification FAILED.',
      result.ok ? 'ok' : 'failed');
    const body = el('tbody');
    for (const w of result.writers) {
      body.appendChild(el('tr', {}, el('td', {}, w.writer), el('td', { class: w.ok ? 'ok' : 'failed' }, w.ok ? 'intact' : 'failed'),
        el('td', { class: 'num' }, w.entries), el('td', { class: 'num' }, w.checkpoints),
        el('td', { class: 'failure' }, w.failure ? w.failure.explanation + ' (' + w.failure.kind + ' at sequence '
          + w.failure.seq + ')' : '')));
    }
    out.appendChild(el('table', { class: 'data', id: 'verify-table' }, el('thead', {}, el('tr', {}, el('th', {}, 'Writer'),
      el('th', {}, 'Result'), el('th', { class: 'num' }, 'Entries checked'), el('th', { class: 'num' }, 'Checkpoints checked'),
      el('th', {}, 'First failure'))), body));
  } catch (e) {
    if (e.status !== 401) say('verify-status', e.message, 'error');
  }
}

async function loadIntegrity() {
  try {
    const checkpoints = ndjson(await (await api('/compliance/v1/checkpoints')).text());
    const newest = new Map();
    for (const c of checkpoints) {
      if (!newest.has(c.w) || Number(c.seq) > Number(newest.get(c.w).seq)) newest.set(c.w, c);
    }
    const body = clear($('#checkpoints-table tbody'));
    for (const c of newest.values()) {
      body.appendChild(el('tr', {}, el('td', {}, c.w), el('td', { class: 'num' }, c.seq),
        el('td', { class: 'mono', title: c.h }, short(c.h)), el('td', {}, readableTime(new Date(Number(c.ts)).toISOString())),
        el('td', { class: 'mono' }, c.kid)));
    }
    const archive = await (await api('/compliance/v1/archive')).json();
    const segments = clear($('#archive-table tbody'));
    for (const w of archive.writers) {
      for (const s of w.segments) {
        segments.appendChild(el('tr', {}, el('td', {}, w.writer), el('td', { class: 'num' }, s.firstSeq + '–' + s.lastSeq),
          el('td', {}, readableTime(s.firstTime)), el('td', {}, readableTime(s.lastTime)), el('td', { class: 'mono' }, s.signedWith),
          el('td', {}, s.dataDeleted ? 'deleted by retention (counts kept)' : 'kept')));
      }
    }
    if (segments.childElementCount === 0) {
      segments.appendChild(el('tr', {}, el('td', { colspan: '6' }, 'No sealed segments yet: every entry is still in Redis.')));
    }
  } catch (e) {
    if (e.status !== 401) say('verify-status', e.message, 'error');
  }
}

// ---- pulls and consumer requests -------------------------------------------------------------------------------

const KIND_WORDS = { 'opt-out': 'Opt out of sale or sharing', 'opt-in': 'Consent to sale or sharing',
  'limit': 'Limit use of sensitive information', 'delete': 'Delete', 'access': 'Know (access)' };

async function loadAudit() {
  try {
    const since = new Date(Date.now() - 30 * 86400000).toISOString();
    const pulls = ndjson(await (await api('/compliance/v1/audit' + query({ from: since, limit: 1000 }))).text());
    const body = clear($('#audit-table tbody'));
    for (const p of pulls.reverse()) {
      body.appendChild(el('tr', {}, el('td', {}, readableTime(p.time)), el('td', {}, p.token), el('td', {}, p.endpoint),
        el('td', { class: 'mono' }, p.query), el('td', { class: 'num' }, p.entries)));
    }
    say('audit-status', pulls.length + ' pulls in the last 30 days (newest first).');
    const since90 = new Date(Date.now() - 90 * 86400000).toISOString();
    const requests = ndjson(await (await api('/compliance/v1/requests' + query({ from: since90, limit: 200 }))).text());
    const rows = clear($('#requests-table tbody'));
    for (const r of requests.reverse()) {
      rows.appendChild(el('tr', {}, el('td', {}, readableTime(r.received)), el('td', {}, readableTime(r.answered)),
        el('td', {}, KIND_WORDS[r.kind] || r.kind), el('td', {}, r.via), el('td', { class: 'mono', title: r.subject },
          r.subjectType + ' ' + short(r.subject)), el('td', {}, r.outcome + (r.reason ? ': ' + r.reason : '')),
        el('td', { class: 'num' }, r.devices), el('td', {}, r.note || '')));
    }
    await loadMetrics();
  } catch (e) {
    if (e.status !== 401) say('audit-status', e.message, 'error');
  }
}

async function loadMetrics() {
  const input = $('#metrics-form input[name=year]');
  if (!input.value) input.value = new Date().getUTCFullYear();
  const metrics = await (await api('/compliance/v1/requests/metrics' + query({ year: input.value }))).json();
  const body = clear($('#metrics-table tbody'));
  for (const k of metrics.kinds) {
    body.appendChild(el('tr', {}, el('td', {}, KIND_WORDS[k.kind] || k.kind), el('td', { class: 'num' }, k.received),
      el('td', { class: 'num' }, k.complied), el('td', { class: 'num' }, k.denied),
      el('td', { class: 'num' }, k.medianDaysToRespond === null ? '—' : k.medianDaysToRespond)));
  }
}

// ---- partner preview -------------------------------------------------------------------------------------------

async function preview() {
  const out = clear($('#preview-result'));
  let request;
  try {
    request = JSON.parse($('#preview-request').value);
  } catch (e) {
    say('preview-status', 'The ad request is not valid JSON: ' + e.message, 'error');
    return;
  }
  const body = { request: request };
  if ($('#preview-form input[name=gpc]').checked) body.headers = { 'Sec-GPC': '1' };
  say('preview-status', 'Asking the gateway…');
  try {
    const answer = await (await api('/internal/v1/preview', { method: 'POST', body: body })).json();
    say('preview-status', 'Nothing was sent and nothing was recorded.');
    for (const p of answer.partners || []) {
      const fields = el('ul', {}, (p.fields || []).map(f => el('li', {}, el('strong', {}, f.field), ': ', f.outcome,
        f.reasons && f.reasons.length ? ' — ' + f.reasons.map(r => r.words || r.code || r).join('; ') : '')));
      out.appendChild(el('div', { class: 'partner' }, el('h3', {}, p.id + ' (' + (p.role || '') + ')'), fields,
        el('pre', {}, JSON.stringify(p.payload, null, 2))));
    }
  } catch (e) {
    if (e.status !== 401) say('preview-status', e.message, 'error');
  }
}

// ---- wiring ----------------------------------------------------------------------------------------------------

const LOADERS = {
  integrity: loadIntegrity,
  audit: loadAudit,
};

function wire() {
  fillStates();
  $('#sign-in-form').addEventListener('submit', async event => {
    event.preventDefault();
    const candidate = $('#token').value.trim();
    try {
      session = await signIn(candidate);
      $('#token').value = '';
      $('#sign-in-error').hidden = true;
      $('#who').textContent = 'Signed in as ' + session.name + ' (' + session.roles.join(', ') + ')';
      $('#nav').hidden = false;
      $('#sign-out').hidden = false;
      show(location.hash.slice(1));
    } catch (e) {
      signOut(e.message);
    }
  });
  $('#sign-out').addEventListener('click', () => signOut(''));
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  $('#shares-form').addEventListener('submit', event => {
    event.preventDefault();
    sharesState.filter = sharesFilter();
    sharesState.cursors = [null];
    sharesState.index = 0;
    loadShares();
  });
  $('#shares-next').addEventListener('click', () => { sharesState.index++; loadShares(); });
  $('#shares-prev').addEventListener('click', () => { sharesState.index = Math.max(0, sharesState.index - 1); loadShares(); });
  $('#shares-csv').addEventListener('click', () => downloadShares(true));
  $('#shares-ndjson').addEventListener('click', () => downloadShares(false));
  $('#subject-form').addEventListener('submit', event => { event.preventDefault(); buildSubjectReport(); });
  $('#subject-print').addEventListener('click', () => window.print());
  $('#disclosures-form input[name=month]').value = lastMonth();
  $('#disclosures-form').addEventListener('submit', event => { event.preventDefault(); loadDisclosures(); });
  $('#disclosures-csv').addEventListener('click', downloadDisclosures);
  $('#verify-now').addEventListener('click', verifyNow);
  $('#metrics-form').addEventListener('submit', event => { event.preventDefault(); loadMetrics().catch(() => {}); });
  $('#preview-form').addEventListener('submit', event => { event.preventDefault(); preview(); });
  $('#preview-request').value = JSON.stringify({ id: 'preview-1', imp: [{ id: '1', video: { mimes: ['video/mp4'],
    minduration: 5, maxduration: 30, podid: 'pod-1', maxseq: 2, poddur: 60 } }], app: { bundle: 'com.example.tv' },
    device: { ifa: '6f1c2d3e-0000-4000-8000-0000000000aa', ip: '203.0.113.7' }, tmax: 300 }, null, 2);
  const saved = token();
  if (saved) {
    signIn(saved).then(who => {
      session = who;
      $('#who').textContent = 'Signed in as ' + who.name + ' (' + who.roles.join(', ') + ')';
      $('#nav').hidden = false;
      $('#sign-out').hidden = false;
      show(location.hash.slice(1));
    }).catch(e => signOut(e.message));
  } else {
    signOut('');
  }
}

wire();

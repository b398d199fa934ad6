'use strict';
// Shared by the pages. API data only ever reaches the page as text (textContent, text nodes, attributes we
// build ourselves), never as HTML.
const F = (() => {
  /** el('td', {class: 'num'}, 'text', childNode, ...) */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children.flat(Infinity)) {
      if (c != null) e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  function setText(id, text) {
    document.getElementById(id).textContent = text == null ? '' : String(text);
  }

  /** A 503 from the API: the pools are moving between instances. */
  class Unavailable extends Error {
    constructor(message, afterSeconds) {
      super(message);
      this.afterSeconds = afterSeconds;
    }
  }

  /** GET /api/v1{path}: {status, body}; throws Unavailable on a 503 so the page retries. */
  async function api(path) {
    const res = await fetch('/api/v1' + path, {headers: {Accept: 'application/json'}, cache: 'no-store'});
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (res.status === 503) {
      const after = Math.min(30, Math.max(1, Number(res.headers.get('Retry-After')) || 2));
      throw new Unavailable((body && body.error) || 'the API is unavailable', after);
    }
    return {status: res.status, body};
  }

  function notice(text, kind) {
    const n = document.getElementById('notice');
    n.hidden = !text;
    n.className = kind || '';
    n.textContent = text || '';
  }

  /** Runs render now and every everyMs (0: once); a rebalance shows a notice and retries after Retry-After. */
  function loop(render, everyMs) {
    const tick = async () => {
      let next = everyMs;
      try {
        const done = await render();
        notice(null);
        if (done === false) return;
      } catch (e) {
        if (e instanceof Unavailable) {
          notice('Rebalancing, retrying in ' + e.afterSeconds + ' s (' + e.message + ')', 'warn');
          next = e.afterSeconds * 1000;
        } else {
          notice('Cannot load the data: ' + e.message + '. Retrying in 5 s.', 'error');
          next = 5000;
        }
      }
      if (next > 0) setTimeout(tick, next);
    };
    tick();
  }

  /** Replaces the page's content with a clear "not found" (or bad request) message. */
  function missing(title, message) {
    const main = document.getElementById('main');
    main.replaceChildren(el('div', {class: 'missing', id: 'missing'}, el('h1', null, title), el('p', null, message),
        el('p', null, el('a', {href: '/'}, 'Back to the fleet'))));
    document.title = 'Fulcrum · ' + title;
  }

  /** The path segment after prefix, decoded: /pools/be%3Aweb -> be:web. */
  function pathArg(prefix) {
    const raw = location.pathname.substring(prefix.length);
    try {
      return decodeURIComponent(raw);
    } catch (e) {
      return raw;
    }
  }

  const pct = x => (x == null || isNaN(x)) ? '–' : (x * 100).toFixed(1) + '%';
  const num = x => (x == null) ? '–' : Number(x).toLocaleString('en-US');
  /** ISO time to HH:MM:SS (UTC); empty for null. */
  const hms = iso => iso ? iso.substring(11, 19) : '';
  /** ISO time to YYYY-MM-DD HH:MM:SS UTC. */
  const stamp = iso => iso ? iso.substring(0, 10) + ' ' + iso.substring(11, 19) + ' UTC' : '–';
  // '@' and ':' are legal in a path segment: keeping them makes the addresses readable (be_web@...T09:02:00Z).
  const segment = s => encodeURIComponent(s).replace(/%40/g, '@').replace(/%3A/gi, ':');
  const poolHref = pool => '/pools/' + segment(pool);
  const incidentHref = id => '/incidents/' + segment(id);

  const STATE_TEXT = {
    OPEN: 'open', ROLLBACK_ISSUED: 'rollback issued', VERIFYING: 'verifying', RESOLVED: 'resolved',
    ESCALATED: 'escalated', ALERT_ONLY: 'alert only', AWAITING_APPROVAL: 'awaiting approval', UNKNOWN: 'unknown'
  };
  const OPEN = ['OPEN', 'ROLLBACK_ISSUED', 'VERIFYING', 'AWAITING_APPROVAL'];

  /** A badge for an incident state: red while open, grey once closed; the text says which. */
  function incidentBadge(state) {
    const open = OPEN.includes(state);
    return el('span', {class: 'badge ' + (open ? 'state-incident' : 'state-closed'), 'data-state': state},
        STATE_TEXT[state] || state);
  }

  /** healthy / anomaly / incident for a pool summary of /api/v1/pools. */
  function poolState(p) {
    if (p.openIncident) {
      return {key: 'incident', text: 'incident: ' + (STATE_TEXT[p.openIncident.state] || p.openIncident.state)};
    }
    if ((p.activeAnomalies && p.activeAnomalies.length) || (p.window && p.window.healthy === false)) {
      return {key: 'anomaly', text: 'anomaly'};
    }
    return {key: 'healthy', text: 'healthy'};
  }

  function poolBadge(p) {
    const s = poolState(p);
    return el('span', {class: 'badge state-' + s.key, 'data-state': s.key}, s.text);
  }

  return Object.freeze({el, setText, api, loop, missing, notice, pathArg, pct, num, hms, stamp, poolHref,
    incidentHref, incidentBadge, poolBadge, poolState, Unavailable, STATE_TEXT});
})();

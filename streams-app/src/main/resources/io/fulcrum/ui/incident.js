'use strict';
// An incident's page: decision and reason, facts, the evidence that fired, the timeline; in approve mode the
// Approve/Decline buttons, which call the API with the token the operator typed (sessionStorage, never the URL).
(() => {
  const {el, pct, num, stamp} = F;
  const id = F.pathArg('/incidents/');
  const path = encodeURIComponent(id);
  const DECISIONS = ['APPROVAL_REQUESTED', 'APPROVED', 'DECLINED', 'APPROVAL_EXPIRED', 'ROLLBACK_ISSUED',
    'ROLLBACK_SUPPRESSED', 'ALERT_ONLY', 'ESCALATED', 'RESOLVED'];
  F.setText('crumb-incident', id);
  F.setText('incident-id', id);
  document.title = 'Fulcrum · ' + id;

  function headline(i) {
    const rb = (i.suspectedVersion || '?') + ' → ' + (i.lastKnownGoodVersion || '?');
    switch (i.state) {
      case 'AWAITING_APPROVAL': return 'Rollback ' + rb + ' proposed: waiting for an operator until '
          + stamp(i.approvalExpiresAt) + '.';
      case 'ROLLBACK_ISSUED': return 'Rollback ' + rb + ' issued; waiting for the actuator.';
      case 'VERIFYING': return 'Rollback ' + rb + ' applied; verifying recovery.';
      case 'RESOLVED': return 'Resolved.';
      case 'ESCALATED': return 'Escalated to a human: ' + (i.escalationReason || 'no reason given') + '.';
      case 'ALERT_ONLY': return 'Alert only, no rollback' + (i.escalationReason ? ': ' + i.escalationReason : '') + '.';
      case 'OPEN': return 'Detected; no rollback decided yet.';
      default: return F.STATE_TEXT[i.state] || i.state;
    }
  }

  function facts(i) {
    const rows = [['Pool', el('a', {href: F.poolHref(i.pool)}, i.pool)], ['State', F.STATE_TEXT[i.state] || i.state],
      ['Kinds', i.kinds.join(', ')], ['Suspected version', i.suspectedVersion || '–'],
      ['Last known good', i.lastKnownGoodVersion || '–'], ['Config change at', stamp(i.configChangeAt)],
      ['Onset', stamp(i.onsetAt)], ['Detected', stamp(i.detectedAt)], ['Rollback issued', stamp(i.rollbackIssuedAt)],
      ['Resolved', stamp(i.resolvedAt)], ['Approval expires', stamp(i.approvalExpiresAt)], ['Updated', stamp(i.updatedAt)]];
    return rows.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v)]);
  }

  /** Below double precision a p-value prints as 0: say how small instead. */
  const pValue = p => p > 0 ? '= ' + Number(p).toExponential(2) : '< 1e-300';

  function evidence(a) {
    const e = a.evidence;
    const box = el('div', {class: 'evidence', 'data-anomaly': a.id},
        el('h3', null, el('span', {class: 'badge state-anomaly'}, a.kind + ' · ' + a.severity), ' ',
            a.server ? 'server ' + a.server : 'whole pool', ' ', el('span', {class: 'muted'}, a.status)),
        el('p', null, a.summary));
    if (!e || e.test === 'none') return box;
    box.append(el('p', {class: 'stats'}, e.test + ': statistic ' + Number(e.statistic).toPrecision(4)
        + (e.degreesOfFreedom ? ' (df ' + e.degreesOfFreedom + ')' : '') + ', p ' + pValue(e.pValue)
        + '; effect ' + e.effectMeasure + ' = ' + Number(e.effectSize).toFixed(3) + '; expected share from '
        + e.expectedSource + (e.baselineWindows ? ' over ' + e.baselineWindows + ' baseline windows' : '') + '; '
        + num(e.totalCount) + ' requests in the window.'));
    if (e.servers && e.servers.length) {
      const head = el('tr', null, ['Server', 'Observed', 'Expected', 'Observed share', 'Expected share', '5xx rate',
        'Baseline 5xx', 'p95 ms', 'Baseline p95'].map((h, n) => el('th', {class: n ? 'num' : null}, h)));
      const rows = e.servers.map(s => el('tr', null, el('td', null, s.server), el('td', {class: 'num'}, num(s.observedCount)),
          el('td', {class: 'num'}, Number(s.expectedCount).toFixed(1)), el('td', {class: 'num'}, pct(s.observedShare)),
          el('td', {class: 'num'}, pct(s.expectedShare)), el('td', {class: 'num'}, pct(s.errorRate)),
          el('td', {class: 'num'}, pct(s.baselineErrorRate)), el('td', {class: 'num'}, num(s.p95Ms)),
          el('td', {class: 'num'}, num(s.baselineP95Ms))));
      box.append(el('table', {class: 'grid'}, el('thead', null, head), el('tbody', null, rows)));
    }
    return box;
  }

  let wired = false;
  let state = null;

  async function render() {
    const res = await F.api('/incidents/' + path);
    if (res.status === 404 || res.status === 400) {
      F.missing(res.status === 404 ? 'Unknown incident' : 'Malformed incident id', (res.body && res.body.error)
          || 'No such incident.');
      return false;
    }
    if (res.status !== 200) throw new Error((res.body && res.body.error) || 'HTTP ' + res.status);
    const i = res.body;
    state = i.state;
    const badge = F.incidentBadge(i.state);
    badge.id = 'incident-state';
    document.getElementById('incident-state').replaceWith(badge);
    const crumb = document.getElementById('crumb-pool');
    crumb.textContent = i.pool;
    crumb.href = F.poolHref(i.pool);
    F.setText('summary', i.summary);
    F.setText('decision', headline(i));
    const last = i.timeline.filter(t => DECISIONS.includes(t.type)).pop();
    F.setText('reason', last ? 'Reason: ' + last.description : '');
    document.getElementById('facts').replaceChildren(...facts(i));
    document.getElementById('timeline').replaceChildren(...i.timeline.map(t => el('li', {'data-type': t.type},
        el('span', null, F.hms(t.at)), el('span', {class: 'type'}, t.type), el('span', null, t.description))));
    document.getElementById('diagnosis').replaceChildren(...(i.diagnosis.length ? i.diagnosis.map(d => el('li', null,
        el('strong', null, d.theory + ': ' + d.verdict), ' — ', d.reason)) : [el('li', {class: 'muted'}, 'None.')]));

    const anomalies = await F.api('/anomalies');
    // The pool's anomalies from a window before the onset (an incident opens on its first anomaly) to the end.
    const from = Date.parse(i.onsetAt) - 60000;
    const until = i.resolvedAt ? Date.parse(i.resolvedAt) : Infinity;
    const fired = anomalies.status !== 200 ? [] : anomalies.body.anomalies
        .filter(a => a.pool === i.pool && i.kinds.includes(a.kind) && Date.parse(a.onset) >= from
            && Date.parse(a.onset) <= until)
        .sort((a, b) => Date.parse(a.detectedAt) - Date.parse(b.detectedAt));
    document.getElementById('evidence').replaceChildren(...(fired.length ? fired.map(evidence)
        : [el('p', {class: 'muted'}, 'The anomalies behind this incident are no longer kept; the timeline has their summaries.')]));

    const awaiting = i.state === 'AWAITING_APPROVAL';
    document.getElementById('approval').hidden = !awaiting;
    if (awaiting && !wired) wire();
  }

  const $ = id => document.getElementById(id);
  const buttons = () => ['approve', 'decline', 'confirm-decline', 'cancel-decline'].map($);

  function answer(text, kind) {
    const a = $('answer');
    a.hidden = false;
    a.className = kind;
    a.textContent = text;
  }

  /** What the server said, in words; the page never shows a raw stack or HTML. */
  function describe(status, body, verdict) {
    const msg = (body && body.error) || (body && body.message) || '';
    switch (status) {
      case 202: return ['Accepted (202): your ' + (verdict === 'APPROVE' ? 'approval' : 'decline') + ' was sent. '
          + 'The timeline shows whether it '
          + 'applied; only the first answer to a pending proposal counts.', 'ok'];
      case 401: return ['Token rejected (401): ' + msg, 'error'];
      case 403: return ['Approvals are disabled on this server (403): ' + msg, 'error'];
      case 409: return ['Already decided or nothing to decide (409): ' + msg, 'warn'];
      case 400: return ['Not sent (400): ' + msg, 'error'];
      case 503: return ['Could not publish the decision (503), try again: ' + msg, 'warn'];
      default: return ['Unexpected answer (' + status + '): ' + msg, 'error'];
    }
  }

  async function send(verdict, reason) {
    const token = $('token').value.trim();
    const by = $('by').value.trim();
    if (!token || !by) {
      answer('Enter your name and the approve token first.', 'warn');
      return;
    }
    sessionStorage.setItem('fulcrum.token', token);
    sessionStorage.setItem('fulcrum.by', by);
    buttons().forEach(b => { b.disabled = true; });
    let ok = false;
    try {
      const res = await fetch('/api/v1/incidents/' + path + '/' + (verdict === 'APPROVE' ? 'approve' : 'decline'), {
        method: 'POST', cache: 'no-store',
        headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + token},
        body: JSON.stringify(reason ? {by, reason} : {by})});
      let body = null;
      try { body = await res.json(); } catch (e) { body = null; }
      const [text, kind] = describe(res.status, body, verdict);
      answer(text, kind);
      ok = res.status === 202;
    } catch (e) {
      answer('The request failed: ' + e.message, 'error');
    } finally {
      // After a 202 the buttons stay off: the page follows the incident until the proposal is gone.
      if (!ok) buttons().forEach(b => { b.disabled = false; });
    }
    if (ok) follow();
  }

  /** Re-reads the incident every second for a while after an answer, so its effect shows quickly. */
  function follow() {
    let n = 0;
    const t = setInterval(async () => {
      try { await render(); } catch (e) { /* the regular refresh reports errors */ }
      if (++n >= 15 || state !== 'AWAITING_APPROVAL') clearInterval(t);
    }, 1000);
  }

  function wire() {
    wired = true;
    $('token').value = sessionStorage.getItem('fulcrum.token') || '';
    $('by').value = sessionStorage.getItem('fulcrum.by') || '';
    $('approve').addEventListener('click', () => send('APPROVE'));
    $('decline').addEventListener('click', () => {
      $('decline-form').hidden = false;
      $('reason-input').focus();
    });
    $('cancel-decline').addEventListener('click', () => { $('decline-form').hidden = true; });
    $('confirm-decline').addEventListener('click', () => {
      const reason = $('reason-input').value.trim();
      if (!reason) {
        answer('A decline needs a reason: say why the rollback should not happen.', 'warn');
        return;
      }
      send('DECLINE', reason);
    });
  }

  F.loop(render, 5000);
})();

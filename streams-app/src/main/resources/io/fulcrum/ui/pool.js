'use strict';
// A pool's page: the share chart with deploy/rollback markers, the current window and the pool's incidents.
(() => {
  const {el, pct, num} = F;
  const pool = F.pathArg('/pools/');
  const path = encodeURIComponent(pool);
  F.setText('crumb-pool', pool);
  F.setText('pool-name', pool);
  document.title = 'Fulcrum · ' + pool;

  /** Deploys from the config history (an older version deployed again is a rollback), rollbacks from incidents. */
  function markers(changes, incidents) {
    const seen = new Set();
    const out = changes.map(c => {
      const again = seen.has(c.version);
      seen.add(c.version);
      return {at: Date.parse(c.at), kind: again ? 'rollback' : 'deploy',
        label: (again ? 'rollback to ' : 'deploy ') + c.version};
    });
    for (const i of incidents) {
      if (i.rollbackIssuedAt) {
        out.push({at: Date.parse(i.rollbackIssuedAt), kind: 'rollback',
          label: 'rollback issued ' + (i.suspectedVersion || '?') + '→' + (i.lastKnownGoodVersion || '?')});
      }
    }
    return out;
  }

  function serverRow(s) {
    const rate = s.count > 0 ? s.errors5xx / s.count : null;
    return el('tr', {'data-server': s.server}, el('td', null, s.server), el('td', {class: 'num'}, num(s.count)),
        el('td', {class: 'num'}, pct(s.share)), el('td', {class: 'num'}, pct(s.expectedShare)),
        el('td', {class: 'num'}, num(s.errors5xx)), el('td', {class: 'num'}, pct(rate)),
        el('td', {class: 'num'}, num(s.p95Ms)), el('td', {class: 'num'}, num(s.baselineP95Ms)));
  }

  function incidentRow(i) {
    return el('tr', {'data-incident': i.incidentId},
        el('td', null, el('a', {href: F.incidentHref(i.incidentId)}, i.incidentId)),
        el('td', null, F.incidentBadge(i.state)), el('td', null, i.summary), el('td', null, F.stamp(i.onsetAt)));
  }

  async function render() {
    const summary = await F.api('/pools/' + path);
    if (summary.status === 404 || summary.status === 400) {
      F.missing('Unknown pool', summary.status === 404
          ? 'No pool named "' + pool + '" has closed a window (or it was forgotten after going silent).'
          : (summary.body && summary.body.error) || 'Malformed pool name.');
      return false;
    }
    if (summary.status !== 200) throw new Error((summary.body && summary.body.error) || 'HTTP ' + summary.status);
    const [windows, changes, incidents] = [await F.api('/pools/' + path + '/windows?limit=360'),
      await F.api('/pools/' + path + '/changes'), await F.api('/incidents')];
    const p = summary.body;
    const badge = F.poolBadge(p);
    badge.id = 'pool-state';
    document.getElementById('pool-state').replaceWith(badge);

    const ws = windows.status === 200 ? windows.body.windows : [];
    const mine = incidents.status === 200 ? incidents.body.incidents.filter(i => i.pool === pool) : [];
    const legend = ShareChart.draw(document.getElementById('chart'), ws,
        markers(changes.status === 200 ? changes.body.changes : [], mine));
    document.getElementById('legend').replaceChildren(...legend.map(l => {
      const sw = el('span', {class: 'swatch'});
      sw.style.background = l.colour;
      return el('li', null, sw, l.server);
    }), el('li', null, el('span', {class: 'swatch dashed'}), 'expected share'));
    const first = ws.length ? ws[ws.length - 1].windowStart : null;
    F.setText('chart-range', ws.length >= 360 ? '(last hour)'
        : first ? '(since ' + F.hms(first) + ' UTC, ' + ws.length + ' windows)' : '');

    const w = p.window;
    F.setText('window-range', '(' + F.hms(w.windowStart) + '–' + F.hms(w.windowEnd) + ' UTC)');
    const rate = w.totalCount > 0 ? w.totalErrors5xx / w.totalCount : null;
    F.setText('window-facts', num(w.totalCount) + ' requests, ' + num(w.totalErrors5xx) + ' 5xx (' + pct(rate)
        + '), ' + num(w.noServerCount) + ' with no server; config ' + (w.configVersion || '–') + ', expected share from '
        + w.expectedSource + '.');
    document.querySelector('#servers tbody').replaceChildren(...w.servers.map(serverRow));
    document.getElementById('anomalies').replaceChildren(...(p.activeAnomalies.length ? p.activeAnomalies.map(a =>
      el('li', null, el('span', {class: 'badge state-anomaly'}, a.kind + ' · ' + a.severity), ' ', a.summary))
      : [el('li', {class: 'muted'}, 'None.')]));
    document.querySelector('#incidents tbody').replaceChildren(...mine.map(incidentRow));
    document.getElementById('no-incidents').hidden = mine.length > 0;
  }

  F.loop(render, 10000);
})();

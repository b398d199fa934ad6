'use strict';
// The fleet overview: one row per pool from /api/v1/pools, recent incidents from /api/v1/incidents.
(() => {
  const {el, pct, num, hms} = F;

  /** One server's share bar: fill = actual share, tick = expected; red when well over the expected share. */
  function shareRow(s) {
    const fill = el('div', {class: 'fill'});
    fill.style.width = Math.min(100, s.share * 100).toFixed(1) + '%';
    const bar = el('div', {class: 'bar', title: s.server + ': ' + pct(s.share) + ' of requests'}, fill);
    if (s.expectedShare != null) {
      const tick = el('div', {class: 'tick'});
      tick.style.left = Math.min(100, s.expectedShare * 100).toFixed(1) + '%';
      bar.append(tick);
      if (s.share > s.expectedShare * 1.5 + 0.05) fill.classList.add('over');
    }
    const label = s.expectedShare == null ? pct(s.share) : pct(s.share) + ' / exp ' + pct(s.expectedShare);
    return [el('span', null, s.server), bar, el('span', {class: 'muted'}, label)];
  }

  function poolRow(p) {
    const w = p.window;
    const rate = w.totalCount > 0 ? w.totalErrors5xx / w.totalCount : null;
    const shares = el('div', {class: 'shares'}, w.servers.map(shareRow));
    return el('tr', {'data-pool': p.pool},
        el('td', null, el('a', {href: F.poolHref(p.pool)}, p.pool)),
        el('td', null, F.poolBadge(p)),
        el('td', null, shares),
        el('td', {class: 'num'}, num(w.totalCount)),
        el('td', {class: 'num'}, pct(rate)),
        el('td', null, w.configVersion || '–'),
        el('td', null, hms(w.windowStart) + '–' + hms(w.windowEnd)));
  }

  function incidentRow(i) {
    return el('tr', {'data-incident': i.incidentId},
        el('td', null, el('a', {href: F.incidentHref(i.incidentId)}, i.incidentId)),
        el('td', null, F.incidentBadge(i.state)),
        el('td', null, i.summary),
        el('td', null, F.stamp(i.updatedAt)));
  }

  async function render() {
    const pools = await F.api('/pools');
    const incidents = await F.api('/incidents');
    if (pools.status !== 200) throw new Error((pools.body && pools.body.error) || 'HTTP ' + pools.status);
    const list = pools.body.pools || [];
    document.querySelector('#pools tbody').replaceChildren(...list.map(poolRow));
    document.getElementById('no-pools').hidden = list.length > 0;
    const recent = incidents.status === 200 ? (incidents.body.incidents || []).slice(0, 10) : [];
    document.querySelector('#incidents tbody').replaceChildren(...recent.map(incidentRow));
    document.getElementById('no-incidents').hidden = recent.length > 0;
    F.setText('updated', 'Updated ' + new Date().toISOString().substring(11, 19) + ' UTC.');
  }

  F.loop(render, 5000);
})();

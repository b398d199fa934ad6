'use strict';
// The pool page's chart: each server's share per window as an inline SVG line (expected share dashed), with
// config deploys and rollbacks as labelled vertical markers. No library: a few dozen lines of SVG.
const ShareChart = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 960, H = 340, PAD = {left: 48, right: 16, top: 54, bottom: 28};
  const COLOURS = ['#2457a6', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#5c940d', '#e67700'];

  function svg(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text != null) e.textContent = String(text);
    return e;
  }

  /** Tick step (ms) giving at most about 8 time labels. */
  function step(spanMs) {
    const minutes = [1, 2, 5, 10, 15, 30, 60];
    for (const m of minutes) if (spanMs / (m * 60000) <= 8) return m * 60000;
    return 3600000;
  }

  const hhmm = t => new Date(t).toISOString().substring(11, 16);

  /**
   * @param windows the pool's windows, any order
   * @param markers [{at: ms, kind: 'deploy'|'rollback', label}]
   * @return the servers in colour order, for the legend
   */
  function draw(container, windows, markers) {
    const ws = windows.slice().sort((a, b) => a.windowStart.localeCompare(b.windowStart));
    const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'share of each server over time'});
    container.replaceChildren(root);
    if (!ws.length) {
      root.append(svg('text', {x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'muted'}, 'No windows yet'));
      return [];
    }
    const end = Date.parse(ws[ws.length - 1].windowEnd);
    const start = Math.max(Date.parse(ws[0].windowStart), end - 3600000);
    const span = Math.max(end - start, 60000);
    const x = t => PAD.left + (t - start) / span * (W - PAD.left - PAD.right);
    const y = share => PAD.top + (1 - share) * (H - PAD.top - PAD.bottom);

    const axis = svg('g', {class: 'axis'});
    for (const s of [0, 0.25, 0.5, 0.75, 1]) {
      axis.append(svg('line', {x1: PAD.left, x2: W - PAD.right, y1: y(s), y2: y(s)}));
      axis.append(svg('text', {x: PAD.left - 6, y: y(s) + 4, 'text-anchor': 'end'}, (s * 100) + '%'));
    }
    const st = step(span);
    for (let t = Math.ceil(start / st) * st; t <= end; t += st) {
      axis.append(svg('line', {x1: x(t), x2: x(t), y1: PAD.top, y2: H - PAD.bottom}));
      axis.append(svg('text', {x: x(t), y: H - PAD.bottom + 16, 'text-anchor': 'middle'}, hhmm(t)));
    }
    root.append(axis);

    const servers = [...new Set(ws.flatMap(w => w.servers.map(s => s.server)))].sort();
    const shown = ws.filter(w => Date.parse(w.windowEnd) >= start);
    // A window without requests has no shares: the line breaks there instead of dropping to 0%.
    servers.forEach((server, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const actual = [[]], expected = [[]];
      for (const w of shown) {
        if (!w.totalCount) {
          actual.push([]);
          expected.push([]);
          continue;
        }
        const s = w.servers.find(v => v.server === server);
        const t = x((Date.parse(w.windowStart) + Date.parse(w.windowEnd)) / 2);
        actual[actual.length - 1].push(t.toFixed(1) + ',' + y(s ? s.share : 0).toFixed(1));
        if (s && s.expectedShare != null) {
          expected[expected.length - 1].push(t.toFixed(1) + ',' + y(s.expectedShare).toFixed(1));
        }
      }
      for (const run of expected.filter(r => r.length > 1)) {
        root.append(svg('polyline', {class: 'expected', stroke: colour, points: run.join(' ')}));
      }
      const g = svg('g', {class: 'series-group', 'data-server': server});
      for (const run of actual.filter(r => r.length)) {
        // A lone point (a run of one window) is drawn as a dot.
        g.append(run.length > 1 ? svg('polyline', {class: 'series', stroke: colour, points: run.join(' ')})
            : svg('circle', {cx: run[0].split(',')[0], cy: run[0].split(',')[1], r: 2.5, fill: colour}));
      }
      root.append(g);
    });

    // Labels go on the first of three rows where they do not overlap the previous label (by estimated width);
    // near the right edge a label reads leftwards from its line.
    const inRange = markers.filter(m => m.at >= start && m.at <= end).sort((a, b) => a.at - b.at);
    const rowEnds = [-Infinity, -Infinity, -Infinity];
    for (const m of inRange) {
      const mx = x(m.at);
      const text = m.label + ' ' + hhmm(m.at);
      const width = text.length * 6.6;
      const leftwards = mx + 4 + width > W - PAD.right;
      const from = leftwards ? mx - 4 - width : mx + 4;
      let row = rowEnds.findIndex(r => r + 8 <= from);
      if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds));
      rowEnds[row] = from + width;
      const ty = 13 + row * 14;
      const g = svg('g', {class: 'marker ' + m.kind, 'data-kind': m.kind, 'data-label': m.label});
      g.append(svg('line', {x1: mx, x2: mx, y1: ty + 3, y2: H - PAD.bottom}));
      g.append(svg('text', {x: leftwards ? mx - 4 : mx + 4, y: ty, 'text-anchor': leftwards ? 'end' : 'start'}, text));
      root.append(g);
    }
    return servers.map((server, i) => ({server, colour: COLOURS[i % COLOURS.length]}));
  }

  return Object.freeze({draw});
})();

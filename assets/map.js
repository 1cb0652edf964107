/* The map's own script, served from assets/ (static/ -> assets/) into the streamlit-folium
   iframe after Leaflet and Leaflet.markercluster (mapview/vendor.py).

   The page script (app.py) sends a map whose script never changes, so the component is never
   rebuilt; it calls mvSetup(map) once. On every rerun it sends only a small state, which the
   component evaluates as mvApply(map, state) (mapview/payload.py, map_state):
     state.base  URL of the base map (provinces, neighbours, maritime line, labels, inset)
     state.ents  URL of every entity's geometry with what the filter needs (types, kinds, citing
                 documents, units, basis) and the legend's items
     state.f     the filter {docs|null, layers, kinds|null, years|null, place, basis}
     state.sel   the selected entity id or adcode; state.outlines / highlight / candidates: URLs
                 of the selection's outlines, the searched place's outline, the candidates
   The files are content-hashed JSON under assets/gen/ (mapview/static.py): fetched once, kept
   by the browser. The filter is applied here, on the features already held, by the same rules as
   mapview.select.apply_filters (tests compare the two).

   DOM hooks (tests): entity shapes are SVG paths with classes "mv-feature mv-<etype>
   mv-id-<id>" (inferred rows also "mv-inferred"); platform markers div.mv-feature.mv-platform;
   provinces path.mv-province; <html data-mv-applied="n"> counts the states applied. */
(function () {
  'use strict';

  /* mvDecode(geometry): the geometries come with integer coordinates (degrees x g.q), each line
     or ring delta-encoded (first position absolute, then differences), as pairs or, with g.f,
     as one flat list; this restores plain GeoJSON in place. A geometry without "q" is left as
     it is. See mapview/render.py (geometry_json, flatten_geometry). */
  window.mvDecode = function mvDecode(g) {
    if (!g) { return g; }
    if (g.geometries) { g.geometries.forEach(mvDecode); return g; }
    var s = g.q, c = g.coordinates, t = g.type, flat = g.f;
    if (!s) { return g; }
    function line(a) {
      var x = 0, y = 0, out = [], i;
      if (flat) {  // [x0, y0, dx1, dy1, …] (mapview.render.flatten_geometry)
        for (i = 0; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out.push([x / s, y / s]); }
        return out;
      }
      return a.map(function (p) { x += p[0]; y += p[1]; return [x / s, y / s]; });
    }
    g.coordinates = t === 'Point' ? [c[0] / s, c[1] / s]
      : (t === 'LineString' || t === 'MultiPoint') ? line(c)
      : (t === 'Polygon' || t === 'MultiLineString') ? c.map(line)
      : c.map(function (poly) { return poly.map(line); });
    delete g.q; delete g.f;
    return g;
  };

  /* = mapview.style.arc_weight */
  function arcWeight(n) { return Math.min(2 + 1.5 * Math.max(n - 1, 0), 8); }

  var files = {};
  function load(url) {
    if (!url) { return Promise.resolve(null); }
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
        return r.json();
      });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  /* draw order, bottom to top (mapview.layers.LAYERS order for the entity panes) */
  var PANES = [['mvBase', 250], ['mvZones', 410], ['mvBasins', 420], ['mvPairings', 430],
               ['mvCandidates', 440], ['mvHighlight', 450], ['mvSelection', 460], ['mvLabels', 500]];
  var ENTITY_PANES = {zones: 'mvZones', basins: 'mvBasins', pairings: 'mvPairings'};

  /* one Leaflet layer for one feature of ours (properties: id, s = path style, t = escaped
     tooltip HTML, icon = marker HTML built from escaped text) */
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;'}[c];
    });
  }
  /* = mapview.render.platform_icon: a disc in the kind's colour with its glyph */
  function platformIcon(ic, eid) {
    return '<div data-eid="' + esc(eid) + '"><svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">' +
      '<circle cx="12" cy="12" r="10.5" fill="' + esc(ic[0]) + '" stroke="#fff" stroke-width="2"/>' +
      '<text x="12" y="16.2" text-anchor="middle" font-size="12" fill="#fff" font-weight="bold">' + esc(ic[1]) +
      '</text></svg></div>';
  }

  function makeLeaf(f, pane, interactive) {
    window.mvDecode(f.geometry);
    var p = f.properties || {};
    if (p.si !== undefined && !p.s) {   // a shared style (mapview.payload._intern_styles)
      p.s = Object.assign({}, (window.MV.styles || [])[p.si], {className: p.c});
    }
    var s = p.s || {};
    if (p.ic && !p.icon) { p.icon = platformIcon(p.ic, p.eid || p.id); }
    var live = interactive && s.interactive !== false;
    var layer = L.GeoJSON.geometryToLayer(f, Object.assign({}, s, {pane: pane, interactive: live,
      pointToLayer: function (feature, ll) {
        if (!p.icon) {
          return L.circleMarker(ll, Object.assign({}, s, {radius: 1, weight: 0.8, pane: pane, interactive: live}));
        }
        return L.marker(ll, {icon: L.divIcon({html: p.icon, className: s.className, iconSize: [24, 24],
          iconAnchor: [12, 12]}), interactive: live, pane: pane === 'mvLabels' ? pane : 'markerPane'});
      }}));
    layer.feature = f;
    if (p.t) { layer.bindTooltip(p.t, {sticky: !p.icon}); }
    return layer;
  }

  function leavesOf(fc, pane, interactive) {
    return ((fc && fc.features) || []).map(function (f) {
      var p = f.properties || {};
      return {layer: makeLeaf(f, pane, interactive), ids: p.eids || (p.eid ? [p.eid] : []),
              arc: p.etype === 'pairing' && /\bmv-feature\b/.test((p.s || {}).className || '')};
    });
  }

  function refill(group, leaves) {
    group.clearLayers();
    if (group.addLayers) { group.addLayers(leaves.map(function (x) { return x.layer; })); return; }
    leaves.forEach(function (x) { group.addLayer(x.layer); });
  }

  window.mvSetup = function (map) {
    var MV = window.MV = {map: map, groups: {}, leaves: {}, seq: 0};
    PANES.forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });
    ['neighbours', 'provinces', 'maritime'].forEach(function (n) { MV.groups[n] = L.featureGroup().addTo(map); });
    MV.groups.labels = L.featureGroup().addTo(map);
    ['zones', 'basins', 'pairings'].forEach(function (n) { MV.groups[n] = L.featureGroup().addTo(map); });
    MV.groups.platforms = (L.markerClusterGroup
      ? L.markerClusterGroup({maxClusterRadius: 35, showCoverageOnHover: false})
      : L.featureGroup()).addTo(map);
    ['candidates', 'highlight', 'selection'].forEach(function (n) { MV.groups[n] = L.featureGroup().addTo(map); });
    // Leaflet's default attribution prefix carries a flag; the map credits Leaflet in plain text
    if (map.attributionControl) { map.attributionControl.setPrefix('Leaflet'); }
    // the hatching of members that belong to an area only partly (path.mv-partial, map.css)
    var defs = document.createElement('div');
    defs.innerHTML = '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>' +
      '<pattern id="mv-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="1.6" stroke-opacity="0.55"/></pattern></defs></svg>';
    document.body.appendChild(defs.firstChild);
    window.mvViewSync(map);
    window.mvDeclutterHook(map);
  };

  /* ------------------------------------------------------------------ the filter (= mapview.select) */
  function isAdcode(c) { return typeof c === 'string' && /^\d{6}$/.test(c); }
  function level(c) { return /0000$/.test(c) ? 'province' : (/00$/.test(c) ? 'city' : 'county'); }
  function contains(outer, inner) {
    if (!isAdcode(outer) || !isAdcode(inner)) { return false; }
    var l = level(outer);
    return l === 'province' ? inner.slice(0, 2) === outer.slice(0, 2)
      : l === 'city' ? inner.slice(0, 4) === outer.slice(0, 4) : inner === outer;
  }
  function involves(etype, units, place) {
    var area = etype === 'zone' || etype === 'basin';
    return units.some(function (u) { return contains(place, u) || (area && contains(u, place)); });
  }
  function chosenDocs(f, docs) {
    var out = {};
    Object.keys(docs).forEach(function (d) {
      var y = docs[d];
      if (f.docs && f.docs.indexOf(d) < 0) { return; }
      if (f.years && y !== null && (y < f.years[0] || y > f.years[1])) { return; }
      out[d] = true;
    });
    return out;
  }
  /* the number of chosen documents citing entity e (0: not shown) */
  function citing(e, f, chosen) {
    if (!e || f.layers.indexOf(e.t) < 0) { return 0; }
    if (f.kinds && f.kinds.indexOf(e.k) < 0) { return 0; }
    if (f.basis === 'text' && e.b === 'inferred') { return 0; }
    var n = e.d.filter(function (d) { return chosen[d]; }).length;
    if (n && f.place && !involves(e.t, e.u, f.place)) { return 0; }
    return n;
  }
  window.mvCiting = citing;

  function showEntities(map, state, data) {
    var MV = window.MV;
    if (!data) { return; }
    if (MV.entsUrl !== state.ents) {
      MV.entsUrl = state.ents;
      MV.ents = data.ents; MV.docs = data.docs; MV.legendData = data.legend; MV.styles = data.styles || [];
      ['zones', 'basins', 'pairings', 'platforms'].forEach(function (n) {
        MV.groups[n].clearLayers();
        MV.leaves[n] = leavesOf(data.layers[n], ENTITY_PANES[n] || 'markerPane', true);
      });
      MV.shownKey = null;
    }
    var f = state.f, chosen = chosenDocs(f, MV.docs), shown = {}, kinds = {}, flags = {};
    Object.keys(MV.ents).forEach(function (id) {
      var n = citing(MV.ents[id], f, chosen);
      if (n) {
        var e = MV.ents[id];
        shown[id] = n; kinds[e.t + '\u0000' + e.k] = true;
        if (e.b === 'inferred') { flags.inferred = true; }
        if (e.p) { flags.partial = true; }
      }
    });
    var key = JSON.stringify(shown);
    if (key !== MV.shownKey) {
      MV.shownKey = key;
      ['zones', 'basins', 'pairings', 'platforms'].forEach(function (n) {
        var group = MV.groups[n], add = [], drop = [];
        MV.leaves[n].forEach(function (x) {
          var on = x.ids.filter(function (id) { return shown[id]; });
          if (on.length) {
            var p = x.layer.feature.properties;
            p.eid = on[0]; p.id = on[0];   // a river shared by basins: a click selects a shown one
            if (x.arc) {
              var w = arcWeight(shown[on[0]]);
              if (p.s.weight !== w) { p.s.weight = w; x.layer.setStyle({weight: w}); }
            }
          }
          if (on.length && !x.on) { add.push(x.layer); } else if (!on.length && x.on) { drop.push(x.layer); }
          x.on = on.length > 0;
        });
        // only what changed is removed or added (a filter click touches few features)
        if (group.removeLayers) { group.removeLayers(drop); group.addLayers(add); } else {
          drop.forEach(function (l) { group.removeLayer(l); });
          add.forEach(function (l) { group.addLayer(l); });
        }
      });
    }
    legend(map, MV.legendData, kinds, flags);
    MV.shown = shown;
  }

  /* ------------------------------------------------------------------ the legend */
  function legend(map, data, kinds, flags) {
    var MV = window.MV, out = [], any = false;
    if (!data) { return; }
    out.push('<details class="mv-legend-box"><summary><b>' + data.title + '</b></summary><div class="mv-legend-items">');
    var listed = {};   // a kind of two layers (横向生态补偿) has one colour: listed once
    data.groups.forEach(function (g) {
      var items = g.items.filter(function (it) {
        if (!kinds[g.t + '\u0000' + it[0]] || listed[it[0]]) { return false; }
        listed[it[0]] = true; return true;
      });
      if (!items.length) { return; }
      any = true;
      out.push('<div class="mv-legend-group"><b>' + g.head + '</b>');
      items.forEach(function (it) { out.push(it[1]); });
      out.push('</div>');
    });
    var notes = (data.notes || []).filter(function (n) { return flags[n[0]]; });
    if (notes.length) {
      out.push('<div class="mv-legend-group mv-legend-notes">');
      notes.forEach(function (n) { out.push(n[1]); });
      out.push('</div>');
    }
    out.push('</div></details>');
    window.mvLegend(map, any ? out.join('') : '');
  }

  /* mvLegend(map, html): top right (over the sea and Russia at the national view, not over
     western China), folded on a narrow map and open on a wide one (present mode); a fold or
     unfold by the user is kept when the legend is rebuilt after a filter change */
  window.mvLegend = function (map, html) {
    if (window.mvLegendHtml === html && window.mvLegendCtl) { return; }
    window.mvLegendHtml = html;
    if (window.mvLegendCtl) { map.removeControl(window.mvLegendCtl); window.mvLegendCtl = null; }
    if (!html) { return; }
    var Legend = L.Control.extend({options: {position: 'topright'},
      onAdd: function () {
        var d = L.DomUtil.create('div', 'mv-legend'); d.innerHTML = html;
        var box = d.querySelector('details');
        if (box) {
          box.open = window.mvLegendOpen !== undefined ? window.mvLegendOpen : map.getSize().x >= 900;
          box.addEventListener('toggle', function () { window.mvLegendOpen = box.open; window.mvDeclutter(map); });
        }
        L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d); return d;
      }});
    window.mvLegendCtl = new Legend(); window.mvLegendCtl.addTo(map);
  };

  /* ------------------------------------------------------------------ the base map */
  function showBase(map, state, data) {
    var MV = window.MV;
    if (!data || MV.baseUrl === state.base) { return; }
    MV.baseUrl = state.base;
    [['neighbours', 'mvBase', false], ['provinces', 'mvBase', true], ['maritime', 'mvBase', false],
     ['labels', 'mvLabels', false]].forEach(function (b) {
      MV.leaves[b[0]] = leavesOf(data[b[0]], b[1], b[2]);
      refill(MV.groups[b[0]], MV.leaves[b[0]]);
    });
    window.mvInset(map, data.inset.svg, data.inset.title, data.inset.box);
    MV.tilesKey = undefined;
  }

  /* mvInset(map, svg, title, box): the 南海诸岛 inset, shown whenever the view does not hold the
     whole maritime line (its box), i.e. whenever the South China Sea islands are cropped, as the
     standard depiction requires */
  window.mvInset = function (map, svg, title, box) {
    if (window.mvInsetCtl) { map.removeControl(window.mvInsetCtl); }
    var Inset = L.Control.extend({options: {position: 'bottomright'},
      onAdd: function () {
        var d = L.DomUtil.create('div', 'mv-inset');
        d.style.position = 'relative';
        d.innerHTML = svg;
        var t = L.DomUtil.create('span', 'mv-inset-title', d); t.textContent = title;
        L.DomEvent.disableClickPropagation(d); return d;
      }});
    var inset = window.mvInsetCtl = new Inset(); inset.addTo(map);
    var line = L.latLngBounds(box);
    function toggle() {
      var c = inset.getContainer(); if (!c) { return; }
      c.style.display = map.getBounds().contains(line) ? 'none' : '';
    }
    if (!window.mvInsetHooked) { window.mvInsetHooked = true; map.on('moveend zoomend resize', function () { window.mvInsetToggle(); }); }
    window.mvInsetToggle = toggle;
    setTimeout(toggle, 0);
  };

  /* ------------------------------------------------------------------ overlays, selection, tiles */
  function overlay(name, url, data, pane, interactive) {
    var MV = window.MV, key = url || '';
    if (MV[name + 'Url'] === key) { return; }
    MV[name + 'Url'] = key;
    MV.leaves[name] = leavesOf(data, pane, interactive);
    refill(MV.groups[name], MV.leaves[name]);
  }

  /* mvSelect(map, id): emphasise the selected entity (or province, by adcode), un-emphasise the
     previous one; the selected shapes get the class mv-selected */
  window.mvSelect = function (map, sel, hl) {
    (window.mvSelected || []).forEach(function (l) {
      if (l.feature && l.setStyle) { l.setStyle(l.feature.properties.s); }
      if (l._path) { l._path.classList.remove('mv-selected'); }
    });
    window.mvSelected = [];
    if (!sel) { return; }
    hl = hl || '#d62728';
    map.eachLayer(function (l) {
      var p = l.feature && l.feature.properties;
      if (!p || p.id !== sel || !l.setStyle || (p.s && p.s.interactive === false)) { return; }
      l.setStyle({weight: (p.s.weight || 1) + 3, color: p.kind === 'province' ? hl : (p.s.color || hl),
                  fillOpacity: p.kind === 'province' ? 1 : Math.min(0.45, (p.s.fillOpacity || 0) + 0.15)});
      if (l._path) { l._path.classList.add('mv-selected'); }
      if (l.bringToFront && p.kind !== 'province') { l.bringToFront(); }
      window.mvSelected.push(l);
    });
  };

  function tiles(map, t) {
    var MV = window.MV, key = t ? t.url : '';
    if (MV.tilesKey === key) { return; }
    MV.tilesKey = key;
    if (MV.tileLayer) { map.removeLayer(MV.tileLayer); MV.tileLayer = null; }
    if (t) { MV.tileLayer = L.tileLayer(t.url, {attribution: t.attr || '', maxZoom: 19}).addTo(map); }
    var op = t ? 0.05 : 1;   // let the tiles show through
    ['provinces', 'neighbours'].forEach(function (n) {
      (MV.leaves[n] || []).forEach(function (x) {
        x.layer.feature.properties.s.fillOpacity = op; x.layer.setStyle({fillOpacity: op});
      });
    });
  }

  /* mvApply(map, state): see the top of this file. States are applied in order; one that arrives
     while files are still loading supersedes the one before it. */
  window.mvApply = function (map, state) {
    var MV = window.MV;
    if (!MV) { return; }
    var seq = ++MV.seq;
    MV.state = state;
    MV.applyStart = performance.now();
    Promise.all([load(state.base), load(state.ents), load(state.outlines), load(state.highlight),
                 load(state.candidates)]).then(function (r) {
      if (seq !== MV.seq) { return; }
      var t = MV.timing = {loaded: performance.now()};
      showBase(map, state, r[0]);
      t.base = performance.now();
      showEntities(map, state, r[1]);
      t.entities = performance.now();
      overlay('highlight', state.highlight, r[3], 'mvHighlight', false);
      overlay('selection', state.outlines, r[2], 'mvSelection', !!state.outlinesClickable);
      overlay('candidates', state.candidates, r[4], 'mvCandidates', true);
      tiles(map, state.tiles);
      window.mvSelect(map, state.sel, state.hl);
      window.mvMessage(map, state.msg);
      window.mvDeclutter(map);
      t.done = performance.now();
      document.documentElement.setAttribute('data-mv-applied', String(seq));
    }).catch(function (e) {
      document.documentElement.setAttribute('data-mv-error', String(e));
      if (window.console) { console.warn('map data', e); }
    });
  };

  /* mvMessage(map, text): a message over the middle of the map (e.g. "nothing matches the
     filters"), plain text; none when text is empty. The box is .mv-map-message. */
  window.mvMessage = function (map, text) {
    var box = map.getContainer().querySelector('.mv-map-message');
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement('div');
      box.className = 'mv-map-message';
      box.setAttribute('role', 'status');
      box.style.cssText = 'position:absolute;left:50%;top:40%;transform:translate(-50%,-50%);z-index:1000;' +
        'max-width:70%;padding:10px 16px;background:rgba(255,255,255,.94);border:1px solid #b2182b;' +
        'border-radius:6px;font:14px/1.4 sans-serif;color:#333;text-align:center;pointer-events:none';
      map.getContainer().appendChild(box);
    }
    box.textContent = text;
  };

  /* mvDeclutter(map): province labels that read (issue 13). Labels are placed in priority order
     (property r: the capital, then by area, mapview.labels.province_priority); each tries its
     place, then above, below, right and left of it, and stays hidden (visibility, class
     mv-label-hidden) when every position overlaps a label already placed, a platform marker, a
     cluster bubble, the legend or the inset. Measured on the page (getBoundingClientRect), so it holds for the real font,
     zoom and map size; rerun after every zoom, move, cluster change and state. */
  window.mvDeclutter = function (map) {
    var MV = window.MV;
    if (!MV || !MV.leaves || !MV.leaves.labels) { return; }
    var GAP = 2, placed = [], avoid = [];
    map.getContainer().querySelectorAll('.marker-cluster, .leaflet-marker-icon.mv-feature, .mv-legend, .mv-inset').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && r.height) { avoid.push(r); }
    });
    function hits(a, b) {
      return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
    }
    var labels = MV.leaves.labels.map(function (x) { return x.layer; }).filter(function (l) { return l._icon; });
    labels.sort(function (a, b) { return ((a.feature.properties.r || 0) - (b.feature.properties.r || 0)); });
    labels.forEach(function (l) {
      var el = l._icon, span = el.querySelector('span') || el;
      span.style.position = 'relative';
      span.style.left = '0px'; span.style.top = '0px';
      var r0 = span.getBoundingClientRect(), w = r0.width, h = r0.height, ok = null;
      var moves = [[0, 0], [0, -(h + GAP)], [0, h + GAP], [(w + 24) / 2, 0], [-(w + 24) / 2, 0]];
      for (var i = 0; i < moves.length && !ok; i++) {
        var r = {left: r0.left + moves[i][0], right: r0.right + moves[i][0],
                 top: r0.top + moves[i][1], bottom: r0.bottom + moves[i][1]};
        if (!placed.some(function (p) { return hits(r, p); }) && !avoid.some(function (p) { return hits(r, p); })) {
          ok = r; span.style.left = moves[i][0] + 'px'; span.style.top = moves[i][1] + 'px';
        }
      }
      el.style.visibility = ok ? '' : 'hidden';
      el.classList.toggle('mv-label-hidden', !ok);
      if (ok) { placed.push(ok); }
    });
  };

  /* mvDeclutterHook(map): runs mvDeclutter once the map (and the marker clusters, which redraw
     on the same events) settled after a zoom, a move or a resize */
  window.mvDeclutterHook = function (map) {
    var timer = null;
    function later() { if (timer) { clearTimeout(timer); } timer = setTimeout(function () { window.mvDeclutter(map); }, 80); }
    map.on('zoomend moveend resize', later);
    var pl = window.MV && window.MV.groups.platforms;
    if (pl && pl.on) { pl.on('animationend spiderfied unspiderfied', later); }
  };

  /* mvViewSync(map): keeps view=lat,lng,zoom in the page URL for views the user made (drag,
     wheel, buttons, keys) or opened from a shared URL. The page script rewrites the query string
     on every rerun without knowing the view, so a light poll puts it back. */
  window.mvViewSync = function (map) {
    var byUser = false, box = map.getContainer(), wanted = null;
    try { wanted = new URL(window.parent.location.href).searchParams.get('view'); } catch (e) { /* no parent */ }
    ['mousedown', 'wheel', 'touchstart', 'keydown', 'dblclick'].forEach(function (ev) {
      box.addEventListener(ev, function () { byUser = true; }, {passive: true, capture: true});
    });
    function put() {
      if (!wanted) { return; }
      try {
        var w = window.parent;  // the presentation-mode link opens this view too
        w.document.querySelectorAll('a.mv-present-link').forEach(function (a) {
          var h = new URL(a.getAttribute('href'), w.location.href);
          if (h.searchParams.get('view') !== wanted) { h.searchParams.set('view', wanted); a.setAttribute('href', h.search); }
        });
      } catch (e) { /* no parent */ }
      try {
        var w2 = window.parent, u = new URL(w2.location.href);
        if (u.searchParams.get('view') === wanted) { return; }
        u.searchParams.set('view', wanted); w2.history.replaceState(w2.history.state, '', u.toString());
      } catch (e) { /* no parent */ }
    }
    map.on('moveend', function () {
      if (!byUser) { return; }
      var c = map.getCenter(); wanted = c.lat.toFixed(2) + ',' + c.lng.toFixed(2) + ',' + map.getZoom(); put();
    });
    if (window.mvViewTimer) { clearInterval(window.mvViewTimer); }
    window.mvViewTimer = setInterval(put, 700);
  };
}());

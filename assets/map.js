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
    if (p.ti !== undefined) {   // an interned tooltip line (mapview.payload._intern_styles)
      p.t = p.t + '<br>' + ((window.MV.tips || [])[p.ti] || ''); delete p.ti;
    }
    if (p.ci !== undefined && p.c === undefined) {   // an interned class (mapview.payload._intern_styles)
      var k = (window.MV.classes || [])[p.ci] || ['', ''];
      p.c = k[0].split('\u0001').join(p.id);
      if (p.etype === undefined && k[1]) { p.etype = k[1]; }
      if (p.eid === undefined && !p.ne) { p.eid = p.id; }
    }
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
      MV.ents = data.ents; MV.docs = data.docs; MV.legendData = data.legend; MV.styles = data.styles || []; MV.classes = data.classes || []; MV.tips = data.tips || [];
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
    var cmp = MV.state && MV.state.compare;   // compare mode: its three styles replace the kinds' colours
    if (cmp && cmp.legend) { out.push(cmp.legend); any = true; }
    (cmp && cmp.legend ? [] : data.groups).forEach(function (g) {
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
    var notes = (data.notes || []).filter(function (n) { return flags[n[0]]; }).map(function (n) {
      // compare mode: the note on inferred rows says that the colour still gives the class
      return cmp && cmp.legend && n[0] === 'inferred' && cmp.inferredNote ? [n[0], cmp.inferredNote] : n;
    });
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
      window.mvCompare(map, state.compare);
      window.mvSelect(map, state.sel, state.hl);
      window.mvMessage(map, state.msg);
      window.mvDeclutter(map);
      if (window.mvAfterApply) { window.mvAfterApply(map, state); }
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

  /* mvViewSync(map): keeps view=south,west,north,east (the map's bounds, rounded inwards to
     0.01 degree, so that fitting them again gives the same zoom) in the page URL for views the
     user made (drag, wheel, buttons, keys), framed by mvFit for a place, or opened from a shared
     URL (an older view=lat,lng,zoom link is kept as it came). The page script rewrites the query
     string on every rerun without knowing the view, so a light poll puts it back; links with
     the class mv-present-link or mv-view-link get it too. window.mvViewSave(map) takes the
     current bounds as the view. */
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
        w.document.querySelectorAll('a.mv-present-link, a.mv-view-link').forEach(function (a) {
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
    function save() { wanted = window.mvBoundsText(map.getBounds()); put(); }
    window.mvViewSave = save;
    map.on('moveend', function () {
      if (!byUser) { return; }
      save();
    });
    if (window.mvViewTimer) { clearInterval(window.mvViewTimer); }
    window.mvViewTimer = setInterval(put, 700);
  };

  /* ------------------------------------------------------------------ framing and present mode
     (issue 12). mvAfterApply(map, state) runs after every applied state: present mode
     (state.present: mvPresent), the map buttons (fit to results, copy link: mvButtons, not with
     chrome=0), the framing (state.fit: mvFit, once per fit key) and, in present mode, the legend's
     corner (mvLegendPlace). */
  window.mvAfterApply = function (map, state) {
    var pr = state.present;
    if (!map._mvRefitHooked) {   // a frame that changes size (the page's layout settling, the
      map._mvRefitHooked = true;  // window resized) keeps the last framing until the user moves
      var box = map.getContainer(), timer = null;
      ['mousedown', 'wheel', 'touchstart', 'keydown', 'dblclick'].forEach(function (ev) {
        box.addEventListener(ev, function (e) {
          if (!(e.target.closest && e.target.closest('.mv-buttons'))) { window.mvUserMoved = true; }
        }, {passive: true, capture: true});
      });
      map.on('resize', function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (window.mvLastFit && !window.mvUserMoved) { window.mvFit(map, window.mvLastFit); }
          if (window.MV && window.MV.state && window.MV.state.present) { window.mvLegendPlace(map); }
        }, 150);
      });
    }
    if (pr) { window.mvPresent(map, pr); }
    if (!pr || pr.chrome) { window.mvButtons(map, state.ui || {}); }
    if (state.fit && state.fit.key !== map._mvFitKey) {   // once per key and map (the component may make a new map)
      map._mvFitKey = window.mvFitKey = state.fit.key;
      window.mvFit(map, state.fit);
    }
    if (pr) { window.mvSelLabel(map, state.sel, pr.label); window.mvLegendPlace(map); }
  };

  /* mvBoundsText(bounds): "south,west,north,east" rounded inwards to 0.01 degree */
  window.mvBoundsText = function (b) {
    function r(v, up) { return (up ? Math.ceil(v * 100 - 1e-9) : Math.floor(v * 100 + 1e-9)) / 100; }
    return [r(b.getSouth(), true), r(b.getWest(), true), r(b.getNorth(), false), r(b.getEast(), false)]
      .map(function (v) { return v.toFixed(2); }).join(',');
  };

  /* the bounds of everything shown now: the shown entities and the searched place's outline */
  window.mvShownBounds = function () {
    var MV = window.MV, b = null;
    ['zones', 'basins', 'pairings', 'platforms', 'highlight'].forEach(function (n) {
      var g = MV.groups[n];
      if (!g || !g.getLayers().length) { return; }
      var gb = g.getBounds();
      if (gb && gb.isValid()) { b = b ? b.extend(gb) : L.latLngBounds(gb.getSouthWest(), gb.getNorthEast()); }
    });
    return b;
  };

  /* the padding that keeps framed features clear of the caption (present mode) */
  function fitPadding(map) {
    var cap = map.getContainer().querySelector('.mv-caption');
    var top = cap ? cap.getBoundingClientRect().bottom - map.getContainer().getBoundingClientRect().top : 0;
    return {paddingTopLeft: [16, Math.max(16, top + 8)], paddingBottomRight: [16, 16]};
  }

  /* mvFit(map, fit): frame fit.bounds ([[s, w], [n, e]], a shared link's view: exactly those
     bounds, at any width) or, with fit.shown, everything shown (a place and all its partners;
     the "fit to results" button), then keep the new view in the URL */
  window.mvFit = function (map, fit) {
    window.mvLastFit = fit; window.mvUserMoved = false;
    // a zoom animation still running (the map's first framing) would end on its own target
    if (map._animatingZoom) { map.once('zoomend', function () { window.mvFit(map, fit); }); return; }
    if (fit.bounds) {
      map.fitBounds(L.latLngBounds(fit.bounds), {animate: false});
    } else {
      var b = window.mvShownBounds();
      if (!b) { return; }
      map.fitBounds(b, Object.assign({animate: false, maxZoom: 8}, fitPadding(map)));
      if (window.mvViewSave) { window.mvViewSave(map); }
    }
    var z = map.getZoom();
    fit._tries = (fit._tries || 0) + 1;
    setTimeout(function () {   // undone by an animation that had not started yet: once more
      if (map.getZoom() !== z && !window.mvUserMoved && window.mvLastFit === fit && fit._tries < 4) { window.mvFit(map, fit); }
    }, 400);
  };

  /* mvCopy(text, done): put text on the clipboard (the page's clipboard API, else a selected
     textarea and the copy command); done(ok) */
  window.mvCopy = function (text, done) {
    var w = window.parent || window;
    function fallback() {
      var ok = false;
      try {
        var doc = w.document, ta = doc.createElement('textarea');
        ta.value = text; ta.setAttribute('readonly', ''); ta.style.position = 'fixed'; ta.style.opacity = '0';
        doc.body.appendChild(ta); ta.select(); ok = doc.execCommand('copy'); doc.body.removeChild(ta);
      } catch (e) { ok = false; }
      done(ok);
    }
    try {
      if (w.navigator.clipboard && w.navigator.clipboard.writeText) {
        w.navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
        return;
      }
    } catch (e) { /* no clipboard API */ }
    fallback();
  };

  var LINK_ICON = '<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="#333" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7"/><path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7"/></svg>';

  /* mvButtons(map, words): two map buttons under the zoom buttons, "fit to results"
     (a.mv-btn-fit) and "copy link" (a.mv-btn-copy: the page's address with its view) */
  window.mvButtons = function (map, words) {
    if (map._mvButtons) { return; }
    var Buttons = L.Control.extend({options: {position: 'topleft'},
      onAdd: function () {
        var d = L.DomUtil.create('div', 'leaflet-bar mv-buttons');
        function button(cls, glyph, title, act) {
          var a = L.DomUtil.create('a', cls, d);
          a.href = '#'; a.setAttribute('role', 'button'); a.title = title; a.setAttribute('aria-label', title);
          if (glyph.charAt(0) === '<') { a.innerHTML = glyph; } else { a.textContent = glyph; }
          L.DomEvent.on(a, 'click', function (ev) { L.DomEvent.preventDefault(ev); act(a); });
        }
        button('mv-btn-fit', '\u2922', words.fit_results || 'Fit', function () { window.mvFit(map, {shown: true}); });
        button('mv-btn-copy', LINK_ICON, words.copy_link || 'Copy link', function (a) {
          if (window.mvViewSave && !/[?&]view=/.test(window.parent.location.search)) { window.mvViewSave(map); }
          window.mvCopy(window.parent.location.href, function (ok) {
            a.classList.toggle('mv-copied', ok); a.title = ok ? (words.link_copied || 'Copied') : (words.copy_link || '');
            if (ok) { a.textContent = '\u2713'; }
            setTimeout(function () { a.innerHTML = LINK_ICON; a.classList.remove('mv-copied'); }, 1500);
          });
        });
        L.DomEvent.disableClickPropagation(d);
        return d;
      }});
    map._mvButtons = window.mvButtonsCtl = new Buttons(); map._mvButtons.addTo(map);
  };

  /* mvPresent(map, pr): present mode. The map's iframe fills the window below the page's bar
     (and follows its size), html gets the class mv-present (and mv-nochrome with chrome=0: no
     zoom buttons, scale bar or map buttons, map.css), and a caption box on the map says what is
     shown (pr.title, pr.caption: documents, place, selection, counts) */
  window.mvPresent = function (map, pr) {
    var root = document.documentElement;
    root.classList.add('mv-present');
    root.classList.toggle('mv-nochrome', !pr.chrome);
    function size() {
      var fe = window.frameElement, w = window.parent;
      if (!fe || !w) { return; }
      var top = fe.getBoundingClientRect().top + (w.scrollY || 0);
      var h = Math.max(240, Math.floor(w.innerHeight - top - 2));
      fe.style.setProperty('height', h + 'px', 'important');
      // whatever still overflows (the element's margins, the page's padding) comes off the map
      var main = w.document.querySelector('[data-testid="stMain"]'), se = w.document.scrollingElement;
      var over = Math.max(main ? main.scrollHeight - main.clientHeight : 0, se ? se.scrollHeight - se.clientHeight : 0);
      if (over > 0) { h = Math.max(240, h - over); fe.style.setProperty('height', h + 'px', 'important'); }
      var box = map.getContainer();
      if (box.style.height !== h + 'px') { box.style.height = h + 'px'; map.invalidateSize({pan: false}); }
    }
    size();
    if (!map._mvPresentHooked) {
      map._mvPresentHooked = true;
      try { window.parent.addEventListener('resize', function () { size(); window.mvLegendPlace(map); }); } catch (e) { /* no parent */ }
      setInterval(size, 1000);   // the page's bar may change height after a rerun
    }
    if (!map._mvCaption) {
      var Caption = L.Control.extend({options: {position: 'topleft'},
        onAdd: function () { var d = L.DomUtil.create('div', 'mv-caption'); L.DomEvent.disableClickPropagation(d); return d; }});
      map._mvCaption = new Caption(); map._mvCaption.addTo(map);
    }
    var c = map._mvCaption.getContainer();
    c.innerHTML = '';
    var t = L.DomUtil.create('div', 'mv-caption-title', c); t.textContent = pr.title || '';
    var s = L.DomUtil.create('div', 'mv-caption-text', c); s.textContent = pr.caption || '';
  };

  /* mvSelLabel(map, sel, text): the selected feature's name as a permanent label on the map
     (div.mv-sel-label), at the middle of its shape; none without a selection */
  window.mvSelLabel = function (map, sel, text) {
    if (window.mvSelLabelLayer) { map.removeLayer(window.mvSelLabelLayer); window.mvSelLabelLayer = null; }
    var layers = (window.mvSelected || []).filter(function (l) { return l._map; });
    if (!sel || !text || !layers.length) { return; }
    var l = layers[0], at = l.getCenter ? l.getCenter() : (l.getLatLng ? l.getLatLng() : null);
    if (!at) { return; }
    window.mvSelLabelLayer = L.tooltip({permanent: true, direction: 'top', className: 'mv-sel-label', interactive: false,
                                        pane: 'tooltipPane'}).setLatLng(at).setContent(esc(text)).addTo(map);
  };

  /* mvLegendPlace(map): present mode puts the legend in the map's corner where it covers the
     fewest shown features and never the selection; when every corner would cover the selection
     the legend is folded (only its title shows) in the least bad corner */
  window.mvLegendPlace = function (map) {
    var ctl = window.mvLegendCtl, MV = window.MV;
    if (!ctl || !ctl.getContainer() || !MV) { return; }
    var box = ctl.getContainer().querySelector('details');
    var mapBox = map.getContainer().getBoundingClientRect();
    function rectOf(layer) {
      var b = layer.getBounds ? layer.getBounds() : (layer.getLatLng ? L.latLngBounds([layer.getLatLng()]) : null);
      if (!b || !b.isValid()) { return null; }
      var p1 = map.latLngToContainerPoint(b.getNorthWest()), p2 = map.latLngToContainerPoint(b.getSouthEast());
      return {x0: Math.min(p1.x, p2.x) - 6, y0: Math.min(p1.y, p2.y) - 6, x1: Math.max(p1.x, p2.x) + 6, y1: Math.max(p1.y, p2.y) + 6};
    }
    var sel = (window.mvSelected || []).map(rectOf).filter(Boolean);
    if (window.mvSelLabelLayer && window.mvSelLabelLayer.getElement()) {
      var r = window.mvSelLabelLayer.getElement().getBoundingClientRect();
      sel.push({x0: r.left - mapBox.left, y0: r.top - mapBox.top, x1: r.right - mapBox.left, y1: r.bottom - mapBox.top});
    }
    var pts = [];
    ['pairings', 'platforms', 'zones', 'basins'].forEach(function (n) {
      (MV.groups[n] ? MV.groups[n].getLayers() : []).forEach(function (l) {
        var q = rectOf(l); if (q) { pts.push(q); }
      });
    });
    function overlap(a, b) {
      return Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
    }
    function score() {
      var c = ctl.getContainer().getBoundingClientRect();
      var r = {x0: c.left - mapBox.left, y0: c.top - mapBox.top, x1: c.right - mapBox.left, y1: c.bottom - mapBox.top};
      var hit = sel.reduce(function (s, q) { return s + overlap(r, q); }, 0);
      var area = Math.max(1, (r.x1 - r.x0) * (r.y1 - r.y0));
      var covered = pts.reduce(function (s, q) { return s + Math.min(overlap(r, q), 0.25 * area); }, 0);
      return {hit: hit, covered: covered};
    }
    var best = null, mapArea = mapBox.width * mapBox.height;
    if (box) { box.open = true; }
    var lb = ctl.getContainer().getBoundingClientRect();
    // compact: a legend that would take more than an eighth of the map starts folded
    var canOpen = lb.width * lb.height <= mapArea / 8;
    (canOpen ? [true, false] : [false]).some(function (open) {
      if (box) { box.open = open; }
      ['topright', 'bottomleft', 'topleft', 'bottomright'].forEach(function (pos) {
        ctl.setPosition(pos);
        var s = score();
        if (!best || s.hit < best.hit || (s.hit === best.hit && best.open === open && s.covered < best.covered)) {
          best = {pos: pos, open: open, hit: s.hit, covered: s.covered};
        }
      });
      return best.hit === 0;   // an open legend clear of the selection: done
    });
    if (box) { box.open = best.open; }
    ctl.setPosition(best.pos);
    ctl.getContainer().setAttribute('data-mv-corner', best.pos);
  };

  /* ------------------------------------------------------------------ compare mode */
  /* mvCompare(map, cmp): compare mode (mapview.compare.compare_state). cmp.ids maps each class
     (added / dropped / shared) to entity ids, cmp.styles each class to a path style (color,
     dashArray, fillOpacity) and its CSS class (cls: mv-added / mv-dropped / mv-shared). Every
     shown feature of a compared entity gets its class's style, and the class beside mv-id-<id>
     (platform markers: on the marker's icon, so a clustered marker has it when it shows); its own
     style comes back when compare mode ends or the entity changes class. No geometry is sent.
     An inferred feature (class mv-inferred, mapview.layers.mark_basis) keeps that class, its own
     dash and its lighter fill in every class: the colour says added / dropped / shared, the dash
     that the curators inferred it (the legend says both: cmp.inferredNote). */
  var CMP_CLASSES = ['mv-added', 'mv-dropped', 'mv-shared'];
  function cmpClassName(base, cls) {
    var c = String(base || '').split(/\s+/).filter(function (k) { return k && CMP_CLASSES.indexOf(k) < 0; });
    if (cls) { c.push(cls); }
    return c.join(' ');
  }
  function cmpRestyle(x, st) {
    var l = x.layer, p = l.feature.properties, s = p.s || (p.s = {});
    if (!x.cmpBase) {
      x.cmpBase = {className: s.className || '', color: s.color, dashArray: s.dashArray, fillColor: s.fillColor,
                   fillOpacity: s.fillOpacity};
    }
    var b = x.cmpBase, feature = /\bmv-feature\b/.test(b.className), cls = st && feature ? st.cls : '';
    if (l.setIcon && l.options && l.options.icon) {        // a platform marker: the class on its icon
      var io = l.options.icon.options, name = cmpClassName(io.className, cls);
      if (b.html === undefined) { b.html = io.html; }
      var ring = st ? 'stroke="' + esc(st.color) + '" stroke-width="3.5"' +
        (st.dashArray ? ' stroke-dasharray="' + esc(st.dashArray) + '"' : '') : 'stroke="#fff" stroke-width="2"';
      var htm = typeof b.html === 'string' ? b.html.replace('stroke="#fff" stroke-width="2"', ring) : b.html;
      if (name !== io.className || htm !== io.html) {
        l.setIcon(L.divIcon(Object.assign({}, io, {className: name, html: htm})));
      }
      return;
    }
    if (!l.setStyle) { return; }
    if (st) {
      var area = p.etype === 'zone' || p.etype === 'basin', inferred = /\bmv-inferred\b/.test(b.className);
      s.color = st.color; s.dashArray = (inferred ? b.dashArray : st.dashArray) || null;
      if (area) { s.fillColor = st.color; s.fillOpacity = st.fillOpacity * (inferred ? 0.25 : 0.5); }
    } else {
      s.color = b.color; s.dashArray = b.dashArray || null; s.fillColor = b.fillColor; s.fillOpacity = b.fillOpacity;
    }
    s.className = cmpClassName(b.className, cls);
    l.options.className = s.className;                    // kept when Leaflet re-creates the path
    l.setStyle({color: s.color, dashArray: s.dashArray, fillColor: s.fillColor, fillOpacity: s.fillOpacity});
    if (l._path) {
      CMP_CLASSES.forEach(function (k) { l._path.classList.remove(k); });
      if (cls) { l._path.classList.add(cls); }
    }
  }
  window.mvCompare = function (map, cmp) {
    var MV = window.MV, status = {};
    if (!MV) { return; }
    if (cmp && cmp.ids) {
      Object.keys(cmp.ids).forEach(function (k) { cmp.ids[k].forEach(function (id) { status[id] = k; }); });
    }
    var count = {};
    ['zones', 'basins', 'pairings', 'platforms'].forEach(function (n) {
      (MV.leaves[n] || []).forEach(function (x) {
        var p = x.layer.feature.properties, k = x.on ? status[p.eid] : undefined;
        var st = k && cmp.styles ? cmp.styles[k] : null;
        if (!st && !x.cmp) { return; }
        cmpRestyle(x, st);
        x.cmp = st ? k : null;
        if (st) { count[k] = (count[k] || 0) + 1; }
      });
    });
    MV.compared = status;       // tests: the class of each compared entity
    MV.comparedLeaves = count;  // the number of features drawn in each class
  };
}());

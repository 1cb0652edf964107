/* Served from assets/ (static/ -> assets/) into the map iframe, after Leaflet.
   mvDecode(geometry): the map's GeoJSON geometries come with integer coordinates (degrees x g.q),
   each line or ring delta-encoded (first position absolute, then differences), which makes the
   layers about half as large as decimal degrees; this restores plain GeoJSON in place. A geometry
   without "q" is left as it is. See mapview/render.py, geometry_json(). */
window.mvDecode = function mvDecode(g) {
  if (!g) { return g; }
  if (g.geometries) { g.geometries.forEach(mvDecode); return g; }
  var s = g.q, c = g.coordinates, t = g.type;
  if (!s) { return g; }
  function line(a) {
    var x = 0, y = 0;
    return a.map(function(p) { x += p[0]; y += p[1]; return [x / s, y / s]; });
  }
  g.coordinates = t === 'Point' ? [c[0] / s, c[1] / s]
    : (t === 'LineString' || t === 'MultiPoint') ? line(c)
    : (t === 'Polygon' || t === 'MultiLineString') ? c.map(line)
    : c.map(function(poly) { return poly.map(line); });
  delete g.q;
  return g;
};

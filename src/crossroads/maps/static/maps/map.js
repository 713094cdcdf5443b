/* The map of /map/, a progressive enhancement: draws the page's GeoJSON with Leaflet
   (linked by this page only) and sends the criteria as soon as one changes. Without
   JavaScript the form is sent by its buttons, and the lists under the map say the same. */
(function () {
  "use strict";
  var form = document.querySelector("form.map-criteria");
  if (form) {
    form.addEventListener("change", function (event) {
      if (event.target.type === "search") return; // words are sent with Enter
      var query = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (value) query.append(name, value); // without the empty fields: a clean address
      });
      window.location.search = query.toString();
    });
  }
  var box = document.getElementById("network-map");
  if (!box || !window.L || !window.fetch) return;

  var SIZES = { cities: 28, events: 22, signatories: 16 };
  // Where each layer's marker sits around its city, so that the three never hide each other.
  var ANCHORS = { cities: [14, 14], events: [-6, 28], signatories: [22, -6] };

  function element(tag, text, href) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (href) node.href = href;
    return node;
  }

  function escaped(text) {
    return element("span", text).innerHTML;
  }

  function popup(properties) {
    var content = element("div");
    content.appendChild(element("strong")).appendChild(element("a", properties.name, properties.url));
    content.appendChild(element("div", properties.label));
    if (properties.items) {
      var list = content.appendChild(element("ul"));
      properties.items.forEach(function (item) {
        var entry = list.appendChild(element("li"));
        entry.appendChild(element("a", item.name, item.url));
        if (item.label) entry.appendChild(document.createTextNode(" · " + item.label));
      });
    }
    return content;
  }

  function marker(properties, latlng) {
    var size = SIZES[properties.layer];
    var name = properties.name + ": " + properties.label;
    var icon = L.divIcon({
      className: "map-marker map-marker-" + properties.layer,
      html: properties.layer === "signatories" ? "" : String(properties.count),
      iconSize: [size, size],
      iconAnchor: ANCHORS[properties.layer],
      popupAnchor: [0, -size / 2]
    });
    var drawn = L.marker(latlng, { icon: icon, title: name });
    drawn.on("add", function () {
      drawn.getElement().setAttribute("aria-label", name);
    });
    return drawn.bindPopup(popup(properties));
  }

  function draw(map, data) {
    var overlays = {};
    var bounds = L.latLngBounds([]);
    var layers = {};
    Object.keys(data.layers).forEach(function (key) {
      layers[key] = L.layerGroup().addTo(map);
      overlays[escaped(data.layers[key])] = layers[key];
    });
    data.features.forEach(function (feature) {
      var point = feature.geometry.coordinates;
      var latlng = L.latLng(point[1], point[0]);
      marker(feature.properties, latlng).addTo(layers[feature.properties.layer]);
      bounds.extend(latlng);
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
  }

  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false }).setView([15, 25], 3);
  L.tileLayer(box.dataset.tiles, {
    maxZoom: 18,
    attribution: escaped(box.dataset.attribution)
  }).addTo(map);
  fetch(box.dataset.geojson, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    })
    .then(function (data) {
      draw(map, data);
    })
    .catch(function () {
      box.hidden = true;
    });
})();

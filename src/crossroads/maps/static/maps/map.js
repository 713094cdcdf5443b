/* The map of /map/, a progressive enhancement. The page itself is the criteria and the
   lists, which say everything the map shows; this script sends the criteria as soon as
   one changes, and draws the interactive map only when asked ("Show the interactive
   map"): Leaflet, its stylesheet, the map's own and the tiles are fetched then, not
   before. The choice is remembered in this browser (localStorage), so that people who
   want the map get it at once next time; hiding the map forgets it. */
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
  var toggle = document.getElementById("show-map");
  if (!box || !toggle || !window.fetch || !window.Promise) return;

  var REMEMBERED = "crossroads.map.shown";
  var SIZES = { cities: 28, events: 22, signatories: 18 };
  // Layers differ by shape and sign as well as colour: a round marker with a count for
  // cities, a square one with a count for events, a small round one with a tick for
  // signatories; the layers' control shows each beside its name.
  var SIGNS = { signatories: "✓" };
  // Where each layer's marker sits around its city, so that the three never hide each other.
  var ANCHORS = { cities: [14, 14], events: [-6, 28], signatories: [22, -6] };
  var labels = { show: toggle.textContent, hide: toggle.dataset.hide };
  var map = null;
  var bounds = null;
  var loading = false;

  function remember(shown) {
    try {
      if (shown) window.localStorage.setItem(REMEMBERED, "1");
      else window.localStorage.removeItem(REMEMBERED);
    } catch (error) {
      // Storage refused (private browsing): the choice lasts for this page only.
    }
  }

  function remembered() {
    try {
      return window.localStorage.getItem(REMEMBERED) === "1";
    } catch (error) {
      return false;
    }
  }

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) {
        node[name] = attributes[name];
      });
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  var leaflet = null;
  function loadLeaflet() {
    if (!leaflet) {
      leaflet = Promise.all([
        load("link", { rel: "stylesheet", href: box.dataset.leafletCss }),
        load("link", { rel: "stylesheet", href: box.dataset.mapCss }),
        load("script", { src: box.dataset.leafletJs })
      ]);
    }
    return leaflet;
  }

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
      html: SIGNS[properties.layer] || String(properties.count),
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

  function draw(data) {
    var overlays = {};
    var layers = {};
    Object.keys(data.layers).forEach(function (key) {
      layers[key] = L.layerGroup().addTo(map);
      var sign = escaped(SIGNS[key] || "");
      var keyMark = '<span class="map-key map-key-' + key + '" aria-hidden="true">' + sign + "</span> ";
      overlays[keyMark + escaped(data.layers[key])] = layers[key];
    });
    data.features.forEach(function (feature) {
      var point = feature.geometry.coordinates;
      var latlng = L.latLng(point[1], point[0]);
      marker(feature.properties, latlng).addTo(layers[feature.properties.layer]);
      bounds.extend(latlng);
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  }

  function fit() {
    map.invalidateSize();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
  }

  function hide() {
    box.hidden = true;
    toggle.textContent = labels.show;
    toggle.setAttribute("aria-expanded", "false");
  }

  function fail() {
    leaflet = null;
    loading = false;
    hide();
    document.getElementById("map-status").textContent = toggle.dataset.failed;
  }

  function show() {
    box.hidden = false;
    toggle.textContent = labels.hide;
    toggle.setAttribute("aria-expanded", "true");
    document.getElementById("map-status").textContent = "";
    if (map) {
      fit();
      return;
    }
    if (loading) return;
    loading = true;
    Promise.all([
      loadLeaflet(),
      fetch(box.dataset.geojson, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
      })
    ])
      .then(function (loaded) {
        map = L.map(box, { scrollWheelZoom: false }).setView([15, 25], 3);
        L.tileLayer(box.dataset.tiles, {
          maxZoom: 18,
          attribution: escaped(box.dataset.attribution)
        }).addTo(map);
        bounds = L.latLngBounds([]);
        draw(loaded[1]);
        fit();
      })
      .catch(fail);
  }

  toggle.addEventListener("click", function () {
    var shown = box.hidden;
    remember(shown);
    if (shown) show();
    else hide();
  });
  toggle.hidden = false;
  if (remembered()) show();
})();

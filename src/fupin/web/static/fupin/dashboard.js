// Charts of the region page: incidence of each child region (bars) and a map of the outlines
// under the region (provinces, counties, or the county itself) coloured by incidence. Data
// comes from #chart-data; the outlines from the application (chart.map.url). Another page
// (the monitoring dashboard) draws its own figures the same way: a rate in `incidence`, a
// count in `poor`, with its words and unit in `labels` and its drill-down in `map.link`.
(function () {
  var node = document.getElementById("chart-data");
  if (!node || !window.echarts) return;
  var data = JSON.parse(node.textContent);
  var english = document.documentElement.lang === "en";
  var words = data.labels || {
    rate: english ? "Poverty incidence (%)" : "贫困发生率（%）",
    count: english ? "Poor people (no rural population recorded)" : "贫困人口（未录入农村人口）",
    mapCount: english ? "Poor people" : "贫困人口",
    unit: "%",
    digits: 2,
    floor: 3
  };
  var rateText = function (v) { return v.toFixed(words.digits) + words.unit; };
  var rates = data.bars.some(function (b) { return b.incidence != null; });
  var label = rates ? words.rate : words.count;
  var drawn = [];
  var bars = document.getElementById("bars");
  if (bars && data.bars.length) {
    var barChart = echarts.init(bars);
    drawn.push(barChart);
    barChart.setOption({
      animation: false,
      title: { text: label, left: "center", textStyle: { fontSize: 13 } },
      grid: { left: 48, right: 16, top: 36, bottom: 80 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : rates ? rateText(v) : v.toLocaleString(); } },
      xAxis: { type: "category", data: data.bars.map(function (b) { return b.name; }), axisLabel: { rotate: 45, interval: 0, fontSize: 11 } },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: data.bars.map(function (b) { return rates ? b.incidence : b.poor; }), itemStyle: { color: "#b91c1c" } }]
    });
  }
  var map = document.getElementById("map");
  if (map && data.map) {
    var mapChart = echarts.init(map);
    drawn.push(mapChart);
    mapChart.showLoading({ text: "" });
    fetch(data.map.url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (geo) { drawMap(mapChart, geo, data.map); })
      .catch(function () {
        mapChart.hideLoading();
        mapChart.setOption({ title: { text: english ? "The map could not be loaded" : "地图未能加载", left: "center", top: "middle", textStyle: { fontSize: 13, color: "#6b7280" } } });
      });
  }

  // The outlines (GeoJSON from the application, features keyed by code) as a map coloured by
  // the figures, the borders of the level above drawn over them, one name per region where it
  // fits; regions with figures but no outline are named under the map.
  function drawMap(chart, geo, spec) {
    var areas = geo.features.filter(function (f) { return f.properties.kind !== "border"; });
    var borders = geo.features.filter(function (f) { return f.properties.kind === "border"; });
    var key = "fupin-" + (spec.code || "china");
    echarts.registerMap(key, { type: "FeatureCollection", features: areas });
    var outlined = {};
    areas.forEach(function (f) { outlined[f.properties.code] = f; });
    var figures = {};
    spec.areas.forEach(function (a) { figures[a.code] = a; });
    var name = function (code) {
      return figures[code] ? figures[code].name : outlined[code] ? outlined[code].properties.name : code;
    };
    var rated = spec.areas.some(function (a) { return a.incidence != null; });
    var values = spec.areas.filter(function (a) { return outlined[a.code]; }).map(function (a) {
      return { name: a.code, value: rated ? a.incidence : a.poor };
    });
    var top = Math.max.apply(null, values.map(function (v) { return v.value || 0; }).concat([rated ? words.floor : 1]));
    var box = bounds(areas);  // both maps framed alike, so the borders lie on the areas
    var series = [{
      type: "map", map: key, nameProperty: "code", boundingCoords: box, roam: false,
      data: values, selectedMode: false,
      itemStyle: { areaColor: "#f3f4f6", borderColor: "#9ca3af", borderWidth: 0.6 },
      emphasis: { itemStyle: { areaColor: "#60a5fa" }, label: { show: true } },
      label: { show: false, fontSize: 10, color: "#111827", formatter: function (p) { return name(p.name); } },
      labelLayout: { hideOverlap: true }
    }];
    if (borders.length) {
      echarts.registerMap(key + "-borders", { type: "FeatureCollection", features: borders });
      series.push({
        type: "map", map: key + "-borders", nameProperty: "code", boundingCoords: box, roam: false,
        silent: true, selectedMode: false, tooltip: { show: false }, label: { show: false },
        itemStyle: { areaColor: "rgba(0,0,0,0)", borderColor: "#374151", borderWidth: 1.2 },
        emphasis: { disabled: true }
      });
    }
    chart.hideLoading();
    chart.setOption({
      animation: false,
      title: { text: rated ? words.rate : words.mapCount, left: "center", textStyle: { fontSize: 13 } },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var shown = p.value == null || isNaN(p.value) ? "—" : rated ? rateText(p.value) : p.value.toLocaleString();
          return name(p.name) + " " + shown;
        }
      },
      visualMap: { min: 0, max: top, seriesIndex: 0, right: 0, top: "middle", text: [rated ? rateText(top) : top.toLocaleString(), "0"], calculable: false, inRange: { color: ["#fde68a", "#b91c1c"] } },
      series: series
    });
    // Names only where they fit: in a region whose box on screen holds the name (10 px type).
    var corner = chart.convertToPixel({ seriesIndex: 0 }, box[0]);
    var across = chart.convertToPixel({ seriesIndex: 0 }, box[1]);
    var xScale = (across[0] - corner[0]) / (box[1][0] - box[0][0]);
    var yScale = (across[1] - corner[1]) / (box[0][1] - box[1][1]);
    chart.setOption({
      series: [{
        data: areas.map(function (f) {
          var code = f.properties.code, b = bounds([f]);
          var fits = (b[1][0] - b[0][0]) * xScale >= name(code).length * 10 + 4 && (b[0][1] - b[1][1]) * yScale >= 16;
          var shown = figures[code] ? (rated ? figures[code].incidence : figures[code].poor) : null;
          return { name: code, value: shown == null ? NaN : shown, label: { show: fits } };
        })
      }]
    });
    chart.on("click", function (p) {
      var f = outlined[p.name];
      if (f && f.properties.kind === "area" && p.name !== spec.code) window.location = (spec.link || "/regions/{code}/").replace("{code}", p.name);
    });
    var missing = spec.areas.filter(function (a) { return !outlined[a.code]; }).map(function (a) { return a.name; });
    var note = document.getElementById("map-note");
    if (note && missing.length) {
      note.textContent = (english ? "No outline on the map (see the table): " : "地图上无边界（见下表）：") + missing.join(english ? ", " : "、");
      note.hidden = false;
    }
  }

  function bounds(features) {
    var west = 180, east = -180, south = 90, north = -90;
    var walk = function (c) {
      if (typeof c[0] === "number") {
        west = Math.min(west, c[0]); east = Math.max(east, c[0]);
        south = Math.min(south, c[1]); north = Math.max(north, c[1]);
      } else c.forEach(walk);
    };
    features.forEach(function (f) { walk(f.geometry.coordinates); });
    return [[west, north], [east, south]];
  }

  // A phone turned sideways or a resized window: redraw at the boxes' new width.
  window.addEventListener("resize", function () {
    drawn.forEach(function (chart) { chart.resize(); });
  });
})();

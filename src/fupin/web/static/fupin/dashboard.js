// Charts of the region page: incidence of each child region (bars) and, above the county,
// each county at its coordinates coloured by incidence. Data comes from #chart-data.
(function () {
  var node = document.getElementById("chart-data");
  if (!node || !window.echarts) return;
  var data = JSON.parse(node.textContent);
  var english = document.documentElement.lang === "en";
  var rates = data.bars.some(function (b) { return b.incidence != null; });
  var label = rates
    ? (english ? "Poverty incidence (%)" : "贫困发生率（%）")
    : (english ? "Poor people (no rural population recorded)" : "贫困人口（未录入农村人口）");
  var drawn = [];
  var bars = document.getElementById("bars");
  if (bars && data.bars.length) {
    var barChart = echarts.init(bars);
    drawn.push(barChart);
    barChart.setOption({
      animation: false,
      title: { text: label, left: "center", textStyle: { fontSize: 13 } },
      grid: { left: 48, right: 16, top: 36, bottom: 80 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : rates ? v.toFixed(2) + "%" : v.toLocaleString(); } },
      xAxis: { type: "category", data: data.bars.map(function (b) { return b.name; }), axisLabel: { rotate: 45, interval: 0, fontSize: 11 } },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: data.bars.map(function (b) { return rates ? b.incidence : b.poor; }), itemStyle: { color: "#b91c1c" } }]
    });
  }
  var map = document.getElementById("map");
  if (map && data.points.length) {
    var top = Math.max.apply(null, data.points.map(function (p) { return p.value[2]; }).concat([3]));
    var mapChart = echarts.init(map);
    drawn.push(mapChart);
    mapChart.setOption({
      animation: false,
      title: { text: english ? "Counties by incidence" : "各县贫困发生率", left: "center", textStyle: { fontSize: 13 } },
      tooltip: { formatter: function (p) { return p.data.name + " " + p.data.value[2].toFixed(2) + "%"; } },
      grid: { left: 48, right: 90, top: 36, bottom: 32 },
      xAxis: { type: "value", scale: true, name: english ? "lon" : "经度" },
      yAxis: { type: "value", scale: true, name: english ? "lat" : "纬度" },
      visualMap: { min: 0, max: top, dimension: 2, right: 0, top: "middle", text: ["%", ""], inRange: { color: ["#fde68a", "#b91c1c"] } },
      series: [{ type: "scatter", symbolSize: 9, data: data.points }]
    });
    mapChart.on("click", function (p) { window.location = "/regions/" + p.data.code + "/"; });
  }
  // A phone turned sideways or a resized window: redraw at the boxes' new width.
  window.addEventListener("resize", function () {
    drawn.forEach(function (chart) { chart.resize(); });
  });
})();

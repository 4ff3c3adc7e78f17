/* The resident's appeal form: region picker, current location, one submit per tap.
 * Without JavaScript the form still works: the region code is a plain text field.
 */
(function () {
  "use strict";

  // Where each level's digit group sits in the 12-digit code (R51).
  var GROUPS = { 3: [4, 6], 4: [6, 9], 5: [9, 12] };

  function pad(code) {
    return (code + "000000000000").slice(0, 12);
  }

  function codeAt(start, level) {
    // The start code's ancestor at `level`, or "" when the start is not that deep.
    if (!/^\d{12}$/.test(start)) return "";
    var group = GROUPS[level];
    if (/^0+$/.test(start.slice(group[0], group[1]))) return "";
    return pad(start.slice(0, group[1]));
  }

  function fill(select, regions, wanted) {
    select.length = 1;
    regions.forEach(function (region) {
      var option = new Option(region.name, region.code);
      if (region.code === wanted) option.selected = true;
      select.add(option);
    });
    select.disabled = regions.length === 0;
  }

  function loadChildren(select, parent, wanted) {
    return fetch("/api/v1/regions/" + parent + "/children", { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .catch(function () { return []; })
      .then(function (regions) { fill(select, regions, wanted); return regions.length; });
  }

  function initPicker(picker) {
    var input = picker.querySelector("input[name=region_code]");
    var selects = {};
    picker.querySelectorAll("select[data-level]").forEach(function (s) { selects[s.dataset.level] = s; });
    var root = picker.dataset.root;
    var start = pad(picker.dataset.start || root);

    function deepest() {
      for (var level = 5; level >= 3; level--) {
        if (selects[level].value) return selects[level].value;
      }
      return root;
    }

    function clearBelow(level) {
      for (var l = level + 1; l <= 5; l++) fill(selects[l], [], "");
    }

    loadChildren(selects[3], root, codeAt(start, 3)).then(function (count) {
      if (!count) return; // regions not loaded: keep the plain code field
      picker.querySelector(".m-region-fallback").hidden = true;
      picker.querySelector(".m-region-selects").hidden = false;
      var chain = Promise.resolve();
      [4, 5].forEach(function (level) {
        var parent = codeAt(start, level - 1);
        if (parent) chain = chain.then(function () { return loadChildren(selects[level], parent, codeAt(start, level)); });
        else fill(selects[level], [], "");
      });
    });

    [3, 4, 5].forEach(function (level) {
      selects[level].addEventListener("change", function () {
        clearBelow(level);
        var value = selects[level].value;
        if (value && level < 5) loadChildren(selects[level + 1], value, "");
        input.value = deepest();
      });
    });
  }

  function initLocate(form) {
    var button = form.querySelector("[data-locate]");
    var status = form.querySelector("[data-locate-status]");
    if (!button || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "正在获取位置……";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.querySelector("input[name=latitude]").value = position.coords.latitude.toFixed(6);
          form.querySelector("input[name=longitude]").value = position.coords.longitude.toFixed(6);
          status.textContent = "已记录您的位置（误差约 " + Math.round(position.coords.accuracy) + " 米）";
        },
        function () { status.textContent = "未能获取位置，请填写详细地址"; },
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
      );
    });
  }

  function initSubmit(form) {
    // The server already makes a second submission with the same token the same case;
    // this only spares the resident a confusing second wait.
    form.addEventListener("submit", function () {
      var button = form.querySelector("[data-submit]");
      window.setTimeout(function () { button.disabled = true; button.textContent = "正在提交……"; }, 0);
    });
  }

  document.querySelectorAll("[data-appeal-form]").forEach(function (form) {
    var picker = form.querySelector("[data-region-picker]");
    if (picker) initPicker(picker);
    initLocate(form);
    initSubmit(form);
  });
})();

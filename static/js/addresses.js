/*
 * SOR Admin, address fields: the town of a postnummer shown beside it as soon as four digits
 * are typed ("3540 Lynge"), from our own look-up (addresses.views.postal_code_lookup; the browser
 * never calls a third party). Works on forms swapped in by htmx too. An enhancement only: the
 * server checks the postnummer again on save.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var lookupUrl = script ? script.getAttribute("data-postal-code-url") : "";
  var SELECTOR = '.sor-address input[name$="_postal_code"]';
  var known = {};

  function cityFor(input) {
    var id = input.id + "_city";
    var city = document.getElementById(id);
    if (!city) {
      city = document.createElement("span");
      city.id = id;
      city.className = "sor-address__city";
      city.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", city);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? described + " " + id : id);
    }
    return city;
  }

  function show(input, text, unknown) {
    var city = cityFor(input);
    city.textContent = text;
    city.classList.toggle("sor-address__city--unknown", !!unknown);
  }

  function update(input) {
    var nr = input.value.trim();
    if (!/^\d{4}$/.test(nr)) {
      show(input, "", false);
      return;
    }
    if (known[nr]) {
      show(input, known[nr].text, known[nr].unknown);
      return;
    }
    if (!lookupUrl || !window.fetch) {
      return;
    }
    fetch(lookupUrl + "?postnr=" + encodeURIComponent(nr), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        var answer = data.found
          ? { text: data.tekst, unknown: false }
          : { text: data.error || "", unknown: true };
        if (data.found || data.error) {
          known[nr] = answer;
        }
        if (input.value.trim() === nr) {
          show(input, answer.text, answer.unknown);
        }
      })
      .catch(function () {
        /* no town then; the server checks on save */
      });
  }

  function init(root) {
    var inputs = (root || document).querySelectorAll(SELECTOR);
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value) {
        update(inputs[i]);
      }
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(SELECTOR)) {
      update(event.target);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    init(event.target);
  });
})();

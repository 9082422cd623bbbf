/*
 * SOR Admin, address fields: the town of a postnummer shown beside it as soon as four digits
 * are typed ("3540 Lynge"), and the Husnummer field's suggestions for the street typed, both from
 * our own look-ups (addresses.views.postal_code_lookup and house_number_options; the browser never
 * calls a third party). Works on forms swapped in by htmx too. An enhancement only: the server
 * checks the whole address again on save.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var lookupUrl = script ? script.getAttribute("data-postal-code-url") : "";
  var houseNumberUrl = script ? script.getAttribute("data-house-number-url") : "";
  var SELECTOR = '.sor-address input[name$="_postal_code"]';
  var HOUSE_NUMBER = '.sor-address input[name$="_house_number"]';
  var known = {};
  var timers = {};

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

  function sibling(input, part) {
    return input.form ? input.form.elements[input.name.replace(/_house_number$/, "_" + part)] : null;
  }

  function suggestHouseNumbers(input) {
    var postcode = sibling(input, "postal_code");
    var street = sibling(input, "street_name");
    if (!houseNumberUrl || !window.fetch || !postcode || !street || !street.value.trim()) {
      return;
    }
    var listId = input.id + "-options";
    var list = document.getElementById(listId);
    if (!list) {
      list = document.createElement("datalist");
      list.id = listId;
      input.insertAdjacentElement("afterend", list);
      input.setAttribute("list", listId);
      input.setAttribute("autocomplete", "off");
    }
    var query = "?postnr=" + encodeURIComponent(postcode.value.trim()) +
      "&vejnavn=" + encodeURIComponent(street.value.trim()) +
      "&q=" + encodeURIComponent(input.value.trim());
    fetch(houseNumberUrl + query, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        // Server-rendered <option> elements, escaped there (format_html).
        list.innerHTML = html;
      })
      .catch(function () {
        /* no suggestions then */
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
    var target = event.target;
    if (target.matches && target.matches(SELECTOR)) {
      update(target);
    } else if (target.matches && target.matches(HOUSE_NUMBER)) {
      clearTimeout(timers[target.id]);
      timers[target.id] = setTimeout(function () {
        suggestHouseNumbers(target);
      }, 200);
    }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(HOUSE_NUMBER)) {
      suggestHouseNumbers(event.target);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    init(event.target);
  });
})();
